"""The search language of `q`, the same on every route and engine.

    judicial warrant        every word must match (stemmed: `warrants` finds `warrant`)
    "judicial warrant"      the words next to each other, in this order
    detainer OR warrant     either word (OR in capitals; a lowercase "or" is a stop word)
    sanctuary -trump        leave out what matches a word (or a "-quoted phrase")
    ICE's                   a possessive is its word: `ice`

A word that punctuation splits (`co-operate`, `U.S.`) is a phrase of its parts. A query is
parsed into a `Query` whose `key` is its normal form: queries that mean the same (`Warrant`,
`warrants the`) share it, so caches and selects are keyed by it. Caps bound the work of one
query by construction: MAX_CHARACTERS and MAX_WORDS (stop words counted, as typed).
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from policyapi.search import tokens

MAX_CHARACTERS = 200
MAX_WORDS = 10
# A quoted phrase (a missing closing quote ends it at the end of q), or a run of other text.
CHUNK = re.compile(r'(-?)"([^"]*)"?|(\S+)')


class QueryError(ValueError):
    """q is not a query this language can run; the message says why, for a 422."""


@dataclass(frozen=True, order=True)
class Phrase:
    """Terms that must appear next to each other in this order (one term: a plain word)."""

    terms: tuple[str, ...]

    @property
    def text(self) -> str:
        return self.terms[0] if len(self.terms) == 1 else '"' + " ".join(self.terms) + '"'


@dataclass(frozen=True)
class Query:
    """Every group must match (a group: any of its phrases), and no excluded phrase may."""

    groups: tuple[tuple[Phrase, ...], ...]
    excluded: tuple[Phrase, ...]

    @property
    def key(self) -> str:
        """The normal form: equal for queries that find the same items in the same order."""
        parts = [" OR ".join(p.text for p in group) for group in self.groups]
        return " ".join(parts + ["-" + p.text for p in self.excluded])

    @property
    def positive_terms(self) -> tuple[str, ...]:
        """Every term a match may be ranked by, once each, sorted."""
        return tuple(sorted({t for group in self.groups for p in group for t in p.terms}))


def check_caps(q: str) -> None:
    """Refuse a query over the caps, naming the cap."""
    if len(q) > MAX_CHARACTERS:
        raise QueryError(f"has {len(q)} characters; a search is at most {MAX_CHARACTERS}")
    count = len(tokens.words(q))
    if count > MAX_WORDS:
        raise QueryError(f"has {count} words; a search is at most {MAX_WORDS} words")


@lru_cache(maxsize=4096)
def parse(q: str) -> Query:
    """The query `q` means, or a QueryError saying why it is refused."""
    check_caps(q)
    groups: list[list[Phrase]] = []
    excluded: list[Phrase] = []
    joining = False  # the previous chunk was OR: the next phrase joins the last group
    stop_words_only = False
    for match in CHUNK.finditer(q):
        quoted_minus, quoted, bare = match.groups()
        if bare == "OR":
            joining = bool(groups)
            continue
        negated = bool(quoted_minus) or (bare is not None and bare.startswith("-"))
        text = quoted if quoted is not None else bare.lstrip("-")
        found = tuple(tokens.terms(text))
        if not found:
            stop_words_only = stop_words_only or bool(tokens.words(text))
            continue
        phrase = Phrase(found)
        if negated:
            excluded.append(phrase)
        elif joining:
            groups[-1].append(phrase)
        else:
            groups.append([phrase])
        joining = False
    if not groups:
        if excluded:
            raise QueryError("only excludes words; add a word to find")
        if stop_words_only:
            raise QueryError(
                "has only stop words (such as the, of, and), which search leaves out; "
                "add a word to find"
            )
        raise QueryError("must contain at least one letter or digit")
    normal = {tuple(sorted(set(group))) for group in groups}
    return Query(tuple(sorted(normal)), tuple(sorted(set(excluded))))
