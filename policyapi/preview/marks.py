"""Highlight spans of a text as nested <mark> elements, the text itself left exactly as it is.

Statements nest (a quote inside a paraphrase), so a span inside another becomes a <mark> inside
its <mark>. Spans that cross (only in data with a problem) cannot nest: the inner one is closed
and reopened, so each still covers exactly its own characters.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    key: str
    start: int
    end: int


def _order(span: Span) -> tuple[int, int, str]:
    # Outer spans first: earlier start, then later end.
    return (span.start, -span.end, span.key)


def highlight(
    text: str, first: int, last: int, spans: Sequence[Span], open_tag: Callable[[Span], Markup]
) -> Markup:
    """`text[first:last]`, escaped, with every span (clipped to it) wrapped in a mark."""
    clipped = [
        Span(s.key, max(s.start, first), min(s.end, last))
        for s in spans
        if s.start < last and s.end > first and s.start < s.end
    ]
    bounds = sorted({first, last, *(s.start for s in clipped), *(s.end for s in clipped)})
    out: list[str] = []
    stack: list[Span] = []
    for here, there in zip(bounds, bounds[1:], strict=False):
        wanted = sorted((s for s in clipped if s.start <= here < s.end), key=_order)
        keep = 0
        while keep < min(len(stack), len(wanted)) and stack[keep] == wanted[keep]:
            keep += 1
        out.extend("</mark>" for _ in stack[keep:])
        out.extend(open_tag(span) for span in wanted[keep:])
        stack = wanted
        out.append(escape(text[here:there]))
    out.extend("</mark>" for _ in stack)
    return Markup("".join(out))  # noqa: S704  # nosec B704  # every piece escaped or a tag
