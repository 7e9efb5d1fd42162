"""Direct quotations in an article: the spans between double quotation marks.

Straight and curly marks pair with each other (captured text mixes them), single marks are left
inside (they are nested quotations or apostrophes), and a quotation left open at the end of a
paragraph ends there: news style reopens a quotation that runs on into the next paragraph
without closing it.
"""

from dataclasses import dataclass

from policyapi.curation.spans import Span, trim

OPENING = "\u201c\u201e\u00ab"  # “ „ «
CLOSING = "\u201d\u00bb"  # ” »
EITHER = '"'
MARKS = OPENING + CLOSING + EITHER


@dataclass(frozen=True)
class Quote:
    """The words inside one pair of marks (marks excluded), and where the marks are."""

    start: int
    end: int
    paragraph: int
    open_mark: int
    close_mark: int | None  # None: left open at the paragraph's end

    @property
    def outer(self) -> Span:
        """The quotation with its marks."""
        return Span(self.open_mark, self.end if self.close_mark is None else self.close_mark + 1)


def find_quotes(text: str, paragraphs: list[Span]) -> list[Quote]:
    """Every quotation of every paragraph, in order."""
    found: list[Quote] = []
    for index, para in enumerate(paragraphs):
        opened: int | None = None
        for i in range(para.start, para.end):
            mark = text[i]
            if mark not in MARKS:
                continue
            if opened is None:
                if mark not in CLOSING:
                    opened = i
                continue
            if mark in OPENING:
                # A second opening mark: the first quotation was never closed.
                _add(found, text, index, opened, i, None)
                opened = i
                continue
            _add(found, text, index, opened, i, i)
            opened = None
        if opened is not None:
            _add(found, text, index, opened, para.end, None)
    return found


def _add(
    found: list[Quote], text: str, paragraph: int, opened: int, end: int, closed: int | None
) -> None:
    inner = trim(text, opened + 1, end)
    if inner.end > inner.start:
        found.append(Quote(inner.start, inner.end, paragraph, opened, closed))


def words(text: str) -> int:
    """How many words a piece of text has."""
    return len(text.split())
