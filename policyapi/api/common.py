"""The path converter every blueprint uses for ids."""

from typing import Any

from werkzeug.routing import BaseConverter

ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._~-]{0,499}"


class IdConverter(BaseConverter):
    """Path ids: slugs and citation ids. Anything else is simply not found."""

    regex = ID_PATTERN


def id_converter_doc(_converter: BaseConverter) -> dict[str, Any]:
    return {"type": "string", "pattern": f"^{ID_PATTERN}$", "maxLength": 500}
