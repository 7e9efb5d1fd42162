"""How good the suggester is: leave-one-statement-out over reviewed citations, held-out sentences.

Leave-one-statement-out rebuilds the whole suggester without the statement (its neighbour vote,
its re-ranker rows and its calibration rows all go), then ranks it: top-1, recall@3, and a
reliability table over every candidate score. bench/suggest_eval.py prints both reports.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from policyapi.suggest.corpus import Corpus
from policyapi.suggest.model import ABSTAIN_BELOW, Suggester

BINS = 10


@dataclass
class Ranked:
    """One evaluated text: its candidates' scores and which of them are right."""

    scores: np.ndarray
    right: np.ndarray  # bool per candidate
    provision: np.ndarray  # bool per candidate: a provision, not a whole document

    def best(self, k: int) -> np.ndarray:
        """Whether each of the k best-scored candidates is right, best first."""
        right: np.ndarray = self.right[np.argsort(-self.scores, kind="stable")[:k]]
        return right


@dataclass
class Report:
    ranked: list[Ranked] = field(default_factory=list)

    def _with_targets(self) -> list[Ranked]:
        return [r for r in self.ranked if r.right.any()]

    def top1(self) -> float:
        cases = self._with_targets()
        return float(np.mean([r.right[np.argmax(r.scores)] for r in cases])) if cases else 0.0

    def recall_at(self, k: int) -> float:
        """Share of the right targets found among the k best, averaged over texts."""
        found = [r.best(k).sum() / r.right.sum() for r in self._with_targets()]
        return float(np.mean(found)) if found else 0.0

    def hit_at(self, k: int) -> float:
        """Share of texts with at least one right target among the k best."""
        hits = [r.best(k).any() for r in self._with_targets()]
        return float(np.mean(hits)) if hits else 0.0

    def abstained(self, cases: Iterable[Ranked]) -> tuple[int, int]:
        """(abstentions, texts) among `cases`: no provision scored ABSTAIN_BELOW or more."""
        chosen = list(cases)
        abstain = sum(1 for r in chosen if not (r.scores[r.provision] >= ABSTAIN_BELOW).any())
        return abstain, len(chosen)

    def reliability(self) -> list[tuple[float, float, int, float, float]]:
        """Per score bin: (low, high, count, mean score, share right), 10 equal-width bins."""
        scores = np.concatenate([r.scores for r in self.ranked])
        right = np.concatenate([r.right for r in self.ranked])
        bins = np.minimum((scores * BINS).astype(int), BINS - 1)
        table = []
        for b in range(BINS):
            inside = bins == b
            count = int(inside.sum())
            mean = float(scores[inside].mean()) if count else 0.0
            share = float(right[inside].mean()) if count else 0.0
            table.append((b / BINS, (b + 1) / BINS, count, mean, share))
        return table

    def ece(self) -> float:
        """Expected calibration error: the count-weighted gap between score and share right."""
        table = self.reliability()
        total = sum(row[2] for row in table)
        return sum(count * abs(mean - share) for _, _, count, mean, share in table) / max(total, 1)


def _ranked(suggester: Suggester, text: str, right_ids: set[str], document: str | None) -> Ranked:
    candidates, scores = suggester.scores(text, document)
    targets = [suggester.targets[int(i)] for i in candidates]
    return Ranked(
        scores,
        np.array([t.id in right_ids for t in targets], dtype=bool),
        np.array([t.provision is not None for t in targets], dtype=bool),
    )


def leave_one_out(corpus: Corpus) -> Report:
    """Rank every statement with a suggester built without it."""
    report = Report()
    for i, example in enumerate(corpus.examples):
        suggester = Suggester(corpus.without(i))
        right = {corpus.targets[t].id for t in example.cited}
        report.ranked.append(_ranked(suggester, example.text, right, None))
    return report


def held_out(suggester: Suggester, sentences: list[tuple[str, set[str]]], document: str) -> Report:
    """Rank sentences nobody reviewed, each with the target ids a curator would link."""
    report = Report()
    for text, right in sentences:
        report.ranked.append(_ranked(suggester, text, right, document))
    return report
