"""A small logistic re-ranker over the features, with Platt calibration of its scores.

Trained on the reviewed citations: every (statement, candidate) pair is one row, cited or not,
with the statement's own vote left out of its neighbour features (otherwise it would learn that
the neighbour vote is always right). Platt scaling is fitted on out-of-fold scores, grouped by
statement, so a score of 0.8 means about 80 % of such suggestions were right on statements the
model had not seen. With too few reviewed citations to learn from (a new dataset), the weights
below are used: fitted the same way on the 1.3.0 seeds (38 reviewed links) and kept here, so
a dataset without reviewed citations still gets sensible, if less certain, scores.
"""

from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from policyapi.suggest.features import NAMES

MIN_POSITIVES = 10
FOLDS = 5
# A text that names a provision by its label ("§ III.A", "section 4(b)", "N05") adds this to
# the provision's log-odds, less the log of how many candidates that label names (section 2 of
# each of many documents): a prior, not learned, because no reviewed statement names a
# provision so (the seeds' speakers never do), and a weight learned from no example is 0.
# Unmeasured: a provision named and nothing else (about 0.006 under the prior weights) scores
# about 0.5, named with a topical match (0.1) about 0.94.
NAMED_LOG_ODDS = 5.0


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
            bonus = NAMED_LOG_ODDS - np.log(np.maximum(named, 1.0))
            log_odds = log_odds + np.where(named > 0, np.maximum(bonus, 0.0), 0.0)
        calibrated: np.ndarray = 1.0 / (1.0 + np.exp(-log_odds))
        return calibrated


# Printed by bench/suggest_eval.py ("re-ranker") on the seeds.
PRIOR_WEIGHTS = {
    "cosine_whole": 0.669,
    "cosine_heading": 0.534,
    "cosine_summary": 0.753,
    "cosine_text": -0.222,
    "cosine_topics": 0.598,
    "cosine_relative": 1.032,
    "lexical_top": 1.5,
    "neighbour_share": 3.079,
    "neighbour_nearest": 2.276,
    "neighbour_uncited": -0.056,
    "shared_words": 0.617,
    "whole_document": 0.756,
}
PRIOR = Ranker(
    weights=tuple(PRIOR_WEIGHTS[name] for name in NAMES),
    intercept=-4.488,
    platt_slope=1.340,
    platt_intercept=0.901,
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
