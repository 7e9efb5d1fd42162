"""Who a name in an article is: a speaker of speakers.yaml, or a new one for a person to review.

A name resolves by its full form, its first and last words, or its last word (a surname) when
only one speaker has it; a title ("the mayor") only when one speaker's roles carry it. A name
that resolves to no one becomes a stub `new:<slug>` that the draft marks for review.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

NEW_PREFIX = "new:"
# A run of capitalised words: a name, maybe with its title in front ("Acting ICE Director
# Matthew Albence", "U.S. Attorney William Barr"). Possessive endings are left out.
NAME_RUN = re.compile(r"(?:[A-Z][\w.\u2019'-]*[ \u00a0]+){0,5}[A-Z][\w\u2019'-]*[\w]")
# Capitalised words that open a sentence rather than a title ('When Baraka said').
NOT_TITLES = frozenset(
    [
        "A",
        "An",
        "And",
        "As",
        "At",
        "After",
        "But",
        "By",
        "For",
        "From",
        "He",
        "If",
        "In",
        "It",
        "Of",
        "On",
        "She",
        "So",
        "The",
        "Then",
        "They",
        "This",
        "To",
        "When",
        "While",
        "With",
    ]
)
POSSESSIVE = re.compile(r"['\u2019]s?$")


def slugify(name: str) -> str:
    """A lower-case slug of a name ('Jane Q. Doe' -> 'jane-q-doe')."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s\u00a0]+", name) if w]


def _is_initial(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]\.", word))


@dataclass(frozen=True)
class Mention:
    """A name as the article wrote it, who it is, and the title written before it."""

    speaker: str  # a speakers.yaml id, or new:<slug>
    name: str
    role_as_stated: str | None
    is_new: bool


@dataclass
class SpeakerIndex:
    """Aliases of the known speakers, and the new ones met while drafting one article."""

    aliases: dict[str, set[str]] = field(default_factory=dict)
    titles: dict[str, set[str]] = field(default_factory=dict)
    new: dict[str, str] = field(default_factory=dict)  # alias -> new:<slug>
    new_names: dict[str, str] = field(default_factory=dict)  # new:<slug> -> the full name

    @classmethod
    def from_speakers(cls, speakers: Iterable[dict[str, Any]]) -> "SpeakerIndex":
        index = cls()
        for speaker in speakers:
            sid, name = str(speaker["id"]), str(speaker["name"])
            for alias in cls._aliases_of(name, speaker.get("kind") == "person"):
                index.aliases.setdefault(alias.lower(), set()).add(sid)
            for role in speaker.get("roles") or []:
                title = str(role.get("title") or "")
                # "Mayor of Newark" is also "the mayor"; "Acting Director" also "the director".
                for form in {title, title.split(" of ")[0]}:
                    if form:
                        index.titles.setdefault(form.lower(), set()).add(sid)
        return index

    @staticmethod
    def _aliases_of(name: str, person: bool) -> set[str]:
        words = _words(name)
        aliases = {name, " ".join(w for w in words if not _is_initial(w))}
        if person and len(words) >= 2:
            aliases |= {f"{words[0]} {words[-1]}", words[-1]}
        return aliases

    def _known(self, alias: str) -> str | None:
        ids = self.aliases.get(alias.lower(), set())
        if len(ids) == 1:
            return next(iter(ids))
        return self.new.get(alias.lower())

    def title(self, phrase: str) -> str | None:
        """The one speaker whose role is this title ('the mayor'), if exactly one."""
        ids = self.titles.get(re.sub(r"^the\s+", "", phrase.strip(), flags=re.I).lower(), set())
        return next(iter(ids)) if len(ids) == 1 else None

    def resolve(self, run: str, *, allow_new: bool) -> Mention | None:
        """Who a run of capitalised words names; its leading words are the title as written."""
        words = _words(POSSESSIVE.sub("", run.strip()))
        for first in range(len(words)):
            alias = " ".join(words[first:])
            sid = self._known(alias)
            if sid is not None:
                name = self.new_names.get(sid, alias)
                return Mention(sid, name, _title(words[:first]), sid.startswith(NEW_PREFIX))
        if not allow_new or len(words) < 2:
            return None
        # A new person: the last two words are the name, the words before it the title.
        name = " ".join(words[-2:])
        stub = NEW_PREFIX + slugify(name)
        self.new[name.lower()] = stub
        self.new_names[stub] = name
        self.new.setdefault(words[-1].lower(), stub)
        return Mention(stub, name, _title(words[:-2]), True)


def _title(words: list[str]) -> str | None:
    """The title written before a name, without the words that merely open the sentence."""
    kept: list[str] = []
    for word in words:
        kept = [] if word in NOT_TITLES else [*kept, word]
    return " ".join(kept) or None
