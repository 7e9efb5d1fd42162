"""Query counts stay constant with page size: no N+1."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from flask import Flask

from policyapi.seeds.bundle import build_bundle, citation_id
from policyapi.seeds.load import load_bundle
from tests.conftest import SEEDS

SENTENCE = "The council said the order protects residents. "
EXTRA = 600


@contextmanager
def counting(engine: sa.Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def big_app(fresh_app: Flask) -> Flask:
    """The real seeds plus an article with 600 cited statements."""
    bundle = build_bundle(SEEDS)
    text = SENTENCE * EXTRA
    bundle.tables["articles"].append(
        {
            **bundle.tables["articles"][0],
            "id": "synthetic-article",
            "text": text,
            "text_sha256": "0" * 64,
            "url": "https://example.org/synthetic",
        }
    )
    for i in range(EXTRA):
        sid = f"synthetic-s{i:04d}"
        start = i * len(SENTENCE)
        bundle.tables["statements"].append(
            {
                "id": sid,
                "article_id": "synthetic-article",
                "speaker_id": "ras-baraka",
                "parent_id": None,
                "kind": "paraphrase",
                "role_as_stated": None,
                "attribution": None,
                "paragraph": 0,
                "start_offset": start,
                "end_offset": start + len(SENTENCE) - 1,
                "text": SENTENCE[:-1],
                "prefix": "",
                "suffix": "",
                "said_on": None,
                "said_on_note": None,
                "notes": [],
            }
        )
        for n in (2, 5):
            provision = f"newark-fair-welcoming-2017-n{n:02d}"
            bundle.tables["citations"].append(
                {
                    "id": citation_id(sid, "newark-fair-welcoming-2017", provision, "defends"),
                    "statement_id": sid,
                    "document_id": "newark-fair-welcoming-2017",
                    "provision_id": provision,
                    "relation": "defends",
                    "justification": None,
                    "position": n,
                    "provision_version": 1,  # those provisions have one version
                    "status": "reviewed",
                    "score": None,
                    "suggested_by_name": None,
                    "suggested_by_version": None,
                    "reviewed_by": None,
                    "reviewed_on": None,
                }
            )
    with Session(fresh_app.extensions["policyapi.engine"]) as session:
        load_bundle(session, bundle)
    # Warm up: the first connection runs the dialect's own set-up queries.
    assert fresh_app.test_client().get("/v1/meta").status_code == 200
    return fresh_app


@pytest.mark.parametrize(
    "path",
    [
        "/v1/statements",
        "/v1/citations",
        "/v1/provisions/newark-fair-welcoming-2017-n02/statements",
        "/v1/speakers/ras-baraka/statements",
    ],
)
def test_query_count_does_not_grow_with_page_size(big_app: Flask, path: str) -> None:
    client = big_app.test_client()
    engine = big_app.extensions["policyapi.engine"]
    # One query per eager-loaded relationship at most (selectinload skips one whose rows are
    # already in the session), whatever the number of rows: 500 rows must not mean 500 queries.
    with counting(engine) as few:
        assert len(client.get(f"{path}?page_size=5").get_json()["results"]) == 5
    with counting(engine) as many:
        body = client.get(f"{path}?page_size=500").get_json()
    assert len(body["results"]) == 500
    assert len(few) <= 12
    assert len(many) <= 12, many


def test_provision_page_query_count(big_app: Flask) -> None:
    client = big_app.test_client()
    engine = big_app.extensions["policyapi.engine"]
    with counting(engine) as full:
        assert len(client.get("/v1/provisions?page_size=16").get_json()["results"]) == 16
    assert len(full) <= 12
