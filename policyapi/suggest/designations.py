"""Provisions a text names by label: "section 3", "§ III.A", "paragraph (b) of section 4", "N05".

A label is compared as its parts ("4(b)", "4.b" and "4-B" are all 4, b). A provision can be
named two ways:

- by its document's own label after a designator word ("section 3", "§§ 2 and 5", "point 12",
  "paragraph 4(b)", "subsection A of section III"): only where the label is the document's own
  (label_scheme official). An editorial number is this dataset's, not the document's, so
  "section 3" of an order whose numbering nobody found names nothing;
- by a label that cannot be an ordinary word or number, written as is ("N05", "III.A", "3(b)",
  "2-104"): any provision whose number that is, editorial or not, since only someone reading
  this dataset's labels writes "N05".
"""

import re
from collections.abc import Iterable, Iterator

from policyapi.vocab import Numbering

Parts = tuple[str, ...]

_DESIGNATOR = (
    r"§§?|sections?|secs?\.?|subsections?|subsecs?\.?|paragraphs?|paras?\.?|subparagraphs?|"
    r"points?|articles?|arts?\.?|clauses?|items?|parts?|chapters?|rules?|recitals?"
)
# One label: a number (with a letter: "4a"), a roman numeral or one letter, then more parts
# joined by dots or hyphens or in parentheses ("4(b)(ii)", "III.A", "2-104"); or only
# parenthesised parts ("(b)"). It must end where a word ends.
_LABEL = (
    r"(?:(?:\d+[a-z]?|[ivxlcdm]+|[a-z])(?:[.\-][0-9a-z]+|\([0-9a-z]+\))*"
    r"|(?:\([0-9a-z]+\))+)(?![\w(])"
)
_LIST = rf"{_LABEL}(?:\s*(?:,|,?\s+(?:and|or))\s*{_LABEL})*"
DESIGNATED = re.compile(
    rf"(?P<designator>{_DESIGNATOR})\s*(?P<labels>{_LIST})"
    rf"(?:\s+of\s+(?:the\s+)?(?:{_DESIGNATOR})\s*(?P<parent>{_LABEL}))?",
    re.IGNORECASE,
)
_ONE_LABEL = re.compile(rf"(?<!\w){_LABEL}", re.IGNORECASE)
# A label written without a designator: letters and digits mixed, or parts joined ("N05",
# "III.A", "3(b)", "2-104"); plain numbers and words are not labels on their own.
BARE = re.compile(r"(?<![\w.\-(])[0-9a-z]+(?:[.\-][0-9a-z]+|\([0-9a-z]+\))*(?![\w(])", re.I)
_PART = re.compile(r"[0-9a-z]+", re.IGNORECASE)
_PREFIX = re.compile(rf"^\s*(?:{_DESIGNATOR})\s*", re.IGNORECASE)


def parts(label: str) -> Parts:
    """A label as its parts, lower-cased, numbers without leading zeros: "§ 4(B)" is (4, b)."""
    found = _PART.findall(_PREFIX.sub("", label))
    return tuple((p.lstrip("0") or "0") if p.isdigit() else p.casefold() for p in found)


def _pronoun(designator: str, label: str) -> bool:
    """ "an article I wrote": a lone capital I after a lower-case word is the pronoun."""
    return label == "I" and designator[:1].islower()


def designated(text: str) -> set[Parts]:
    """The labels `text` names after a designator word, as parts."""
    found: set[Parts] = set()
    for match in DESIGNATED.finditer(text):
        designator = match.group("designator")
        parent = parts(match.group("parent")) if match.group("parent") else ()
        for label in _ONE_LABEL.findall(match.group("labels")):
            if not _pronoun(designator, label):
                found.add(parent + parts(label))
    return found


def citable(label: str) -> bool:
    """Whether a label cannot be an ordinary word or number: "N02", "III.A", "3(b)", "2-104";
    not "12", "III" or "(b)", which only a designator word makes a label."""
    found = parts(label)
    mixed = any(p.isalnum() and not p.isdigit() and not p.isalpha() for p in found)
    return len(found) >= 2 or mixed


def bare(text: str) -> set[Parts]:
    """The words of `text` that could be citable labels, as parts."""
    return {parts(m.group()) for m in BARE.finditer(text) if citable(m.group())}


class Designations:
    """Which targets each label names; built once per suggester."""

    def __init__(self) -> None:
        self.official: dict[Parts, list[int]] = {}
        self.citable: dict[Parts, list[int]] = {}

    def add(self, target: int, number: str, scheme: str, parent_numbers: Iterable[str]) -> None:
        """Register a provision: its number, label scheme and its ancestors' numbers (outermost
        first), so "4(b)" names a paragraph numbered "(b)" under section "4"."""
        own = parts(number)
        if not own:
            return
        if scheme == Numbering.OFFICIAL:
            path: Parts = ()
            for ancestor in parent_numbers:
                path += parts(ancestor)
            # "3(b)" under "3" is printed whole; "(b)" under "4" is named as "4(b)".
            key = own if own[: len(path)] == path else path + own
            self.official.setdefault(key, []).append(target)
        if citable(number):
            self.citable.setdefault(own, []).append(target)

    def named(self, text: str) -> Iterator[list[int]]:
        """The targets `text` names, one list per label it names (in several documents, a
        label names several targets)."""
        if not self.official and not self.citable:
            return
        said = designated(text)
        for key in said:
            if key in self.official:
                yield self.official[key]
        for key in said | bare(text):
            if key in self.citable:
                yield self.citable[key]
