"""Releases and changes answered: the release list and items, the change feed in its five
representations (one query for each page), and each release's stored files."""

from datetime import date
from typing import Any

import sqlalchemy as sa

from flask import Response, current_app, request

from flask_smorest import abort

from policyapi.api.known import known_ids
from policyapi.api.responses import Listing, filters_of, json_response
from policyapi.db import connect
from policyapi.errors import not_found
from policyapi.queries import catalog, releases
from policyapi.queries.keyset import never_count
from policyapi.queries.releases import ChangeFilters, ChangeRow, ReleaseRow
from policyapi.representations import feeds, json
from policyapi.web import caching, negotiation
from policyapi.web.endpoints import Endpoint as E
from policyapi.web.links import Links, links

# No such release: the bound lies past every one (nothing matches) or before all.
PAST_ALL = 2**31 - 1


def _current_version() -> str:
    """The version being served, read from the dataset fingerprint (no query)."""
    return caching.dataset_fingerprint().split("+", 1)[0]


def _render_releases(_conn: sa.Connection, links_: Links, rows: list[ReleaseRow]) -> list[Any]:
    current = _current_version()
    return [json.release(links_, row, current) for row in rows]


def _render_changes(_conn: sa.Connection, links_: Links, rows: list[ChangeRow]) -> list[Any]:
    return [json.change(links_, row) for row in rows]


RELEASES = Listing(releases.RELEASES_LIST, _render_releases)
CHANGES = Listing(releases.CHANGES_LIST, _render_changes)


def release(version: str) -> Response:
    with connect() as conn:
        row = releases.RELEASES_LIST.get(conn, version)
    if row is None:
        not_found("release", version)
    return json_response(json.release(links(), row, _current_version()))


def _sequence_of(version: str, field: str | None) -> int:
    """A release's sequence (remembered per dataset version), else a 422 naming the query
    field, or a 404 for a release named in the path (field None)."""

    def look_up() -> int:
        with connect() as conn:
            found = releases.release_bound(conn, version)
        return found.sequence if found is not None else 0

    sequence = caching.cached_total(("release", version), look_up)
    if sequence == 0 and field is None:
        not_found("release", version)
    if sequence == 0:
        abort(422, errors={field: [f"no release {version} has been loaded (see /v1/releases)"]})
    return sequence


def _sequence_on(day: date, since: bool) -> int:
    """The first release dated on or after `day` (since), or the last on or before (until)."""

    def look_up() -> int:
        with connect() as conn:
            if since:
                found = releases.first_released_since(conn, day)
            else:
                found = releases.last_released_until(conn, day)
        return found.sequence if found is not None else 0

    return caching.cached_total(("release on", day, since), look_up)


def _bounds(args: dict[str, Any]) -> dict[str, int]:
    """`since` and `until` (versions or dates) as release sequences: after < s <= through."""
    bounds: dict[str, int] = {}
    since, until = args.get("since"), args.get("until")
    if since is not None:
        if "-" in since:
            first = _sequence_on(date.fromisoformat(since), since=True)
            bounds["after"] = first - 1 if first else PAST_ALL
        else:
            bounds["after"] = _sequence_of(since, "since")
    if until is not None:
        if "-" in until:
            bounds["through"] = _sequence_on(date.fromisoformat(until), since=False)
        else:
            bounds["through"] = _sequence_of(until, "until")
    return bounds


def _feed_title() -> str:
    """The feed named by what it follows: its path and filters."""
    named = [
        f"{name}={','.join(values)}"
        for name, values in sorted(request.args.to_dict(flat=False).items())
        if name not in ("cursor", "page_size", "format")
    ]
    subject = request.path.rsplit("/", 1)[-1] if "..." in request.path else "changes"
    return f"policyapi: {subject}" + (f" ({'; '.join(named)})" if named else "")


def changes(args: dict[str, Any], **fixed: Any) -> Response:
    """The change list as JSON, CSV, NDJSON, Atom or JSON Feed: the same rows in each."""
    filters = filters_of(ChangeFilters, args, **_bounds(args), **fixed)
    _known_terms(filters)
    known_ids(args, changes=True)
    chosen = negotiation.chosen()
    if chosen not in (negotiation.ATOM, negotiation.JSON_FEED):
        return CHANGES.answer(filters, args)
    # Feeds show no total: their page costs one query.
    page, items = CHANGES.page(filters, args, never_count)
    title = _feed_title()
    # From the link builder, not request.url: werkzeug turns a punycode Host into Unicode there
    # and ignores PUBLIC_BASE_URL.
    self_url = links().path(request.path, request.args.to_dict(flat=False))
    alternate = links().path(request.path, _without_format(request.args.to_dict(flat=False)))
    next_url = CHANGES.page_url(page)
    if chosen is negotiation.ATOM:
        body = feeds.atom(
            items,
            title=title,
            self_url=self_url,
            alternate_url=alternate,
            next_url=next_url,
            # An empty page is dated by the release it was read from: one more query, only then.
            fallback_day=None if items else _latest_day(),
        )
        return current_app.response_class(body, mimetype=chosen.media_type)
    return json_response(
        feeds.json_feed(
            items, title=title, self_url=self_url, alternate_url=alternate, next_url=next_url
        )
    )


def _known_terms(filters: ChangeFilters) -> None:
    """Vocabularies are checked as on the collections (an unknown topic is a 422), and a term
    a release removed is still known here: its changes are what one asks for."""
    for field, ids_of in (("topic", catalog.topic_ids), ("doc_type", catalog.doc_type_ids)):
        wanted = getattr(filters, field)
        if not wanted:
            continue
        with connect() as conn:
            known = set(ids_of(conn)) | set(releases.subject_values(conn, field))
        unknown = [value for value in wanted if value not in known]
        if unknown:
            names = ", ".join(map(repr, unknown))
            abort(422, errors={field: [f"unknown {field}(s) {names}; see /v1/meta"]})


def _without_format(args: dict[str, list[str]]) -> dict[str, list[str]]:
    return {name: values for name, values in args.items() if name != "format"}


def _latest_day() -> str | None:
    """The current release's date: an empty feed is as new as the data it was read from."""
    with connect() as conn:
        found = releases.latest_day(conn)
    return None if found is None or found.released_on is None else str(found.released_on)


def release_diff(first: str, last: str, args: dict[str, Any]) -> Response:
    """What changed after release `first` up to and including `last`."""
    after = _sequence_of(first, None)
    through = _sequence_of(last, None)
    if through < after:
        abort(422, errors={"last": [f"{last} was released before {first}"]})
    return changes(args, after=after, through=through)


def stored_file(version: str, path: str) -> Response:
    """A file of a release's data package, the bytes it was served with."""
    with connect() as conn:
        found = releases.stored_file(conn, version, path)
        if found is None:
            known = releases.RELEASES_LIST.get(conn, version)
    if found is None:
        if known is None:
            not_found("release", version)
        if known.files_stored:
            abort(404, message=f"Release {version} has no file {path}.")
        abort(
            410,
            message=(
                f"Release {version}'s files are not stored: it was loaded before releases "
                "were kept, or the operator pruned them (`policyapi releases prune`)."
            ),
        )
        raise AssertionError("abort() raises")
    response: Response = current_app.response_class(found.content, mimetype=found.media_type)
    return response


def citable_url(conn: sa.Connection, version: str) -> str:
    """Where a citation of `version` points: its stored package, which outlives later releases
    (the live package for a dataset loaded without releases: synthetic)."""
    if releases.package_stored(conn, version):
        return links().item(E.RELEASE_PACKAGE, version)
    return links().to(E.DATA_PACKAGE)


def current_release(conn: sa.Connection, version: str) -> dict[str, Any] | None:
    found = releases.release_day(conn, version)
    return None if found is None else json.release_ref(links(), found.version, found.released_on)
