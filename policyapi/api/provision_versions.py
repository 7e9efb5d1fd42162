"""A provision's versions, one version, and what changed between two (legal time)."""

from collections.abc import Callable
from typing import Any

from flask import Response

from flask_smorest import abort

from policyapi.api.responses import json_response
from policyapi.db import connect
from policyapi.errors import found
from policyapi.queries import provisions, versions
from policyapi.queries.provisions import ProvisionRow
from policyapi.queries.versions import History, VersionRow
from policyapi.representations import json
from policyapi.representations import versions as version_json
from policyapi.web.links import Links, links


def _with_history(
    provision_id: str, answer: Callable[[Links, dict[str, Any], History], Any]
) -> Response:
    """Answer from a provision's reference and history (a 404 for an unknown provision)."""
    with connect() as conn:
        row: ProvisionRow = found(
            provisions.PROVISIONS.get(conn, provision_id), "provision", provision_id
        )
        history = versions.histories_of(conn, [row])[row.id]
    links_ = links()
    ref = json.provision_ref(links_, row.id, row.number, row.eid, row.heading)
    return json_response(answer(links_, ref, history))


def _numbered(history: History, provision_id: str, number: int) -> VersionRow:
    version = history.number(number)
    if version is None:
        count = len(history.versions)
        has = f"its versions are 1 to {count}" if count > 1 else "it has one version, 1"
        abort(404, message=f"Provision {provision_id} has no version {number}: {has}")
        raise AssertionError("abort() raises")
    return version


def history(provision_id: str) -> Response:
    """Every version of a provision, oldest first."""
    return _with_history(provision_id, version_json.history)


def version(provision_id: str, number: int) -> Response:
    """One version of a provision."""

    def answer(links_: Links, ref: dict[str, Any], found_history: History) -> Any:
        row = _numbered(found_history, provision_id, number)
        current = row.number == found_history.current.number
        return version_json.version(links_, ref, row, current)

    return _with_history(provision_id, answer)


def diff(provision_id: str, old: int, new: int) -> Response:
    """What changed from version `old` to version `new` of a provision."""

    def answer(links_: Links, ref: dict[str, Any], found_history: History) -> Any:
        before = _numbered(found_history, provision_id, old)
        after = _numbered(found_history, provision_id, new)
        return version_json.diff(links_, ref, found_history, before, after)

    return _with_history(provision_id, answer)
