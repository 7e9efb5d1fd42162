"""The public JSON of a suggester answer (documented by schemas/suggest.py)."""

from typing import TYPE_CHECKING, Any

from policyapi.representations.json import document_ref
from policyapi.suggest.version import MODEL_NAME, MODEL_VERSION
from policyapi.web.endpoints import Endpoint as E
from policyapi.web.links import Links

if TYPE_CHECKING:  # scikit-learn loads only in processes that suggest (suggest/cache.py)
    from policyapi.suggest.model import Answer, Suggestion


def _suggestion(links: Links, suggestion: "Suggestion") -> dict[str, Any]:
    target = suggestion.target
    document = document_ref(links, target.document_id, target.document_title)
    provision = target.provision
    return {
        "provision": None
        if provision is None
        else {
            "id": provision.id,
            "url": links.item(E.PROVISION, provision.id),
            "number": provision.number,
            "heading": provision.heading,
            "document": document,
        },
        "document": document,
        "score": suggestion.score,
        "evidence": [
            {
                "provision_field": e.provision_field,
                "start": e.start,
                "end": e.end,
                "matched": e.matched,
            }
            for e in suggestion.evidence
        ],
        "relation": None
        if suggestion.relation is None
        else {"value": suggestion.relation.value, "score": suggestion.relation.score},
    }


def answer(links: Links, answer: "Answer", dataset_version: str) -> dict[str, Any]:
    """The answer of a model built from the data of `dataset_version` (a fingerprint)."""
    return {
        "results": [_suggestion(links, s) for s in answer.results],
        "abstain": answer.abstain,
        "model": {
            "name": MODEL_NAME,
            "version": MODEL_VERSION,
            "dataset_version": dataset_version,
        },
    }
