"""A document's provision route takes an eid; given a number or an id instead, say which eid.

`/v1/documents/{doc}/provisions/N02` (the printed number) or `.../newark-...-n02` (the id) is
a 308 to `.../sec_2`, its query kept. A bare number (`2`) or a close spelling is ambiguous
between schemes, so it stays a 404 whose detail names the eid it probably means.
"""

import difflib
import re

from flask import Response

from flask_smorest import abort

from policyapi.queries.provisions import Designation
from policyapi.web.endpoints import Endpoint as E
from policyapi.web.links import links, permanent_redirect


def _digits(value: str) -> str | None:
    found = "".join(re.findall(r"\d+", value)).lstrip("0")
    return found or None


def _exact(given: str, designations: list[Designation]) -> Designation | None:
    folded = given.casefold()
    for designation in designations:
        if designation.id == given or (designation.number or "").casefold() == folded:
            return designation
    return None


def _probable(given: str, designations: list[Designation]) -> list[Designation]:
    """Provisions a bare number or a misspelt eid most likely means (none when unclear)."""
    digits = _digits(given)
    if given.isdigit() and digits:
        return [d for d in designations if _digits(d.number or "") == digits][:3]
    eids = [d.eid for d in designations]
    close = difflib.get_close_matches(given, eids, n=3, cutoff=0.6)
    return [d for d in designations if d.eid in close]


def redirect_or_explain(document_id: str, given: str, designations: list[Designation]) -> Response:
    """A 308 to the eid route when `given` is a number or id of the document, else a 404."""
    exact = _exact(given, designations)
    if exact is not None:
        return permanent_redirect(
            links().to(E.DOCUMENT_PROVISION, document_id=document_id, eid=exact.eid)
        )
    detail = f"No provision with eid {given!r} in document {document_id!r}."
    probable = _probable(given, designations)
    if probable:
        named = ", ".join(f"{d.eid!r} (number {d.number})" for d in probable)
        detail += f" This route takes an eid: did you mean {named}?"
    elif designations:
        first = designations[0]
        detail += (
            f" This route takes an eid such as {first.eid!r}; a provision's number "
            f"({first.number!r}) or id is redirected to it."
        )
    abort(404, message=detail)
    raise AssertionError("abort() raises")
