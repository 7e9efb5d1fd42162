"""One row of numbers per (text, target): what the re-ranker weighs.

Every feature is in [0, 1] and means the same for any document, so weights learned from one
document's reviewed citations carry over to a document nobody has cited yet.
"""

import numpy as np

from policyapi.suggest.corpus import Target
from policyapi.suggest.neighbours import Votes

NAMES = (
    "cosine_whole",
    "cosine_heading",
    "cosine_summary",
    "cosine_text",
    "cosine_topics",
    "cosine_relative",  # the whole cosine over the best candidate's (or over FAINT)
    "meaning",  # embedding cosine (policyapi/suggest/semantic.py)
    "meaning_relative",  # the same over the best candidate's
    "lexical_top",  # the lexically best candidate: 1, or less when even it matches faintly
    "neighbour_share",
    "neighbour_nearest",
    "neighbour_document",  # the share citing anything of the candidate's document
    "neighbour_meaning",  # the share of the nearest statements by meaning citing it
    "neighbour_uncited",  # the same for every candidate: how context-like the text is
    "shared_words",  # distinct words shared with the target, over SHARED_ENOUGH (at most 1)
    "whole_document",
)

# What reviewed statements say: all 0 in a dataset nobody has cited yet.
NEIGHBOUR_FEATURES = tuple(name for name in NAMES if name.startswith("neighbour_"))

# A best cosine below this is a faint match: being the best of faint matches means little.
FAINT = 0.15
# One shared word is chance ("backed" in a traffic report and in "backed by a judicial
# warrant"); this many make a topic.
SHARED_ENOUGH = 4.0
# A sentence about something else altogether has an embedding cosine under about this with any
# provision (0.05-0.26 measured for news sentences on stocks, sport, bakeries and potholes).
MEANING_FLOOR = 0.3


def feature_rows(
    targets: list[Target], cosines: dict[str, np.ndarray], votes: Votes, meaning_votes: np.ndarray
) -> np.ndarray:
    """The feature matrix of the given candidates (cosines and votes indexed like them)."""
    whole = cosines["whole"]
    meaning = cosines["meaning"]
    best = float(whole.max()) if whole.size else 0.0
    relative = whole / max(best, FAINT)
    top = np.zeros_like(whole)
    if best > 0:
        top[int(whole.argmax())] = min(1.0, best / FAINT)
    columns = [
        whole,
        cosines["heading"],
        cosines["summary"],
        cosines["text"],
        cosines["topics"],
        relative,
        meaning,
        meaning / max(float(meaning.max()) if meaning.size else 0.0, MEANING_FLOOR),
        top,
        votes.share,
        votes.nearest,
        votes.document_share,
        meaning_votes,
        np.full(whole.shape, votes.uncited_share),
        np.minimum(cosines["shared"] / SHARED_ENOUGH, 1.0),
        np.array([t.provision is None for t in targets], dtype=np.float64),
    ]
    return np.column_stack(columns)
