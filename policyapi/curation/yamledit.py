"""Change a few fields of a curated YAML file in place, leaving every other line as it is.

A round trip through a YAML library would re-wrap and re-quote the whole file and drop its
comments; a curator's diff should show only the anchors that changed.
"""

import re
from typing import Any

import yaml


class EditError(Exception):
    """The file is not laid out as expected; nothing is written."""


def _render(key: str, value: Any, indent: int) -> list[str]:
    dumped = yaml.safe_dump(
        {key: value},
        allow_unicode=True,
        width=100 - indent,
        sort_keys=False,
        default_flow_style=False,
    )
    # Blank lines inside a quoted scalar stay blank (no trailing spaces).
    return [
        " " * indent + line if line.strip() else line for line in dumped.splitlines(keepends=True)
    ]


def _field(
    lines: list[str], first: int, last: int, key: str, indent: int
) -> tuple[int, int] | None:
    """The lines [start, end) holding `key:` at this indent between first and last."""
    pattern = re.compile(rf"^ {{{indent}}}{re.escape(key)}:(\s|$)")
    for i in range(first, last):
        if pattern.match(lines[i]):
            end = i + 1
            while end < last and (
                not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip(" ")) > indent
            ):
                end += 1
            return i, end
    return None


def _block(lines: list[str], record_id: str) -> tuple[int, int, int]:
    """The lines of the list item `- id: record_id`, and the indent of its keys."""
    start_pattern = re.compile(rf"^( *)- id: ['\"]?{re.escape(record_id)}['\"]?\s*$")
    for i, line in enumerate(lines):
        match = start_pattern.match(line)
        if match:
            item_indent = len(match.group(1))
            end = i + 1
            while end < len(lines):
                stripped = lines[end].lstrip(" ")
                depth = len(lines[end]) - len(stripped)
                if stripped.strip() and (
                    depth < item_indent or (depth == item_indent and stripped.startswith("- "))
                ):
                    break
                end += 1
            return i, end, item_indent + 2
    raise EditError(f"no record '- id: {record_id}' found")


def set_fields(
    text: str, record_id: str | None, values: dict[str, Any], *, after: str = "text"
) -> str:
    """The YAML text with these fields of one list record (or the top level, for None) set.

    A field not there yet is added after the field named by `after`.
    """
    lines = text.splitlines(keepends=True)
    if record_id is None:
        first, last, indent = 0, len(lines), 0
    else:
        first, last, indent = _block(lines, record_id)
    for key, value in values.items():
        where = _field(lines, first, last, key, indent)
        if where is None:
            anchor = _field(lines, first, last, after, indent)
            if anchor is None:
                raise EditError(f"{record_id}: no {after!r} field to add {key!r} after")
            where = (anchor[1], anchor[1])
        after = key  # the next new field goes after this one, keeping the given order
        rendered = _render(key, value, indent)
        lines[where[0] : where[1]] = rendered
        last += len(rendered) - (where[1] - where[0])
    return "".join(lines)
