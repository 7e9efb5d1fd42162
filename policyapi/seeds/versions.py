"""A provision's versions as table rows, checked; and the version each citation was made against.

Versions are listed oldest first and must not overlap: each one ends (`valid_to`, exclusive) on
or before the day the next begins. Only the first may leave its start open and only the last
its end. Dates compare by their first day (policyapi/legaltime.py).
"""

from collections.abc import Callable, Sequence
from typing import Any

from policyapi.legaltime import first_day, version_on
from policyapi.models.provision_version import version_id
from policyapi.vocab import TextState

# (field, message) about one provision: its file and id are known to the caller.
Report = Callable[[str, str], None]


def _text_state(version: dict[str, Any]) -> str:
    state = version["text_state"]
    return str(state or (TextState.FULL if version["text"] else TextState.NOT_READ).value)


def version_rows(
    provision_id: str,
    versions: Sequence[dict[str, Any]],
    events: Sequence[dict[str, Any]],
    report: Report,
) -> list[dict[str, Any]]:
    """The provision_versions rows of one provision, reporting every problem found."""
    _check_dates(versions, report)
    kinds = {event["type"] for event in events}
    rows = []
    for number, version in enumerate(versions, start=1):
        made_by = version["made_by"] or {}
        if made_by and made_by["document"] is None and made_by["event"] not in kinds:
            report(
                "versions.made_by.event",
                f"version {number}: its document has no {made_by['event']!r} event; add the "
                "event to the document's events, or name the instrument in made_by.document",
            )
        rows.append(
            {
                "id": version_id(provision_id, number),
                "provision_id": provision_id,
                "number": number,
                "valid_from": version["valid_from"],
                "valid_to": version["valid_to"],
                "made_by_event": made_by.get("event"),
                "made_by_document_id": made_by.get("document"),
                "summary": version["summary"],
                "text": version["text"],
                "text_state": _text_state(version),
                "confidence": version["confidence"],
                "confidence_note": version["confidence_note"],
                "note": version["note"],
                "evidence": version["evidence"],
            }
        )
    return rows


def _check_dates(versions: Sequence[dict[str, Any]], report: Report) -> None:
    last = len(versions)
    for number, version in enumerate(versions, start=1):
        start, end = version["valid_from"], version["valid_to"]
        if start is None and number > 1:
            report("versions.valid_from", f"version {number}: only the first may have no start")
        if end is None and number < last:
            report(
                "versions.valid_to",
                f"version {number}: only the last may be open-ended; give the day version "
                f"{number + 1} replaced it",
            )
        if start and end and first_day(end) <= first_day(start):
            report(
                "versions.valid_to",
                f"version {number}: valid_to {end} is not after valid_from {start}",
            )
    for number, (older, newer) in enumerate(zip(versions, versions[1:], strict=False), start=1):
        end, start = older["valid_to"], newer["valid_from"]
        if end and start and first_day(start) < first_day(end):
            report(
                "versions",
                f"version {number} runs to {end}, after version {number + 1} begins on {start}: "
                "list versions oldest first, without overlap",
            )


def current(row: dict[str, Any], versions: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A provision row whose summary, text and text_state are its last version's."""
    last = versions[-1]
    return {**row, **{name: last[name] for name in ("summary", "text", "text_state")}}


class _Dated:
    def __init__(self, row: dict[str, Any]) -> None:
        self.number: int = row["number"]
        self.valid_from: str | None = row["valid_from"]
        self.valid_to: str | None = row["valid_to"]


def link_citations(tables: dict[str, list[dict[str, Any]]]) -> None:
    """Give each citation the version of its provision in force when its statement was made.

    The statement's `said_on` dates it, else its article's `published_on`.
    """
    published = {a["id"]: a.get("published_on") for a in tables["articles"]}
    said = {
        s["id"]: s.get("said_on") or published.get(s["article_id"]) for s in tables["statements"]
    }
    versions: dict[str, list[_Dated]] = {}
    for row in tables["provision_versions"]:
        versions.setdefault(row["provision_id"], []).append(_Dated(row))
    for citation in tables["citations"]:
        provision_id = citation["provision_id"]
        citation["provision_version"] = (
            None
            if provision_id is None
            else version_on(versions.get(provision_id, ()), said.get(citation["statement_id"]))
        )
