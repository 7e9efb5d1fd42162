"""Human labels on cards and the front page: vocabulary values, provisions' full labels."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple, Protocol

from policyapi.vocab import Numbering, ProvisionKind

CONFIDENCE_LABELS = {
    "confirmed": "Confirmed",
    "partly_confirmed": "Partly confirmed",
    "inferred": "Inferred",
    "unknown": "Unknown",
}
# Headings of a provision card's groups: the statements that ... it.
GROUP_LABELS = {
    "describes": "Describing it",
    "defends": "Defending it",
    "criticizes": "Criticizing it",
    "mentions": "Mentioning it",
}
# What a statement does to what it cites.
RELATION_LABELS = {
    "describes": "Describes",
    "defends": "Defends",
    "criticizes": "Criticizes",
    "mentions": "Mentions",
}


class Numbered(Protocol):
    """What a full label is built from (a provision row, or an outline row)."""

    @property
    def id(self) -> str: ...
    @property
    def parent_id(self) -> str | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def number(self) -> str: ...
    @property
    def label_scheme(self) -> str: ...


class Part(NamedTuple):
    """One provision's number as its full label shows it, and whether it is editorial."""

    token: str
    editorial: bool


@dataclass(frozen=True)
class FullLabel:
    """A provision's label with its ancestors' numbers, and the editorial ones among them."""

    text: str
    editorial: tuple[str, ...] = ()

    @property
    def editorial_note(self) -> str | None:
        """Which numbers in the label are editorial ("N02 is an editorial label"), or None."""
        if not self.editorial:
            return None
        if self.editorial == (self.text,):
            return f"{self.text} is an editorial label"
        if len(self.editorial) == 1:
            return f"In {self.text}, {self.editorial[0]} is an editorial label"
        listed = f"{', '.join(self.editorial[:-1])} and {self.editorial[-1]}"
        return f"In {self.text}, {listed} are editorial labels"


# Kinds labelled by what they are ("Recital 2"), never continuing their parent's label.
STANDALONE_KINDS: dict[str, str] = {
    ProvisionKind.PREFACE: "Preface",
    ProvisionKind.PREAMBLE: "Preamble",
    ProvisionKind.RECITAL: "Recital",
}
# A bare number: digits (with a letter), one letter or a roman numeral, maybe "(2)" or "2.".
BARE_NUMBER = re.compile(r"\(?([0-9]+[A-Za-z]?|[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+)\)?\.?")
Keep = Literal["all", "all_but_parent", "none"]


def standalone_label(kind: str, number: str) -> str | None:
    """A preamble's or recital's label ("Preamble", "Recital 2"; a worded number as printed),
    or None for the kinds whose label continues their parent's."""
    name = STANDALONE_KINDS.get(kind)
    if name is None:
        return None
    bare = BARE_NUMBER.fullmatch(number)
    if not number or (bare and kind in (ProvisionKind.PREFACE, ProvisionKind.PREAMBLE)):
        return name
    return f"{name} {bare.group(1)}" if bare else number


def _continues(number: str, prefix: str) -> bool:
    """`number` starts with `prefix`, and a numbering token ends there ("2" in "2-104")."""
    rest = number[len(prefix) :]
    return bool(prefix) and number.startswith(prefix) and not rest[:1].isalnum()


def join_label(parent: str, parent_number: str, number: str) -> tuple[str, Keep]:
    """A child's full label from its parent's full label and number, and its own number.

    The rule, in order (`parent` is the parent's full label):

    1. A number that repeats its parent's number, as codes print them, takes its place:
       "2-104" + "2-104(c)" -> "2-104(c)"; "2-104(c)" (number "(c)") + "(c)(1)" -> "2-104(c)(1)".
    2. A number with a space in it ("Section 5") is a label of its own, and so is one that
       repeats a captioned parent's number ("Chapter 2" + "2-104" -> "2-104").
    3. A number in parentheses is appended directly: "2-104" + "(c)" -> "2-104(c)".
    4. A bare lower-case number, or any number under a label ending in ")", is appended in
       parentheses, as codes write subdivisions: "2-104" + "c" -> "2-104(c)",
       "2-104(c)" + "1" -> "2-104(c)(1)".
    5. Anything else is joined with a dot, as outlines write it (a trailing dot on either side
       dropped): "III" + "A" -> "III.A", "III.A" + "1." -> "III.A.1".

    An empty number adds nothing to its parent's label.

    Returns:
        The label, and which of the parent label's parts it still shows.
    """
    if not number:
        return parent, "all"
    if _continues(number, parent_number) and parent.endswith(parent_number):
        return parent[: len(parent) - len(parent_number)] + number, "all_but_parent"
    if " " in number or (" " in parent_number and _continues(number, parent_number.split()[-1])):
        return number, "none"
    if number.startswith("("):
        return parent + number, "all"
    if parent.endswith(")") or (number.isalpha() and number.islower()):
        return f"{parent}({number.removesuffix('.')})", "all"
    return f"{parent.removesuffix('.')}.{number.removesuffix('.')}", "all"


def full_labels(rows: Iterable[Numbered]) -> dict[str, FullLabel]:
    """The full label of each provision in `rows`, which must hold their ancestors too.

    A provision's label is its parent's full label joined with its own number (join_label). A
    preamble or recital is labelled by its kind alone (standalone_label); a provision at the top
    level, or whose parent is missing from `rows`, or whose chain loops there, by its number.
    """
    by_id = {row.id: row for row in rows}
    done: dict[str, tuple[str, tuple[Part, ...]]] = {}

    def build(row: Numbered, seen: frozenset[str]) -> tuple[str, tuple[Part, ...]]:
        if row.id not in done:
            own = standalone_label(row.kind, row.number)
            parent = by_id.get(row.parent_id or "")
            editorial = row.label_scheme == Numbering.EDITORIAL
            if own is not None or parent is None or parent.id in seen:
                text = own or row.number or row.kind.capitalize()
                done[row.id] = (text, (Part(own or row.number, editorial),))
            else:
                above, parts = build(parent, seen | {row.id})
                text, keep = join_label(above, parent.number, row.number)
                kept = {"all": parts, "all_but_parent": parts[:-1], "none": ()}[keep]
                done[row.id] = (text, (*kept, Part(row.number, editorial)))
        return done[row.id]

    labels = {}
    for row_id, row in by_id.items():
        text, parts = build(row, frozenset())
        editorial = tuple(dict.fromkeys(p.token for p in parts if p.editorial and p.token))
        labels[row_id] = FullLabel(text, editorial)
    return labels
