"""A guess at the relation (describes, defends, criticizes, mentions) a statement would have.

Learned from the reviewed citations' relations with a TF-IDF and logistic model over the
statement's words ("vigorously", "protect" lean to defends; "thwart", "obstruct" to criticizes).
It is a hint for the curator: no calibration is claimed for it.
"""

from collections import Counter
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from policyapi.suggest.corpus import Example
from policyapi.suggest.text import terms

MIN_CITATIONS = 8
# Past this many citations, every k-th trains it: a hint does not need a million examples.
TRAINING_CITATIONS_MOST = 20_000


@dataclass(frozen=True)
class Relation:
    value: str
    score: float


class RelationGuesser:
    def __init__(self, examples: list[Example]) -> None:
        texts, labels = [], []
        for example in examples:
            for relation in example.cited.values():
                texts.append(example.text)
                labels.append(relation)
        step = max(1, -(-len(texts) // TRAINING_CITATIONS_MOST))
        texts, labels = texts[::step], labels[::step]
        self.model: LogisticRegression | None = None
        counts = Counter(labels)
        if len(labels) < MIN_CITATIONS or len(counts) < 2:
            return
        self.vectorizer = TfidfVectorizer(analyzer=terms, sublinear_tf=True)
        rows = self.vectorizer.fit_transform(texts)
        self.model = LogisticRegression(C=4.0, max_iter=2000).fit(rows, labels)

    def guess(self, text: str) -> Relation | None:
        if self.model is None:
            return None
        probabilities = self.model.predict_proba(self.vectorizer.transform([text]))[0]
        best = int(np.argmax(probabilities))
        return Relation(str(self.model.classes_[best]), round(float(probabilities[best]), 3))
