"""Words of a text with their code-point offsets, stemmed for matching (English).

The same analysis serves the TF-IDF indexes (a list of stems) and the evidence spans (where
each stem sits in a provision field), so what is scored is exactly what is shown as matched.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# Letters and digits, with inner apostrophes, hyphens and dots kept ("287(g)" gives "287", "g";
# "III.A" stays one word, as provision numbers are printed).
WORD = re.compile(r"[^\W_]+(?:['\u2019.\-][^\W_]+)*")
_STEMMER = snowballstemmer.stemmer("english")
# A few words every policy text about immigration uses: they tell no provision from another.
DOMAIN_STOP_WORDS = frozenset({"said", "says", "city", "order", "policy", "policies"})
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | DOMAIN_STOP_WORDS


@dataclass(frozen=True)
class Word:
    stem: str
    start: int
    end: int


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem of one lower-cased word ("warrants" and "warrant" meet)."""
    return str(_STEMMER.stemWord(word.replace("\u2019", "'")))


def words(text: str) -> list[Word]:
    """The content words of `text`, in order, with their offsets (stop words left out)."""
    found = []
    for match in WORD.finditer(text):
        lowered = match.group().lower()
        if lowered in STOP_WORDS or len(lowered) < 2 and not lowered.isdigit():
            continue
        found.append(Word(stem(lowered), match.start(), match.end()))
    return found


def stems(text: str) -> list[str]:
    """The analyser the TF-IDF indexes use: content-word stems, in order."""
    return [word.stem for word in words(text)]
