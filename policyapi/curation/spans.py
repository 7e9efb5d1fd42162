"""Paragraphs and sentences of an article as code-point spans of its exact text."""

import re
from dataclasses import dataclass
from functools import cache

import pysbd


@dataclass(frozen=True)
class Span:
    start: int
    end: int


# A paragraph is a maximal run of non-empty lines (the seeds' convention, 0-based).
_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")


def paragraphs(text: str) -> list[Span]:
    """Every paragraph of the text, in order."""
    return [Span(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]


def paragraph_of(paras: list[Span], offset: int) -> int:
    """The index of the paragraph holding offset (the last one starting before it)."""
    index = 0
    for i, para in enumerate(paras):
        if para.start <= offset:
            index = i
    return index


@cache
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def trim(text: str, start: int, end: int) -> Span:
    """The span without the whitespace at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def sentences(text: str, start: int, end: int) -> list[Span]:
    """The sentences of text[start:end] (pysbd), trimmed, as spans of the whole text."""
    found = []
    for piece in _segmenter().segment(text[start:end]):
        span = trim(text, start + piece.start, start + piece.end)
        if span.end > span.start:
            found.append(span)
    return found
