"""A hit's snippet: a window of its text around the first match, and where the matches are.

Made in Python from the stored text and tokens.py's analyser, so it is the same on every
engine. Offsets count code points in `text` (Python string indexes, as anchors do).
"""

import html
from dataclasses import dataclass

from policyapi.search.tokens import WORD, term_of

SNIPPET_WORDS = 24
WORDS_BEFORE = 4  # of context before the first match
ELLIPSIS = "…"


@dataclass(frozen=True)
class Snippet:
    text: str
    highlights: tuple[tuple[int, int], ...]  # [start, end) in `text`

    def html(self) -> str:
        """The snippet HTML-escaped, matches in <mark> tags (stored text never injects markup)."""
        parts, done = [], 0
        for start, end in self.highlights:
            parts += [html.escape(self.text[done:start]), "<mark>"]
            parts += [html.escape(self.text[start:end]), "</mark>"]
            done = end
        parts.append(html.escape(self.text[done:]))
        return "".join(parts)


def snippet(body: str, wanted: frozenset[str]) -> Snippet:
    """SNIPPET_WORDS words of `body` from a little before its first word with a `wanted` term."""
    spans = [(m.start(), m.end(), term_of(m.group())) for m in WORD.finditer(body)]
    if not spans:
        return Snippet(body.strip()[:200], ())
    first = next((i for i, span in enumerate(spans) if span[2] in wanted), 0)
    begin = max(0, first - WORDS_BEFORE)
    stop = min(len(spans), begin + SNIPPET_WORDS)
    start = 0 if begin == 0 else spans[begin][0]
    end = len(body) if stop == len(spans) else spans[stop - 1][1]
    prefix = "" if begin == 0 else ELLIPSIS + " "
    suffix = "" if stop == len(spans) else " " + ELLIPSIS
    text = prefix + body[start:end].strip() + suffix
    shift = len(prefix) - start - (len(body[start:end]) - len(body[start:end].lstrip()))
    highlights = tuple((s + shift, e + shift) for s, e, term in spans[begin:stop] if term in wanted)
    return Snippet(text, highlights)
