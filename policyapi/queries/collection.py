"""A collection: its typed rows, its filters and its order, queried one keyset page at a time.

Every collection reads the same way: a select built once per shape of its filters (values bound
as parameters), a total counted once per dataset version and filter values, a page bounded by
its keyset, one item by id. Each query module declares its collection with the parts that differ.
"""

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import sqlalchemy as sa

from policyapi.queries.common import Built, Selects, params_of, totals_key
from policyapi.queries.fetch import fetch
from policyapi.queries.keyset import Keyset, Page, PageRequest, Totals, count, page_rows

F = TypeVar("F")
R = TypeVar("R")
Where = list[sa.ColumnElement[bool]]


class Collection(Generic[F, R]):
    def __init__(
        self,
        name: str,
        row_type: type[R],
        keyset: Keyset,
        select: Callable[[Where], sa.Select[Any]],
        where: Callable[[F], Where],
        *,
        params: Callable[[F], dict[str, Any]] = params_of,
        item_select: Callable[[Where], sa.Select[Any]] | None = None,
    ) -> None:
        self.name = name  # also its export table's
        self.row_type = row_type
        self.keyset = keyset
        self.select = select
        self.where = where
        self.params = params
        self._id = keyset.columns[-1]  # the last sort column is the row's id
        self._selects = Selects(self._build)
        self._by_id = (item_select or select)([self._id == sa.bindparam("item_id")])

    def _build(self, filters: F) -> Built:
        where = self.where(filters)
        return Built(self.select(where), sa.select(self._id).where(*where))

    def list(
        self, conn: sa.Connection, filters: F, request: PageRequest, totals: Totals
    ) -> Page[R]:
        """One page of the rows matching `filters`, in the collection's order."""
        built, params = self._selects.get(filters), self.params(filters)
        total = totals(totals_key(self.name, params), lambda: count(conn, built.counted, params))
        return page_rows(conn, built.rows, self.keyset, params, request, self.row_type, total)

    def get(self, conn: sa.Connection, item_id: str) -> R | None:
        """One row by its id."""
        found = fetch(conn, self._by_id, {"item_id": item_id}, self.row_type)
        return found[0] if found else None
