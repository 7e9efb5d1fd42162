"""The public JSON of provision versions: a version, its reference, `as_of`, and a diff.

Part of the representations (see json.py): one function per shape, from typed rows.
"""

from typing import Any

from policyapi.models.provision_version import version_id
from policyapi.queries.provisions import ProvisionRow
from policyapi.queries.versions import AsOf, History, VersionRow
from policyapi.vocab import VersionMatch
from policyapi.web.endpoints import Endpoint as E
from policyapi.web.links import Links
from policyapi.worddiff import word_diff

# What a diff lists as field changes besides the word diffs of summary and text.
DIFFED_FIELDS = (
    "valid_from",
    "valid_to",
    "made_by_event",
    "made_by_document_id",
    "text_state",
    "confidence",
    "confidence_note",
    "note",
)
NOTES = {
    VersionMatch.IN_FORCE: "Version {n} was in force on {day}.",
    VersionMatch.NOT_IN_FORCE: (
        "No recorded version was in force on {day}: shown is version {n}, the latest begun "
        "by then (or the first, when the day precedes them all)."
    ),
    VersionMatch.UNDATED: (
        "No version history is recorded for this provision: shown is its one known version, "
        "whose dates are not recorded."
    ),
}


def version_url(links: Links, provision_id: str, number: int) -> str:
    return links.to(E.PROVISION_VERSION, provision_id=provision_id, number=number)


def version_ref(links: Links, version: VersionRow, current: bool) -> dict[str, Any]:
    made_by = None
    if version.made_by_event is not None:
        document = None
        if version.made_by_document_id is not None:
            document = {
                "id": version.made_by_document_id,
                "url": links.item(E.DOCUMENT, version.made_by_document_id),
                "title": version.made_by_document_title or "",
            }
        made_by = {"event": version.made_by_event, "document": document}
    return {
        "id": version_id(version.provision_id, version.number),
        "url": version_url(links, version.provision_id, version.number),
        "number": version.number,
        "recorded": version.recorded,
        "current": current,
        "valid_from": version.valid_from,
        "valid_to": version.valid_to,
        "made_by": made_by,
    }


def _links(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"url": e.get("url"), "note": e.get("note")} for e in entries]


def version(
    links: Links, provision: dict[str, Any], row: VersionRow, current: bool
) -> dict[str, Any]:
    """A version with what it said; `provision` is the provision's reference."""
    return {
        **version_ref(links, row, current),
        "provision": provision,
        "summary": row.summary,
        "text": row.text,
        "text_state": row.text_state,
        "confidence": row.confidence,
        "confidence_note": row.confidence_note,
        "note": row.note,
        "evidence": _links(row.evidence),
    }


def history(links: Links, provision: dict[str, Any], versions: History) -> dict[str, Any]:
    """Every version of a provision, oldest first."""
    last = versions.current.number
    return {
        "provision": provision,
        "current": last,
        "versions": [version(links, provision, v, v.number == last) for v in versions.versions],
    }


def as_of(links: Links, chosen: AsOf) -> dict[str, Any]:
    """Which version answers for the day asked, and why."""
    return {
        "date": chosen.day.isoformat(),
        "match": chosen.choice.match,
        "version": version_ref(links, chosen.version, chosen.current),
        "note": NOTES[chosen.choice.match].format(n=chosen.version.number, day=chosen.day),
    }


def in_force_row(row: ProvisionRow, chosen: AsOf | None) -> ProvisionRow:
    """The provision as its chosen version worded it (itself without a choice)."""
    if chosen is None:
        return row
    v = chosen.version
    return row._replace(summary=v.summary, text=v.text, text_state=v.text_state)


def _words(old: str | None, new: str | None) -> dict[str, Any]:
    changes = word_diff(old, new)
    return {
        "changed": any(c.op != "equal" for c in changes),
        "changes": [{"op": c.op, "old": c.old, "new": c.new} for c in changes],
    }


def diff(
    links: Links, provision: dict[str, Any], versions: History, old: VersionRow, new: VersionRow
) -> dict[str, Any]:
    """What changed from one version to another: words of summary and text, other fields."""
    last = versions.current.number
    old_values, new_values = old._asdict(), new._asdict()
    return {
        "provision": provision,
        "from": version_ref(links, old, old.number == last),
        "to": version_ref(links, new, new.number == last),
        "summary": _words(old.summary, new.summary),
        "text": _words(old.text, new.text),
        "fields": [
            {"field": name, "old": old_values[name], "new": new_values[name]}
            for name in DIFFED_FIELDS
            if old_values[name] != new_values[name]
        ],
        "evidence": {
            "added": _links([e for e in new.evidence if e not in old.evidence]),
            "removed": _links([e for e in old.evidence if e not in new.evidence]),
        },
    }
