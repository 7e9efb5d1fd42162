"""The one text analyser of search: what the index stores and what a query looks up.

Both engines index the terms made here (never their own stemmers), so a word matches the same
rows on SQLite and PostgreSQL. A term is a lowercased, Snowball-stemmed word of letters and
digits; a possessive 's is dropped (`ICE's` is `ice`), other apostrophes join the word
(`don't` is `dont`), every other character separates words, and stop words are not terms.
"""

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

import Stemmer

# Letters and digits (not "_"), joined by apostrophes inside a word.
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
POSSESSIVE = re.compile(r"['’][sS]$")
APOSTROPHE = re.compile(r"['’]")

# Function words too common to find anything. Our own short list (English): a query of only
# these is refused, so the list stays short and leaves out words a search may mean (us, will).
# fmt: off
STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has",
    "have", "he", "her", "his", "i", "if", "in", "into", "is", "it", "its", "of", "on", "or",
    "she", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "to", "was", "we", "were", "what", "when", "which", "who", "with",
))
# fmt: on

_stemmer = Stemmer.Stemmer("english")


class Token(NamedTuple):
    """A term and where its word is in the analysed text (code points, end exclusive)."""

    term: str
    start: int
    end: int


@lru_cache(maxsize=65536)
def term_of(word: str) -> str | None:
    """The index term of one word, or None for a stop word."""
    folded = unicodedata.normalize("NFKC", word).casefold()
    folded = APOSTROPHE.sub("", POSSESSIVE.sub("", folded))
    if not folded or folded in STOP_WORDS:
        return None
    term: str = _stemmer.stemWord(folded)
    return term


def tokens(text: str) -> Iterator[Token]:
    """The terms of `text` in order, with each word's span (stop words left out)."""
    for match in WORD.finditer(text):
        term = term_of(match.group())
        if term is not None:
            yield Token(term, match.start(), match.end())


def terms(text: str) -> list[str]:
    """The terms of `text` in order."""
    return [token.term for token in tokens(text)]


def words(text: str) -> list[str]:
    """Every word of `text`, stop words included (what the query caps count)."""
    return WORD.findall(text)
