"""A small logistic re-ranker over the features, with Platt calibration of its scores.

Trained on the reviewed citations: every (statement, candidate) pair is one row, cited or not,
with the statement's own vote left out of its neighbour features (otherwise it would learn that
the neighbour vote is always right). Platt scaling is fitted on out-of-fold scores, grouped by
statement, so a score of 0.8 means about 80 % of such suggestions were right on statements the
model had not seen. With too few reviewed citations to learn from (a new dataset), the weights
below are used: fitted the same way on the 1.3.0 seeds (38 reviewed links), but with the
neighbour votes left out, and kept here, so a dataset without reviewed citations still gets
sensible, if less certain, scores.
"""

from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from policyapi.suggest.features import NAMES

MIN_POSITIVES = 10
FOLDS = 5


@dataclass(frozen=True)
class Ranker:
    weights: tuple[float, ...]
    intercept: float
    platt_slope: float
    platt_intercept: float
    trained_on: int  # positive examples; 0 for the built-in prior

    def probabilities(self, rows: np.ndarray, named: np.ndarray | None = None) -> np.ndarray:
        """Calibrated scores of the rows; `named`: how many candidates share the label the text
        names each candidate by (0: not named)."""
        raw = rows @ np.asarray(self.weights) + self.intercept
        log_odds = self.platt_slope * raw + self.platt_intercept
        if named is not None:
            # A text that names a provision by its label ("§ III.A", "section 4(b)", "N05")
            # raises its log-odds by as much as lifts a candidate with no other support (every
            # feature 0) to even odds, less the log of how many candidates that label names
            # (section 2 of each of many documents). A prior, not learned: no reviewed statement
            # names a provision so (the seeds' speakers never do), and a weight learned from no
            # example is 0. Tied to the ranker's own baseline, it means the same whatever the
            # weights: named and nothing else, about 0.5; named with a topical match, more.
            unsupported = self.platt_slope * self.intercept + self.platt_intercept
            bonus = -unsupported - np.log(np.maximum(named, 1.0))
            log_odds = log_odds + np.where(named > 0, np.maximum(bonus, 0.0), 0.0)
        calibrated: np.ndarray = 1.0 / (1.0 + np.exp(-log_odds))
        return calibrated


# Printed by bench/suggest_eval.py ("prior") on the seeds: fitted with every neighbour vote 0,
# as it is in the datasets that use it, so it does not wait for votes that cannot come.
PRIOR_WEIGHTS = {
    "cosine_whole": 0.551,
    "cosine_heading": 0.414,
    "cosine_summary": 0.627,
    "cosine_text": -0.261,
    "cosine_topics": 0.537,
    "cosine_relative": 0.947,
    "meaning": 1.046,
    "meaning_relative": 1.972,
    "lexical_top": 1.352,
    "neighbour_share": 0.0,
    "neighbour_nearest": 0.0,
    "neighbour_document": 0.0,
    "neighbour_meaning": 0.0,
    "neighbour_uncited": 0.0,
    "shared_words": 0.24,
    "whole_document": 1.065,
}
PRIOR = Ranker(
    weights=tuple(PRIOR_WEIGHTS[name] for name in NAMES),
    intercept=-5.576,
    platt_slope=1.154,
    platt_intercept=0.412,
    trained_on=0,
)


def _logistic(rows: np.ndarray, labels: np.ndarray) -> LogisticRegression:
    return LogisticRegression(C=1.0, max_iter=2000).fit(rows, labels)


def _out_of_fold(rows: np.ndarray, labels: np.ndarray, groups: np.ndarray) -> np.ndarray:
    raw = np.zeros(len(labels))
    folds = GroupKFold(n_splits=min(FOLDS, len(set(groups.tolist()))))
    for fit, held in folds.split(rows, labels, groups):
        if len(set(labels[fit].tolist())) < 2:
            continue
        raw[held] = _logistic(rows[fit], labels[fit]).decision_function(rows[held])
    return raw


def train(rows: np.ndarray, labels: np.ndarray, groups: np.ndarray) -> Ranker:
    """Fit the re-ranker and its calibration; the prior when there is too little to learn."""
    positives = int(labels.sum())
    if positives < MIN_POSITIVES or positives == len(labels):
        return PRIOR
    model = _logistic(rows, labels)
    platt = LogisticRegression(C=1e4, max_iter=2000).fit(
        _out_of_fold(rows, labels, groups)[:, None], labels
    )
    return Ranker(
        weights=tuple(float(w) for w in model.coef_[0]),
        intercept=float(model.intercept_[0]),
        platt_slope=float(platt.coef_[0][0]),
        platt_intercept=float(platt.intercept_[0]),
        trained_on=positives,
    )
