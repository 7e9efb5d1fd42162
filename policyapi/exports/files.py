"""Export files: the byte streams the API serves, and the same bytes written to a folder."""

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from policyapi.exports.encode import Format, Row, encode
from policyapi.exports.licence import LICENCE_FILE, licence_text
from policyapi.exports.package import (
    PACKAGE_FILE,
    build_descriptor,
    descriptor_bytes,
    resource_path,
)
from policyapi.exports.rows import iter_batches, iter_chunks, table_order, table_select
from policyapi.exports.tables import ExportTable

Progress = Callable[[int], object]


def _counted(batches: Iterable[Sequence[Row]], progress: Progress) -> Iterator[Sequence[Row]]:
    for batch in batches:
        yield batch
        progress(len(batch))


def table_chunks(
    bind: sa.Engine | sa.Connection,
    table: ExportTable,
    fmt: Format,
    progress: Progress | None = None,
    chunk_seconds: float | None = None,
) -> Iterator[bytes]:
    """The export of one whole table, streamed chunk by chunk.

    From an engine each chunk is its own short read of one release (ReleaseChanged if a
    release lands mid-stream); through a connection, one read in its transaction.
    """
    dialect = bind.dialect.name
    batches: Iterable[Sequence[Row]]
    if isinstance(bind, sa.Connection):
        batches = iter_batches(bind, table_select(table, dialect))
    else:
        query = table_select(table, dialect)
        batches = iter_chunks(bind, query, table_order(table, dialect), None, chunk_seconds)
    if progress is not None:
        batches = _counted(batches, progress)
    return encode(table, fmt, batches)


def _write(path: Path, chunks: Iterable[bytes]) -> None:
    """Write all chunks, then move the file into place: never leave half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    with partial.open("wb") as file:
        for chunk in chunks:
            file.write(chunk)
    partial.replace(path)


def write_descriptor(engine: sa.Engine, out: Path) -> Path:
    """Write datapackage.json and the data's LICENSE.md into `out`; NoDataset before a load."""
    with Session(engine) as session:
        descriptor = build_descriptor(session)
    path = out / PACKAGE_FILE
    _write(path, [descriptor_bytes(descriptor)])
    _write(out / LICENCE_FILE, [licence_text(descriptor).encode()])
    return path


def write_table(
    engine: sa.Engine,
    out: Path,
    table: ExportTable,
    fmt: Format,
    progress: Progress | None = None,
) -> Path:
    """Write one table's export where the package's relative path points."""
    path = out / resource_path(table, fmt)
    _write(path, table_chunks(engine, table, fmt, progress))
    return path
