"""A word-level diff of two texts, by the standard library's difflib (no diff of our own)."""

import difflib
from typing import NamedTuple


class Change(NamedTuple):
    """One run of words: `equal`, `insert`, `delete` or `replace` (difflib's opcodes)."""

    op: str
    old: str
    new: str


def words(text: str | None) -> list[str]:
    return (text or "").split()


def word_diff(old: str | None, new: str | None) -> list[Change]:
    """The runs of words that stay, go, come or are replaced from `old` to `new`.

    Whitespace is not compared: a re-wrapped sentence is unchanged.
    """
    a, b = words(old), words(new)
    # autojunk would treat frequent words ("the", "of") as noise in texts of 200+ words.
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [
        Change(op, " ".join(a[i1:i2]), " ".join(b[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
