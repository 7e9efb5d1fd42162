"""The path converters: ids, OCD division ids (which hold `/` and `:`) and release versions."""

from typing import Any

from werkzeug.routing import BaseConverter

ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._~-]{0,499}"


class IdConverter(BaseConverter):
    """Path ids: slugs and citation ids. Anything else is simply not found."""

    regex = ID_PATTERN


def id_converter_doc(_converter: BaseConverter) -> dict[str, Any]:
    return {"type": "string", "pattern": f"^{ID_PATTERN}$", "maxLength": 500}


# ocd-division/country:us/state:nj/place:newark
OCD_PATTERN = r"ocd-division(?:/[a-z_]{1,40}:[a-z0-9_.~-]{1,100}){1,8}"


class OcdConverter(BaseConverter):
    """An OCD division id in a path: its slashes are part of it."""

    regex = OCD_PATTERN
    part_isolating = False


def ocd_converter_doc(_converter: BaseConverter) -> dict[str, Any]:
    return {"type": "string", "pattern": f"^{OCD_PATTERN}$", "maxLength": 300}


# A release's semantic version: X.Y.Z (`1.0.0...1.1.0` is two of them).
VERSION_PATTERN = r"\d{1,9}\.\d{1,9}\.\d{1,9}"


class VersionConverter(BaseConverter):
    regex = VERSION_PATTERN


def version_converter_doc(_converter: BaseConverter) -> dict[str, Any]:
    return {
        "type": "string",
        "pattern": f"^{VERSION_PATTERN}$",
        "maxLength": 29,
        "example": "1.1.0",
    }
