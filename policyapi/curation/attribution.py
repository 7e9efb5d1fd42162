"""Reporting cues: who said it and how ('Baraka said', '..., he said in 2017', 'saying ...').

A cue is a reporting verb with its subject, found outside quotation marks. Where the cue sits
decides what the statement is: before the words (the whole sentence is the statement), after
them (the statement stops before the cue), or as a participle ('..., saying X': the statement
is the participle clause).
"""

import re
from dataclasses import dataclass

from policyapi.curation.spans import Span
from policyapi.curation.speakers import NAME_RUN

VERBS = [
    "said",
    "says",
    "say",
    "told",
    "wrote",
    "writes",
    "argued",
    "argues",
    "denied",
    "denies",
    "added",
    "stated",
    "claimed",
    "contended",
    "contends",
    "insisted",
    "insists",
    "maintained",
    "maintains",
    "noted",
    "explained",
    "explains",
    "warned",
    "warns",
    "asserted",
    "asserts",
    "declared",
    "declares",
    "announced",
    "announces",
    "acknowledged",
    "acknowledges",
    "alleged",
    "alleges",
    "tweeted",
    "testified",
    "replied",
    "responded",
    "countered",
    "conceded",
    "recalled",
    "predicted",
    "promised",
    "vowed",
    "complained",
    "cautioned",
    "stressed",
    "urged",
    "admitted",
]
PARTICIPLES = [
    "saying",
    "arguing",
    "adding",
    "noting",
    "writing",
    "claiming",
    "insisting",
    "warning",
]
PRONOUNS = {"he", "she", "they"}
_VERB = re.compile(r"\b(?:has |have |had )?(" + "|".join(VERBS) + r")\b")
# '..., saying X', '..., according to Y' and a sentence opening 'According to Y, ...'.
_PARTICIPLE = re.compile(r"(?:^|,\s+)(" + "|".join(PARTICIPLES) + r"|[Aa]ccording to)\b")
_DETERMINED = (
    r"(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+(?:[\w.\u2019'-]+\s+){0,2}[\w\u2019'-]+"
)
_SUBJECT = (
    r"(?P<subject>" + NAME_RUN.pattern + r"|\b[Hh]e|\b[Ss]he|\b[Tt]hey|\b" + _DETERMINED + r")"
)
# The subject right before the verb: maybe an aside between commas, maybe an adverb.
_SUBJECT_BEFORE = re.compile(
    _SUBJECT
    + r"(?:\s*,[^,\"\u201c\u201d]{1,60},)?[\s\u00a0]+(?:(?:also|then|later|again|once)\s+)*$"
)
_SUBJECT_AFTER = re.compile(r"^[\s\u00a0]+" + _SUBJECT)
_CLOSERS = ',"\u201d\u2019'


@dataclass(frozen=True)
class Cue:
    """A reporting verb, its subject as written, and where the cue begins and ends."""

    start: int
    end: int
    verb: str
    subject: str | None
    placement: str  # leading | trailing | inside | participle


def _outside(spans: list[Span], start: int, end: int) -> bool:
    return all(end <= s.start or start >= s.end for s in spans)


def find_cue(text: str, sentence: Span, quoted: list[Span]) -> Cue | None:
    """The first reporting cue of the sentence that lies outside its quotations."""
    body = text[sentence.start : sentence.end]
    participle = _PARTICIPLE.search(body)
    for match in _VERB.finditer(body):
        verb_start = sentence.start + match.start()
        if not _outside(quoted, verb_start, sentence.start + match.end()):
            continue
        if participle and participle.start() < match.start():
            break
        cue = _cue_at(text, sentence, match, quoted)
        if cue is not None:
            return cue
    if participle and _outside(quoted, *(sentence.start + i for i in participle.span())):
        start = sentence.start + participle.start(1)
        subject = (
            _SUBJECT_AFTER.match(body[participle.end() :]) if "ccording" in participle[1] else None
        )
        return Cue(
            start,
            sentence.start + participle.end(),
            participle[1],
            subject["subject"] if subject else None,
            "participle",
        )
    return None


def _cue_at(text: str, sentence: Span, match: re.Match[str], quoted: list[Span]) -> Cue | None:
    verb_start = sentence.start + match.start()
    verb_end = sentence.start + match.end()
    before = text[sentence.start : verb_start]
    subject = _SUBJECT_BEFORE.search(before)
    if subject is not None:
        start = sentence.start + subject.start()
        placement = _placement(text, sentence, start)
        end = sentence.end if placement == "trailing" else verb_end
        return Cue(start, end, match[1], subject["subject"], placement)
    after = _SUBJECT_AFTER.match(text[verb_end : sentence.end])
    if after is not None and before.rstrip()[-1:] in _CLOSERS:
        # '..." said Baraka.'
        start = verb_start
        return Cue(start, sentence.end, match[1], after["subject"], "trailing")
    return None


def _placement(text: str, sentence: Span, start: int) -> str:
    head = text[sentence.start : start].rstrip()
    if not head or re.fullmatch(r"[A-Z][A-Z .,]*\s*[\u2014\u2013-]", head):
        return "leading"  # at the start, or after a dateline ('NEWARK —')
    return "trailing" if head[-1] in _CLOSERS else "inside"


def is_pronoun(subject: str) -> bool:
    return subject.lower() in PRONOUNS
