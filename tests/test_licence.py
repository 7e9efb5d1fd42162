"""Licences: the code's in LICENSE, the data's wherever the data goes."""

import tomllib
from pathlib import Path

import pytest
import yaml

from flask import Flask
from flask.testing import FlaskClient

ROOT = Path(__file__).resolve().parent.parent


def data_licence() -> dict[str, str]:
    licence: dict[str, str] = yaml.safe_load((ROOT / "seeds" / "dataset.yaml").read_text())[
        "licence"
    ]
    return licence


def test_license_file_is_the_code_licence_of_pyproject() -> None:
    code_licence = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]
    text = (ROOT / "LICENSE").read_text()
    assert text.splitlines()[0] == f"{code_licence} License"
    assert data_licence()["id"] in text  # and it says the data is not under it


def test_readme_states_both_licences() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "[`LICENSE`](LICENSE)" in readme
    assert data_licence()["id"] in readme and data_licence()["name"] in readme


@pytest.mark.parametrize(
    "path",
    [
        "/v1/export/statements.csv",
        "/v1/export/topics.ndjson",
        "/v1/export/topics.json",
        "/v1/provisions?format=csv",
        "/v1/datapackage.json",
    ],
)
def test_every_export_names_the_data_licence(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert f'<{data_licence()["url"]}>; rel="license"' in response.headers.getlist("Link")


def test_package_names_the_data_licence(client: FlaskClient) -> None:
    [licence] = client.get("/v1/datapackage.json").get_json()["licenses"]
    assert licence == {
        "name": data_licence()["id"],
        "title": data_licence()["name"],
        "path": data_licence()["url"],
    }


def test_written_export_has_the_data_licence_beside_it(app: Flask, tmp_path: Path) -> None:
    result = app.test_cli_runner().invoke(args=["export", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "LICENSE.md").read_text()
    assert data_licence()["name"] in text and data_licence()["url"] in text
