"""The `policyapi` console script: Flask's command group over this app's commands (cli.py)."""

from typing import Any

import click
from flask.cli import FlaskGroup

from policyapi import create_app
from policyapi.db import DatabaseGone


class PolicyapiGroup(FlaskGroup):
    """The `policyapi` command; `synth` is imported only when it runs, never by a worker."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), "synth"})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name == "synth":
            from policyapi.synth.command import synth_command

            return synth_command
        command: click.Command | None = super().get_command(ctx, name)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DatabaseGone as gone:
            # Any job (export, prune, migrations) whose server went silent: one line, not a
            # traceback whose driver error blames the server for closing the connection.
            raise click.ClickException(str(gone)) from None


main = PolicyapiGroup(
    name="policyapi",
    create_app=create_app,
    add_version_option=False,
    load_dotenv=False,
    help="Serve and curate the policyapi dataset.",
)


if __name__ == "__main__":
    main()
