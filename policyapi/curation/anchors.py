"""Find a statement again in a corrected or recaptured text, or say that it cannot be found.

Steps, stopping at the first that is sure: the exact words (one place, or the one place whose
context matches best); the recorded prefix and suffix, which bound the words between them;
the words with quotation marks, punctuation, case and spacing ignored; a bounded fuzzy match
(rapidfuzz) that must be close, unique and snapped to word boundaries. Anything else is an
orphan, listed with its best candidates: an anchor is never guessed.
"""

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from policyapi.curation.quotes import MARKS
from policyapi.curation.selectors import prefix_of, suffix_of

# Similarity (0-100) a fuzzy or context-bounded match must reach to be written.
FUZZY_SCORE = 90.0
CONTEXT_SCORE = 80.0
# How much better than the runner-up a match must be to count as the only one.
MARGIN = 8.0
# Context characters that must agree for an exact match found once to count as the same words.
MIN_CONTEXT = 4
QUOTATION_MARKS = MARKS + "'\u2018\u2019"


@dataclass(frozen=True)
class Anchor:
    """A statement's recorded position and words."""

    id: str
    start: int
    end: int
    text: str
    prefix: str | None = None
    suffix: str | None = None


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    score: float
    text: str


@dataclass
class Found:
    """What became of one anchor: unchanged, moved, repaired or orphaned."""

    anchor: Anchor
    status: str
    start: int | None = None
    end: int | None = None
    method: str | None = None
    reason: str | None = None
    candidates: list[Candidate] = field(default_factory=list)
    new_text: str | None = None


def _occurrences(haystack: str, needle: str) -> list[int]:
    found, at = [], haystack.find(needle)
    while at != -1 and needle:
        found.append(at)
        at = haystack.find(needle, at + 1)
    return found


def _common_length(a: str, b: str) -> int:
    """How many characters two strings share from their start."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _context_score(text: str, anchor: Anchor, start: int, end: int) -> int:
    """How many letters and digits of the recorded context agree next to a place, on both
    sides (quotation marks, punctuation, case and spacing aside: a recapture changes those)."""
    score = 0
    if anchor.prefix:
        before, recorded = _fold(prefix_of(text, start))[0], _fold(anchor.prefix)[0]
        score += _common_length(before[::-1], recorded[::-1])
    if anchor.suffix:
        score += _common_length(_fold(suffix_of(text, end))[0], _fold(anchor.suffix)[0])
    return score


def _best_by_context(
    text: str, anchor: Anchor, places: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The one place whose context agrees clearly best, if there is one."""
    if anchor.prefix is None and anchor.suffix is None:
        return None
    scored = sorted(((_context_score(text, anchor, s, e), (s, e)) for s, e in places), reverse=True)
    best, runner_up = scored[0][0], scored[1][0] if len(scored) > 1 else -1
    if best >= MIN_CONTEXT and best > runner_up + MIN_CONTEXT:
        return scored[0][1]
    return None


def _fold(text: str) -> tuple[str, list[int]]:
    """Letters and digits only, lower-cased, with each one's offset in the text."""
    kept = [(ch.lower(), i) for i, ch in enumerate(text) if ch.isalnum()]
    return "".join(ch for ch, _ in kept), [i for _, i in kept]


def _edges(words: str) -> tuple[int, int]:
    """How many non-word characters the words begin and end with ('"It ... town,' -> 1, 1)."""
    lead = len(words) - len(re.sub(r"^\W+", "", words))
    trail = len(words) - len(re.sub(r"\W+$", "", words))
    return lead, trail


def _takes(ch: str, edge: str) -> bool:
    """Whether a widening takes this mark: punctuation, and a quotation mark only when the old
    words had one at that edge (a statement's own quotation marks usually lie outside it)."""
    if ch.isalnum() or ch.isspace():
        return False
    return ch not in QUOTATION_MARKS or any(mark in edge for mark in QUOTATION_MARKS)


def _widen(text: str, start: int, end: int, words: str) -> tuple[int, int]:
    """Take in as many punctuation marks on each side as the old words had there."""
    lead, trail = _edges(words)
    head, tail = words[:lead], words[len(words) - trail :]
    while lead and start > 0 and _takes(text[start - 1], head):
        start, lead = start - 1, lead - 1
    while trail and end < len(text) and _takes(text[end], tail):
        end, trail = end + 1, trail - 1
    return start, end


class _Finder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.folded, self.offsets = _fold(text)

    def find(self, anchor: Anchor) -> Found:
        for step in (self.exact, self.context, self.normalised, self.fuzzy):
            found = step(anchor)
            if found is not None:
                return found
        return Found(
            anchor, "orphaned", reason="no close match", candidates=self.candidates(anchor)
        )

    def exact(self, anchor: Anchor) -> Found | None:
        places = [(s, s + len(anchor.text)) for s in _occurrences(self.text, anchor.text)]
        if not places:
            return None
        place = places[0] if len(places) == 1 else _best_by_context(self.text, anchor, places)
        if place is None:
            return self.orphan(anchor, "the words occur more than once", places)
        if place == (anchor.start, anchor.end):
            return Found(anchor, "unchanged", anchor.start, anchor.end, "exact")
        known = anchor.prefix is not None or anchor.suffix is not None
        if len(places) == 1 and known and _context_score(self.text, anchor, *place) < MIN_CONTEXT:
            return self.orphan(anchor, "the words occur once, but not in their context", places)
        return Found(anchor, "moved", place[0], place[1], "exact")

    def context(self, anchor: Anchor) -> Found | None:
        if not anchor.prefix or not anchor.suffix:
            return None
        bounded = []
        for p in _occurrences(self.text, anchor.prefix):
            start = p + len(anchor.prefix)
            for s in _occurrences(self.text, anchor.suffix):
                if start <= s <= start + 2 * len(anchor.text) + 16:
                    bounded.append((start, s))
        if len(bounded) != 1:
            return None
        start, end = bounded[0]
        if fuzz.ratio(anchor.text, self.text[start:end]) < CONTEXT_SCORE:
            return None  # its context now holds other words: the words may be elsewhere
        return Found(anchor, "repaired", start, end, "context")

    def normalised(self, anchor: Anchor) -> Found | None:
        needle, _ = _fold(anchor.text)
        hits = _occurrences(self.folded, needle)
        if not needle or not hits:
            return None
        places = [
            _widen(self.text, self.offsets[h], self.offsets[h + len(needle) - 1] + 1, anchor.text)
            for h in hits
        ]
        place = places[0] if len(places) == 1 else _best_by_context(self.text, anchor, places)
        if place is None:
            return self.orphan(anchor, "the words occur more than once", places)
        return Found(anchor, "repaired", place[0], place[1], "normalised")

    def fuzzy(self, anchor: Anchor) -> Found | None:
        ranked = self.candidates(anchor, 2)
        if not ranked or ranked[0].score < FUZZY_SCORE:
            return None
        if len(ranked) > 1 and ranked[1].score > ranked[0].score - MARGIN:
            return self.orphan(anchor, "two places match about as well", ranked)
        return Found(anchor, "repaired", ranked[0].start, ranked[0].end, "fuzzy")

    def candidates(self, anchor: Anchor, most: int = 3) -> list[Candidate]:
        """The best non-overlapping places for the words, each snapped to word boundaries."""
        masked = self.text
        found: list[Candidate] = []
        for _ in range(most):
            hit = fuzz.partial_ratio_alignment(anchor.text, masked)
            if hit is None or hit.score <= 0:
                break
            start, end = self.snap(anchor.text, hit.dest_start, hit.dest_end)
            score = fuzz.ratio(anchor.text, self.text[start:end])
            if end > start:
                found.append(Candidate(start, end, score, self.text[start:end]))
            masked = masked[:start] + "\0" * (end - start) + masked[end:]
        return sorted(found, key=lambda c: -c.score)

    def snap(self, words: str, start: int, end: int) -> tuple[int, int]:
        """Move a window's edges to the word boundaries that match the words best."""
        reach = max(4, len(words) // 10)
        starts = [
            s
            for s in range(max(0, start - reach), min(len(self.text), start + reach) + 1)
            if s == 0 or not self.text[s - 1].isalnum() or not self.text[s].isalnum()
        ] or [start]
        ends = [
            e
            for e in range(max(0, end - reach), min(len(self.text), end + reach) + 1)
            if e == len(self.text) or not self.text[e].isalnum() or not self.text[e - 1].isalnum()
        ] or [end]
        best = max(
            (
                (fuzz.ratio(words, self.text[s:e]), -abs(s - start) - abs(e - end), s, e)
                for s in starts
                for e in ends
                if e > s
            ),
            default=(0.0, 0, start, end),
        )
        return best[2], best[3]

    def orphan(
        self, anchor: Anchor, reason: str, places: list[tuple[int, int]] | list[Candidate]
    ) -> Found:
        candidates = [
            p
            if isinstance(p, Candidate)
            else Candidate(
                p[0], p[1], fuzz.ratio(anchor.text, self.text[p[0] : p[1]]), self.text[p[0] : p[1]]
            )
            for p in places
        ]
        return Found(anchor, "orphaned", reason=reason, candidates=candidates[:5])


def reanchor(text: str, anchors: list[Anchor]) -> list[Found]:
    """Find every anchor in the text; each is found surely or orphaned."""
    finder = _Finder(text)
    results = [finder.find(anchor) for anchor in anchors]
    for found in results:
        if found.start is not None and found.end is not None:
            found.new_text = text[found.start : found.end]
    return results
