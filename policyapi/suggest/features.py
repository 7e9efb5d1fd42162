"""One row of numbers per (text, target): what the re-ranker weighs.

Every feature is in [0, 1] and means the same for any document, so weights learned from one
document's reviewed citations carry over to a document nobody has cited yet.
"""

import re

import numpy as np

from policyapi.suggest.corpus import Target
from policyapi.suggest.neighbours import Votes

NAMES = (
    "cosine_whole",
    "cosine_heading",
    "cosine_summary",
    "cosine_text",
    "cosine_topics",
    "cosine_relative",  # the target's whole cosine over the best one among the candidates
    "lexical_top",  # 1 for the lexically best candidate
    "neighbour_share",
    "neighbour_nearest",
    "neighbour_uncited",  # the same for every candidate: how context-like the text is
    "whole_document",
    "number_named",
)


def _named(text: str, number: str) -> bool:
    # Only labels that cannot be ordinary words: "N02", "III.A", "2-104"; not "1" or "A".
    if len(number) < 2 or not any(ch.isdigit() or ch == "." for ch in number):
        return False
    return re.search(rf"(?<![\w.]){re.escape(number)}(?![\w])", text, re.IGNORECASE) is not None


def feature_rows(
    text: str, targets: list[Target], cosines: dict[str, np.ndarray], votes: Votes
) -> np.ndarray:
    """The feature matrix of the given candidates (cosines and votes are indexed like them)."""
    whole = cosines["whole"]
    best = float(whole.max()) if whole.size else 0.0
    relative = whole / best if best > 0 else np.zeros_like(whole)
    top = np.zeros_like(whole)
    if best > 0:
        top[int(whole.argmax())] = 1.0
    columns = [
        whole,
        cosines["heading"],
        cosines["summary"],
        cosines["text"],
        cosines["topics"],
        relative,
        top,
        votes.share,
        votes.nearest,
        np.full(whole.shape, votes.uncited_share),
        np.array([t.provision is None for t in targets], dtype=np.float64),
        np.array(
            [t.provision is not None and _named(text, t.provision.number) for t in targets],
            dtype=np.float64,
        ),
    ]
    return np.column_stack(columns)
