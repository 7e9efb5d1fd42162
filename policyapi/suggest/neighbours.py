"""Votes from reviewed statements: what did curators link statements like this one to?

The text's nearest reviewed statements (TF-IDF cosine over their own vocabulary) vote for the
targets they cite, weighted by similarity, and for those targets' documents (a text like the
statements about one order is likely about that order, even where no neighbour cites the right
provision). Statements that cite nothing vote for nothing, so a text that resembles
context-only sentences gets little support anywhere (abstention).
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from policyapi.suggest.corpus import Example
from policyapi.suggest.text import terms

NEIGHBOURS = 10
# Shares are taken of at least this much similarity: one faint neighbour (cosine 0.1) that
# happens to cite something is weak support, not all of it.
SUPPORT = 1.0
# A long text is matched on its rarest words only: each word costs its whole posting list, and
# the common ones (in a tenth of a million statements) cost most and tell least.
QUERY_WORDS_MOST = 32
# Summing a query's postings: over one array of every statement once they touch at least one
# statement in this many, sorted otherwise.
DENSE_ABOVE = 16


@dataclass(frozen=True)
class Votes:
    share: np.ndarray  # per target: the neighbours' similarity citing it, over at least SUPPORT
    nearest: np.ndarray  # per target: similarity of the closest neighbour citing it
    document_share: np.ndarray  # per target: the share citing anything of the target's document
    uncited_share: float  # share of the neighbours' weight citing nothing
    top: float  # similarity of the closest neighbour

    def of(self, candidates: np.ndarray) -> "Votes":
        """The same votes for the given targets only."""
        return replace(
            self,
            share=self.share[candidates],
            nearest=self.nearest[candidates],
            document_share=self.document_share[candidates],
        )


class NeighbourIndex:
    def __init__(
        self, examples: list[Example], target_count: int, documents: Sequence[int] | None = None
    ) -> None:
        """`documents`: each target's document, as a number (all one document if not given)."""
        self.target_count = target_count
        self.document_of = np.asarray(
            documents if documents is not None else [0] * target_count, dtype=np.int64
        )
        self.vectorizer: TfidfVectorizer | None = None
        if not examples:
            return
        self.vectorizer = TfidfVectorizer(analyzer=terms, sublinear_tf=True)
        # Term-major, so a query touches only the postings of its own words.
        self.postings = self.vectorizer.fit_transform([e.text for e in examples]).T.tocsr()
        rows = [i for i, e in enumerate(examples) for _ in e.cited]
        cols = [t for e in examples for t in e.cited]
        self.cites = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(len(examples), target_count)
        )
        self.cites_nothing = np.array([not e.cited for e in examples])
        # Which documents each statement cites something of (a target or its provisions).
        in_document = sparse.csr_matrix(
            (
                np.ones(target_count),
                (np.arange(target_count), self.document_of),
            ),
            shape=(target_count, int(self.document_of.max(initial=-1)) + 1),
        )
        self.cites_documents = ((self.cites @ in_document) > 0).astype(np.float64).tocsr()

    def _similarities(self, query: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
        """Each statement sharing a word with the query, and its cosine similarity to it.

        The query's postings, weighted and summed per statement: one pass over what its words
        touch. (scipy's sparse product did the same work in a general algorithm that cost most of
        a suggestion at 1M statements.)
        """
        if query.nnz == 0:
            return np.zeros(0, dtype=np.intp), np.zeros(0)
        postings = self.postings
        spans = list(
            zip(
                postings.indptr[query.indices],
                postings.indptr[query.indices + 1],
                query.data,
                strict=True,
            )
        )
        rows = np.concatenate([postings.indices[s:e] for s, e, _ in spans])
        products = np.concatenate([postings.data[s:e] * weight for s, e, weight in spans])
        if rows.size * DENSE_ABOVE >= self.postings.shape[1]:
            # Many statements touched: one array over all of them is cheaper than sorting.
            sums = np.bincount(rows, weights=products, minlength=self.postings.shape[1])
            touched = np.flatnonzero(sums)
            return touched, sums[touched]
        order = np.argsort(rows, kind="stable")
        rows, products = rows[order], products[order]
        firsts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        return rows[firsts], np.add.reduceat(products, firsts)

    def votes(self, text: str, exclude: int | None = None) -> Votes:
        """The votes of the text's nearest statements (leaving out statement `exclude`)."""
        empty = np.zeros(self.target_count)
        if self.vectorizer is None:
            return Votes(empty, empty, empty, 0.0, 0.0)
        query = self.vectorizer.transform([text]).tocsr()
        if query.nnz > QUERY_WORDS_MOST:
            heaviest = np.argpartition(-query.data, QUERY_WORDS_MOST)[:QUERY_WORDS_MOST]
            query = sparse.csr_matrix(
                (query.data[heaviest], (np.zeros(QUERY_WORDS_MOST), query.indices[heaviest])),
                shape=query.shape,
            )
        rows, weights = self._similarities(query)
        if exclude is not None:
            keep = rows != exclude
            rows, weights = rows[keep], weights[keep]
        if weights.size > NEIGHBOURS:
            best = np.argpartition(-weights, NEIGHBOURS)[:NEIGHBOURS]
            rows, weights = rows[best], weights[best]
        total = max(float(weights.sum()), SUPPORT)
        if weights.size == 0:
            return Votes(empty, empty, empty, 0.0, 0.0)
        cited = self.cites[rows]
        share = np.asarray(cited.T @ weights).ravel() / total
        nearest = np.asarray(cited.multiply(weights[:, None]).max(axis=0).todense()).ravel()
        uncited = float(weights[self.cites_nothing[rows]].sum()) / total
        by_document = np.asarray(self.cites_documents[rows].T @ weights).ravel() / total
        return Votes(share, nearest, by_document[self.document_of], uncited, float(weights.max()))
