"""An article's text cut into segments at every statement boundary, for the annotated page.

The text is never altered: the segments are slices of it at the statements' code-point
offsets, so joined they are the article's text, and a statement's own segments joined are
its text. Statements may nest (a quote inside narration); a segment belongs to the innermost
(shortest) statement covering it, and knows how many cover it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class Span(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def start_offset(self) -> int: ...
    @property
    def end_offset(self) -> int: ...


@dataclass(frozen=True)
class Segment:
    text: str
    statement_id: str | None  # the innermost statement covering it; None: no statement
    depth: int  # how many statements cover it
    first: bool  # the first segment of its statement (where its anchor goes)


def segments(text: str, spans: Sequence[Span]) -> list[Segment]:
    """`text` cut at every start and end offset, each piece with the statement it belongs to.

    One sweep over the cuts: the statements covering a piece are those started and not ended.
    """
    starts: dict[int, list[Span]] = {}
    ends: dict[int, list[Span]] = {}
    for span in spans:
        if 0 <= span.start_offset < span.end_offset <= len(text):  # empty spans cover nothing
            starts.setdefault(span.start_offset, []).append(span)
            ends.setdefault(span.end_offset, []).append(span)
    cuts = sorted({0, len(text), *starts, *ends})
    active: dict[str, Span] = {}
    started: set[str] = set()
    out: list[Segment] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        for span in ends.get(start, ()):
            active.pop(span.id, None)
        for span in starts.get(start, ()):
            active[span.id] = span
        inner = min(
            active.values(), key=lambda s: (s.end_offset - s.start_offset, s.id), default=None
        )
        first = inner is not None and inner.id not in started
        if inner is not None:
            started.add(inner.id)
        out.append(Segment(text[start:end], inner.id if inner else None, len(active), first))
    return out
