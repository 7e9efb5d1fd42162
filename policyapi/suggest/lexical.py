"""Lexical match between a text and each target, overall and field by field, with evidence.

TF-IDF (scikit-learn) over the terms of policyapi/suggest/text.py, fitted on the targets' own
words: a provision's rare words (detainer, 287(g), inquisitors) weigh most. Cosines are taken
against the whole target and against each group of fields, so the re-ranker can learn that a
heading match means more than a match somewhere in the topic descriptions.
"""

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from policyapi.suggest.corpus import Target
from policyapi.suggest.text import terms, words

# Field groups scored separately; a field belongs to the first group whose prefix it has.
GROUPS = {
    "heading": ("heading", "title"),
    "summary": ("summary",),
    "text": ("text",),
    "topics": ("topics.",),
}
EVIDENCE_MOST = 3


@dataclass(frozen=True)
class Evidence:
    provision_field: str
    start: int
    end: int
    matched: str
    weight: float


def _group_of(field_name: str) -> str:
    for group, prefixes in GROUPS.items():
        if field_name.startswith(prefixes):
            return group
    return "text"


def _joined(target: Target, group: str | None) -> str:
    return "\n".join(text for name, text in target.fields if group in (None, _group_of(name)))


class LexicalIndex:
    def __init__(self, targets: list[Target]) -> None:
        self.targets = targets
        self.vectorizer = TfidfVectorizer(analyzer=terms, sublinear_tf=True)
        whole = self.vectorizer.fit_transform([_joined(t, None) for t in targets])
        self.matrices = {"whole": whole.T.tocsr()}
        # 1 where a target has a word: how many distinct words a text shares with each target.
        self.present = (whole.T.tocsr() > 0).astype(np.float64)
        for group in GROUPS:
            matrix = self.vectorizer.transform([_joined(t, group) for t in targets])
            self.matrices[group] = matrix.T.tocsr()
        self.idf = dict(
            zip(self.vectorizer.get_feature_names_out(), self.vectorizer.idf_, strict=True)
        )

    def vector(self, text: str) -> sparse.csr_matrix:
        return self.vectorizer.transform([text])

    def cosines(self, query: sparse.csr_matrix) -> dict[str, np.ndarray]:
        """Cosine of the query with every target, whole and by field group; and under "shared",
        the number of distinct words it shares with each."""
        found = {
            name: np.asarray((query @ matrix).todense(), dtype=np.float64).ravel()
            for name, matrix in self.matrices.items()
        }
        shared = (query > 0).astype(np.float64) @ self.present
        found["shared"] = np.asarray(shared.todense(), dtype=np.float64).ravel()
        return found

    def evidence(self, text: str, target: Target) -> list[Evidence]:
        """The target's spans whose words the text shares, heaviest first (rarer words weigh more).

        A span is a run of matching content words with nothing but stop words between them, so
        "judicial warrant" in a heading is one piece of evidence, not two.
        """
        wanted = {w.term for w in words(text)} & self.idf.keys()
        found: list[Evidence] = []
        for name, value in target.fields:
            run: list[tuple[int, int, str]] = []
            for word in [*words(value), None]:
                if word is not None and word.term in wanted:
                    run.append((word.start, word.end, word.term))
                    continue
                if run:
                    weight = sum(self.idf[stem] for stem in {stem for _, _, stem in run})
                    start, end = run[0][0], run[-1][1]
                    found.append(Evidence(name, start, end, value[start:end], weight))
                    run = []
        found.sort(key=lambda e: (-e.weight, e.provision_field, e.start))
        return found[:EVIDENCE_MOST]
