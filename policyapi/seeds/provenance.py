"""Citation provenance in the seeds: who or what made each link, and whether it is published.

A citation in the files is `reviewed` (curated or checked by a person) unless it says
`status: suggested` (proposed by a model, with its score). Reviewed citations take their
reviewer and date from the dataset's `citation_review` block unless they name their own, so
the hand-curated files need no per-citation noise. Suggestions are validated like any citation
but published only when a load asks for them.
"""

from datetime import date
from typing import Any

from policyapi.vocab import CitationStatus


def provenance(citation: dict[str, Any]) -> dict[str, Any]:
    """The citation row's provenance columns from a validated seed citation."""
    model = citation["suggested_by"] or {}
    reviewed_on = citation["reviewed_on"]
    return {
        "status": citation["status"],
        "score": citation["score"],
        "suggested_by_name": model.get("name"),
        "suggested_by_version": model.get("version"),
        "reviewed_by": citation["reviewed_by"],
        "reviewed_on": date.fromisoformat(reviewed_on) if reviewed_on else None,
    }


def unreviewed(citation: dict[str, Any]) -> str:
    """The warning `seed check` gives for a suggestion nobody has reviewed."""
    model = citation["suggested_by"]
    score = citation["score"]
    scored = f", score {score:.2f}" if score is not None else ""
    return (
        f"suggested by {model['name']} {model['version']}{scored}, not reviewed: it is "
        "published only by seed load --include-suggested; review it and set status: reviewed"
    )


def apply_review(rows: list[dict[str, Any]], review: dict[str, str]) -> None:
    """Reviewed citations that name no reviewer were reviewed as the dataset says."""
    reviewed_on = date.fromisoformat(review["reviewed_on"])
    for row in rows:
        if row["status"] == CitationStatus.REVIEWED and row["reviewed_by"] is None:
            row["reviewed_by"] = review["reviewed_by"]
            if row["reviewed_on"] is None:
                row["reviewed_on"] = reviewed_on


def withhold_suggestions(tables: dict[str, list[dict[str, Any]]]) -> int:
    """Drop the suggested citations from `tables`; return how many were dropped."""
    rows = tables["citations"]
    kept = [row for row in rows if row["status"] != CitationStatus.SUGGESTED]
    tables["citations"] = kept
    return len(rows) - len(kept)
