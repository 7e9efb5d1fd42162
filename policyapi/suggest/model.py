"""The suggester: lexical and meaning match and neighbour votes, re-ranked and calibrated, with
abstention.

Built once per dataset version from a Corpus (policyapi/suggest/cache.py keeps it per process);
`suggest` is then pure arithmetic on in-memory indexes, no database.
"""

from dataclasses import dataclass

import numpy as np

from policyapi.suggest.corpus import Corpus, Target
from policyapi.suggest.designations import Designations
from policyapi.suggest.features import NAMES, feature_rows
from policyapi.suggest.lexical import EVIDENCE_MOST, Evidence, LexicalIndex
from policyapi.suggest.neighbours import NeighbourIndex
from policyapi.suggest.ranker import PRIOR, Ranker, train
from policyapi.suggest.relations import Relation, RelationGuesser
from policyapi.suggest.semantic import SemanticIndex, embed, embed_known
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


def _designations(targets: list[Target]) -> Designations:
    """Every provision's label, with its ancestors' labels to name it by its full path."""
    provisions = {t.provision.id: t.provision for t in targets if t.provision}
    designations = Designations()
    for i, target in enumerate(targets):
        if target.provision is None:
            continue
        ancestors: list[str] = []
        parent = target.provision.parent_id
        while parent is not None and parent in provisions and len(ancestors) < len(provisions):
            ancestors.append(provisions[parent].number)
            parent = provisions[parent].parent_id
        designations.add(i, target.provision.number, target.provision.label_scheme, ancestors[::-1])
    return designations


class Suggester:
    def __init__(self, corpus: Corpus) -> None:
        self.targets = corpus.targets
        self.by_document: dict[str, list[int]] = {}
        for i, target in enumerate(self.targets):
            self.by_document.setdefault(target.document_id, []).append(i)
        self.everything = np.arange(len(self.targets))
        self.designations = _designations(self.targets)
        self.lexical = LexicalIndex(self.targets) if self.targets else None
        # Without targets nothing is scored: the statements' meaning would go unused.
        self.semantic = SemanticIndex(self.targets, corpus.examples if self.targets else [])
        numbers = {document: n for n, document in enumerate(self.by_document)}
        self.neighbours = NeighbourIndex(
            corpus.examples, len(self.targets), [numbers[t.document_id] for t in self.targets]
        )
        self.relations = RelationGuesser(corpus.examples)
        self.ranker: Ranker = PRIOR
        if self.targets:
            self.ranker = train(*self.training_rows(corpus))

    def training_rows(self, corpus: Corpus) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The re-ranker's rows, labels (cited or not) and groups (statements) for a corpus."""
        step = max(1, -(-len(corpus.examples) // TRAINING_STATEMENTS_MOST))
        chosen = range(0, len(corpus.examples), step)
        meanings = embed_known([corpus.examples[i].text for i in chosen])
        rows, labels, groups = [], [], []
        for i, meaning in zip(chosen, meanings, strict=True):
            example = corpus.examples[i]
            features = self._features(example.text, meaning, self.everything, exclude=i)
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

    def _features(
        self, text: str, meaning: np.ndarray, candidates: np.ndarray, exclude: int | None
    ) -> np.ndarray:
        """The feature rows of the candidates for a text (`meaning`: its embedding)."""
        lexical = self._index()
        cosines = lexical.cosines(lexical.vector(text))
        cosines["meaning"] = self.semantic.cosines(meaning)
        votes = self.neighbours.votes(text, exclude)
        chosen = [self.targets[i] for i in candidates]
        return feature_rows(
            chosen,
            {name: values[candidates] for name, values in cosines.items()},
            votes.of(candidates),
            self.semantic.votes(meaning, exclude)[candidates],
        )

    def named(self, text: str, candidates: np.ndarray) -> np.ndarray:
        """For each candidate the text names by label, how many candidates that label names
        (the fewest, if named by several); 0 for the others."""
        position = {int(c): j for j, c in enumerate(candidates)}
        named = np.zeros(len(candidates))
        for group in self.designations.named(text):
            chosen = [position[t] for t in group if t in position]
            for j in chosen:
                named[j] = min(named[j] or len(chosen), len(chosen))
        return named

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
        features = self._features(text, embed([text])[0], candidates, exclude)
        return candidates, self.ranker.probabilities(features, self.named(text, candidates))

    def suggest(self, text: str, document: str | None = None) -> Answer:
        """At most five targets for `text`, best first, and whether to abstain."""
        candidates, scores = self.scores(text, document)
        order = np.argsort(-scores, kind="stable")[:RESULTS_MOST]
        relation = self.relations.guess(text)
        named = {t for group in self.designations.named(text) for t in group}
        results = []
        for j in order:
            if scores[j] < LISTED_FROM:
                break
            index = int(candidates[j])
            target = self.targets[index]
            evidence = self._index().evidence(text, target)
            if index in named and target.provision is not None:
                number = target.provision.number
                evidence = [Evidence("number", 0, len(number), number, 0.0), *evidence]
                evidence = evidence[:EVIDENCE_MOST]
            results.append(Suggestion(target, round(float(scores[j]), 3), evidence, relation))
        credible = any(r.target.provision is not None and r.score >= ABSTAIN_BELOW for r in results)
        return Answer(results, abstain=not credible)
