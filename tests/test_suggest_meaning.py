"""The suggester's meaning match (sentence embeddings) and its document-level neighbour vote."""

import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from sqlmodel import Session

from flask import Flask

from policyapi.suggest import semantic
from policyapi.suggest.corpus import Example, Target, read_corpus
from policyapi.suggest.model import Suggester
from policyapi.suggest.neighbours import NeighbourIndex
from policyapi.suggest.text import terms
from tests.factories import make_document, make_provision


def _target(heading: str, summary: str) -> Target:
    return Target("doc", "A document", None, (("heading", heading), ("summary", summary)))


def test_the_model_loads_from_its_package_and_fetches_nothing(tmp_path: Path) -> None:
    # A fresh process with an empty Hugging Face home: any download or hub lookup that was
    # cached would land there.
    home = tmp_path / "hf-home"
    home.mkdir()
    script = (
        "from policyapi.suggest import semantic; import numpy as np; "
        "v = semantic.embed(['one text', 'another']); "
        "print(v.shape, round(float(np.linalg.norm(v[0])), 4))"
    )
    env = {**os.environ, "HF_HOME": str(home), "HF_HUB_OFFLINE": "0"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"(2, {semantic.DIMENSIONS}) 1.0"
    assert list(home.rglob("*")) == []


def test_meaning_links_texts_that_share_no_word() -> None:
    targets = [
        _target("Questions about status", "Officials may not ask residents about citizenship."),
        _target("Identity cards", "A municipal card proves identity and residence."),
        _target("Parking", "Residents may buy a yearly permit for street parking."),
    ]
    text = "Clerks won't demand to know whether someone has papers."
    assert not set(terms(text)) & {
        t for target in targets for t in terms(semantic.described(target))
    }
    cosines = semantic.SemanticIndex(targets, []).cosines(semantic.embed([text])[0])
    assert int(np.argmax(cosines)) == 0
    assert ((cosines >= 0) & (cosines <= 1)).all()


def test_a_rebuild_embeds_only_the_targets_that_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    # A build an earlier test's commit started would replace the last build's vectors.
    for thread in threading.enumerate():
        if thread.name == "policyapi-suggest-build":
            thread.join()
    monkeypatch.setattr(semantic, "_last_built", {})
    before = [_target(f"Heading {n}", f"Summary number {n}.") for n in range(4)]
    first = semantic.SemanticIndex(before, [])
    embedded: list[str] = []
    real_embed = semantic.embed

    def counting(texts: list[str]) -> np.ndarray:
        embedded.extend(texts)
        return real_embed(texts)

    monkeypatch.setattr(semantic, "embed", counting)
    after = [*before[:3], _target("Heading 3", "A summary that changed.")]
    second = semantic.SemanticIndex(after, [])
    assert embedded == [semantic.described(after[3])]
    np.testing.assert_array_equal(second.vectors[:3], first.vectors[:3])
    np.testing.assert_allclose(second.vectors[3], real_embed([embedded[0]])[0], rtol=1e-5)


def test_the_statements_nearest_in_meaning_vote_for_what_they_cite(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    targets = [_target(f"Provision {n}", f"What provision {n} says.") for n in range(3)]
    examples = [
        Example("jail", "The jail will not hold anyone for immigration agents.", {0: "mentions"}),
        Example("lockup", "Nobody stays locked up longer because ICE asked.", {0: "mentions"}),
        Example("ids", "Residents can show the city ID card at any office.", {2: "mentions"}),
        Example("aside", "The weather was cold on the day of the signing.", {}),
    ]
    query = semantic.embed(["County jails refuse to keep people for deportation officers."])[0]
    monkeypatch.setattr(semantic, "MEANING_NEIGHBOURS", 2)
    index = semantic.SemanticIndex(targets, examples)
    votes = index.votes(query)
    assert votes[0] > 0 and votes[1] == votes[2] == 0
    # Left out (as training leaves a statement out of its own rows), the nearest lose their say.
    assert index.votes(query, exclude=0)[0] < votes[0]
    # Past EXAMPLES_MOST statements, every k-th votes, and `exclude` still finds its own.
    monkeypatch.setattr(semantic, "EXAMPLES_MOST", 2)
    sampled = semantic.SemanticIndex(targets, examples)
    assert sampled.example_vectors.shape[0] == 2
    assert sampled.votes(query, exclude=1)[0] == sampled.votes(query)[0]
    assert sampled.votes(query, exclude=0)[0] < sampled.votes(query)[0]


def test_neighbours_vote_for_the_document_their_statements_cite() -> None:
    # Targets 0-1 belong to document 0, targets 2-3 to document 1.
    examples = [
        Example("a", "detainer requests from federal agents refused", {1: "mentions"}),
        Example("b", "detainer holds refused by the county jail", {0: "mentions"}),
        Example("c", "parking permits for residents", {3: "mentions"}),
    ]
    index = NeighbourIndex(examples, target_count=4, documents=[0, 0, 1, 1])
    votes = index.votes("the jail refused detainer requests")
    assert votes.document_share[0] == votes.document_share[1] > 0
    assert votes.document_share[2] == votes.document_share[3] == 0
    # A target no neighbour cites still gets its document's share.
    assert votes.share[0] < votes.document_share[0]


def test_a_paraphrase_ranks_its_provision_first_on_a_document_nobody_cited(
    fresh_app: Flask,
) -> None:
    with Session(fresh_app.extensions["policyapi.engine"]) as session:
        document = make_document(session)
        provisions = [
            make_provision(session, document, heading=heading, summary=summary)
            for heading, summary in (
                ("Tenant protections", "Landlords may not evict tenants without a court order."),
                ("Noise limits", "Construction is not allowed between 10 pm and 7 am."),
                ("Tree care", "The city plants and prunes street trees."),
            )
        ]
        session.commit()
        wanted, document_id = provisions[1].id, document.id
    with fresh_app.extensions["policyapi.engine"].connect() as conn:
        suggester = Suggester(read_corpus(conn))
    assert suggester.ranker.trained_on == 0  # the built-in prior: nobody reviewed a citation
    text = "Neighbours can finally sleep: builders have to stop drilling late at night."
    candidates, scores = suggester.scores(text, document_id)
    ranked = [suggester.targets[int(candidates[j])].id for j in np.argsort(-scores)]
    assert ranked[0] == wanted


def test_threads_embedding_at_once_get_their_own_vectors() -> None:
    # A worker's threads suggest at once, beside a background build, through one model.
    texts = [f"Statement number {n} about detainers and warrants." for n in range(24)]
    alone = semantic.embed(texts)
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(lambda n: semantic.embed(texts[n::6]), range(6)))
    for n, vectors in enumerate(together):
        np.testing.assert_allclose(vectors, alone[n::6], atol=1e-5)
