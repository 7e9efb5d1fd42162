"""The suggester: lexical match and neighbour votes, re-ranked and calibrated, with abstention.

Built once per dataset version from a Corpus (policyapi/suggest/cache.py keeps it per process);
`suggest` is then pure arithmetic on in-memory indexes, no database.
"""

from dataclasses import dataclass

import numpy as np

from policyapi.suggest.corpus import Corpus, Target
from policyapi.suggest.features import NAMES, citable_number, feature_rows, named_numbers
from policyapi.suggest.lexical import Evidence, LexicalIndex
from policyapi.suggest.neighbours import NeighbourIndex
from policyapi.suggest.ranker import PRIOR, Ranker, train
from policyapi.suggest.relations import Relation, RelationGuesser
from policyapi.suggest.version import MODEL_NAME, MODEL_VERSION

__all__ = ["MODEL_NAME", "MODEL_VERSION", "Answer", "Suggester", "Suggestion"]

RESULTS_MOST = 5
# Below this calibrated score a candidate is not worth a curator's look.
LISTED_FROM = 0.05
# No provision at or above this score: abstain (nothing credible, or only the whole document).
ABSTAIN_BELOW = 0.4
# Training rows grow with statements x targets; past this many statements, every k-th is used,
# and of each statement's candidates only its cited ones and the closest others (by lexical and
# neighbour support): the far ones are easy negatives that cost rows and teach nothing.
TRAINING_STATEMENTS_MOST = 2000
TRAINING_CANDIDATES = 40


@dataclass(frozen=True)
class Suggestion:
    target: Target
    score: float
    evidence: list[Evidence]
    relation: Relation | None


@dataclass(frozen=True)
class Answer:
    results: list[Suggestion]
    abstain: bool


class Suggester:
    def __init__(self, corpus: Corpus) -> None:
        self.targets = corpus.targets
        self.by_document: dict[str, list[int]] = {}
        for i, target in enumerate(self.targets):
            self.by_document.setdefault(target.document_id, []).append(i)
        self.everything = np.arange(len(self.targets))
        # Lower-cased citable labels -> the targets numbered so (number_named feature).
        self.numbered: dict[str, list[int]] = {}
        for i, target in enumerate(self.targets):
            if target.provision and citable_number(target.provision.number):
                self.numbered.setdefault(target.provision.number.lower(), []).append(i)
        self.lexical = LexicalIndex(self.targets) if self.targets else None
        self.neighbours = NeighbourIndex(corpus.examples, len(self.targets))
        self.relations = RelationGuesser(corpus.examples)
        self.ranker: Ranker = PRIOR
        if self.targets:
            self.ranker = train(*self._training_rows(corpus))

    def _training_rows(self, corpus: Corpus) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        step = max(1, -(-len(corpus.examples) // TRAINING_STATEMENTS_MOST))
        rows, labels, groups = [], [], []
        for i in range(0, len(corpus.examples), step):
            example = corpus.examples[i]
            features = self._features(example.text, self.everything, exclude=i)
            cited = np.zeros(len(self.targets))
            cited[list(example.cited)] = 1.0
            if len(self.targets) > TRAINING_CANDIDATES:
                support = (
                    features[:, NAMES.index("cosine_whole")]
                    + features[:, NAMES.index("neighbour_share")]
                )
                closest = np.argpartition(-support, TRAINING_CANDIDATES)[:TRAINING_CANDIDATES]
                kept = np.union1d(closest, list(example.cited)).astype(np.int64)
                features, cited = features[kept], cited[kept]
            rows.append(features)
            labels.append(cited)
            groups.append(np.full(len(cited), i))
        if not rows:
            return np.zeros((0, 0)), np.zeros(0), np.zeros(0)
        return np.vstack(rows), np.concatenate(labels), np.concatenate(groups)

    def _index(self) -> LexicalIndex:
        if self.lexical is None:  # callers check for targets first
            raise RuntimeError("a dataset without documents has nothing to match")
        return self.lexical

    def _features(self, text: str, candidates: np.ndarray, exclude: int | None) -> np.ndarray:
        lexical = self._index()
        cosines = lexical.cosines(lexical.vector(text))
        votes = self.neighbours.votes(text, exclude)
        chosen = [self.targets[i] for i in candidates]
        named = np.zeros(len(self.targets))
        for word in named_numbers(text) & self.numbered.keys():
            named[self.numbered[word]] = 1.0
        return feature_rows(
            chosen,
            {name: values[candidates] for name, values in cosines.items()},
            type(votes)(
                votes.share[candidates], votes.nearest[candidates], votes.uncited_share, votes.top
            ),
            named[candidates],
        )

    def candidates(self, document: str | None) -> np.ndarray:
        if document is None:
            return self.everything
        return np.asarray(self.by_document.get(document, []), dtype=np.int64)

    def scores(
        self, text: str, document: str | None = None, exclude: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Every candidate's index and calibrated score (exclude: a statement to leave out)."""
        candidates = self.candidates(document)
        if self.lexical is None or candidates.size == 0:
            return candidates, np.zeros(candidates.size)
        return candidates, self.ranker.probabilities(self._features(text, candidates, exclude))

    def suggest(self, text: str, document: str | None = None) -> Answer:
        """At most five targets for `text`, best first, and whether to abstain."""
        candidates, scores = self.scores(text, document)
        order = np.argsort(-scores, kind="stable")[:RESULTS_MOST]
        relation = self.relations.guess(text)
        results = []
        for j in order:
            if scores[j] < LISTED_FROM:
                break
            target = self.targets[int(candidates[j])]
            evidence = self._index().evidence(text, target)
            results.append(Suggestion(target, round(float(scores[j]), 3), evidence, relation))
        credible = any(r.target.provision is not None and r.score >= ABSTAIN_BELOW for r in results)
        return Answer(results, abstain=not credible)
