"""Full hierarchical labels ("2-104(c)") on cards and the front page, and the nested outline."""

import copy
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session

from flask import Flask
from flask.testing import FlaskClient

from policyapi.embed.labels import FullLabel, full_labels, join_label, standalone_label
from policyapi.models import Document, Provision
from policyapi.queries.outline import chains_of
from tests.conftest import SEEDS
from tests.factories import make_citation, make_document, make_provision, make_statement
from tests.test_seed_structure import ORDINANCE, add_ordinance

BASE = "http://localhost"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

# --- the rule ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parent", "parent_number", "number", "label"),
    [
        ("2-104", "2-104", "(c)", "2-104(c)"),
        ("2-104", "2-104", "c", "2-104(c)"),
        ("2-104", "2-104", "2-104(c)", "2-104(c)"),
        ("2-104(c)", "(c)", "1", "2-104(c)(1)"),
        ("2-104(c)", "(c)", "(1)", "2-104(c)(1)"),
        ("2-104(c)", "(c)", "(c)(1)", "2-104(c)(1)"),
        ("III", "III", "A", "III.A"),
        ("III.A", "A", "1.", "III.A.1"),
        ("III.", "III.", "A.", "III.A"),
        ("1", "1", "10", "1.10"),
        ("1", "1", "1.2", "1.2"),
        ("Chapter 2", "Chapter 2", "2-104", "2-104"),
        ("Article I", "Article I", "Section 5", "Section 5"),
        ("2-104", "2-104", "", "2-104"),
    ],
)
def test_a_child_number_joins_its_parent_label(
    parent: str, parent_number: str, number: str, label: str
) -> None:
    assert join_label(parent, parent_number, number)[0] == label


@pytest.mark.parametrize(
    ("kind", "number", "label"),
    [
        ("preamble", "Preamble", "Preamble"),
        ("preamble", "", "Preamble"),
        ("preamble", "P", "Preamble"),
        ("preface", "", "Preface"),
        ("preface", "T00", "T00"),
        ("recital", "2", "Recital 2"),
        ("recital", "(2)", "Recital 2"),
        ("recital", "ii", "Recital ii"),
        ("recital", "Whereas (2)", "Whereas (2)"),
        ("section", "2", None),
        ("subsection", "(c)", None),
    ],
)
def test_preambles_and_recitals_are_labelled_by_kind(
    kind: str, number: str, label: str | None
) -> None:
    assert standalone_label(kind, number) == label


class Row(NamedTuple):
    id: str
    parent_id: str | None
    kind: str
    number: str
    label_scheme: str = "official"


def test_full_labels_follow_the_parent_chain_and_name_editorial_numbers() -> None:
    rows = [
        Row("pre", None, "preamble", "Preamble"),
        Row("rec", "pre", "recital", "2", "editorial"),
        Row("sec", None, "section", "2-104"),
        Row("sub", "sec", "subsection", "(c)"),
        Row("par", "sub", "paragraph", "1", "editorial"),
        Row("ed", None, "section", "N03", "editorial"),
        Row("ed-a", "ed", "subsection", "A"),
        Row("ed-a-1", "ed-a", "paragraph", "1", "editorial"),
    ]
    labels = full_labels(reversed(rows))  # any order: the chain is followed, not the list
    assert {i: label.text for i, label in labels.items()} == {
        "pre": "Preamble",
        "rec": "Recital 2",
        "sec": "2-104",
        "sub": "2-104(c)",
        "par": "2-104(c)(1)",
        "ed": "N03",
        "ed-a": "N03.A",
        "ed-a-1": "N03.A.1",
    }
    assert labels["sub"].editorial_note is None
    assert labels["rec"].editorial_note == "Recital 2 is an editorial label"
    assert labels["ed"].editorial_note == "N03 is an editorial label"
    assert labels["ed-a"].editorial_note == "In N03.A, N03 is an editorial label"
    assert labels["ed-a-1"].editorial_note == "In N03.A.1, N03 and 1 are editorial labels"
    assert labels["par"].editorial == ("1",)


def test_a_number_repeating_its_parent_takes_the_parent_number_out_of_the_note() -> None:
    rows = [Row("sec", None, "section", "N2", "editorial"), Row("sub", "sec", "section", "N2.1")]
    assert full_labels(rows)["sub"] == FullLabel("N2.1", ())


def test_a_missing_or_looping_parent_is_labelled_at_the_top_level() -> None:
    rows = [
        Row("orphan", "not-loaded", "subsection", "(c)"),
        Row("a", "b", "section", "A"),
        Row("b", "a", "section", "B"),
    ]
    labels = full_labels(rows)
    assert labels["orphan"].text == "(c)"
    # The walk up from "a" stops where the loop closes: "b" is taken as the top.
    assert (labels["a"].text, labels["b"].text) == ("B.A", "B")


# --- the chain query ---------------------------------------------------------------------------


class Statements:
    """The SQL statements an engine runs while attached."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.seen: list[str] = []

    def _record(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.seen.append(statement)

    def __enter__(self) -> "Statements":
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)

    def on_provisions(self) -> list[str]:
        return [s for s in self.seen if "provisions" in s]


def engine_of(app: Flask) -> sa.Engine:
    engine: sa.Engine = app.extensions["policyapi.engine"]
    return engine


def make_chain(session: Session, document: Document, numbers: list[str]) -> list[Provision]:
    """Provisions nested one inside the other, numbered `numbers` from the top down."""
    chain: list[Provision] = []
    for depth, number in enumerate(numbers):
        parent = chain[-1] if chain else None
        eid = "__".join(["sec_x", *(f"para_{i}" for i in range(depth))])
        kind = "section" if parent is None else "paragraph"
        chain.append(
            make_provision(session, document, parent=parent, number=number, eid=eid, kind=kind)
        )
    return chain


def test_a_chain_is_one_query_however_deep(fresh_app: Flask) -> None:
    engine = engine_of(fresh_app)
    with Session(engine) as session:
        document = make_document(session)
        deep = [p.id for p in make_chain(session, document, ["1", "(a)", "(1)", "(i)", "(A)"])]
        sibling = make_provision(session, document, parent=session.get(Provision, deep[1])).id
        make_provision(session, document)  # not in any chain asked for
        session.commit()
    with engine.connect() as conn, Statements(engine) as seen:
        one = chains_of(conn, [deep[-1]])
        both = chains_of(conn, [deep[-1], sibling])
        none = chains_of(conn, [])
    assert len(seen.seen) == 2  # one per call with ids, none without
    assert list(one) == deep
    assert sorted(both) == sorted([*deep, sibling])
    assert none == {}
    assert full_labels(one.values())[deep[-1]].text == "1(a)(1)(i)(A)"


def test_a_looping_chain_ends(fresh_app: Flask) -> None:
    engine = engine_of(fresh_app)
    with Session(engine) as session:
        top, below = make_chain(session, make_document(session), ["A", "B"])
        top.parent_id = below.id  # the seed check refuses this; the query must still end
        session.commit()
        ids = [top.id, below.id]
    with engine.connect() as conn:
        assert sorted(chains_of(conn, [ids[1]])) == sorted(ids)
    response = fresh_app.test_client().get(f"/embed/provisions/{ids[1]}")
    assert response.status_code == 200


# --- cards and the front page ------------------------------------------------------------------


class Outline(HTMLParser):
    """Each provision link on a page (card or page), with those of the list items around it."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.enclosing: dict[str, list[str]] = {}
        self.order: list[str] = []
        self.labels: dict[str, str] = {}
        self._items: list[str | None] = []
        self._link: str | None = None
        self._in_num = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "li":
            self._items.append(None)
        elif tag == "a" and ("/embed/provisions/" in href or "/v1/provisions/" in href):
            provision = href.split("/provisions/")[1].split("?")[0]
            if self._items and self._items[-1] is None:
                self._items[-1] = provision
            self.enclosing[provision] = [i for i in self._items[:-1] if i]
            self.order.append(provision)
            self._link = provision
        elif tag == "span" and dict(attrs).get("class") == "num":
            self._in_num = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self._items:
            self._items.pop()
        elif tag == "a":
            self._link = None
        elif tag == "span":
            self._in_num = False

    def handle_data(self, data: str) -> None:
        if self._in_num and self._link:
            self.labels[self._link] = data


def front_page(client: FlaskClient) -> Outline:
    response = client.get("/", headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 200 and response.mimetype == "text/html"
    return Outline(response.get_data(as_text=True))


@pytest.fixture
def ordinance_app(fresh_app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """The seeds plus the fictional codified ordinance, whose subsection is printed "(c)"."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    ordinance = copy.deepcopy(ORDINANCE)
    subsection = ordinance["provisions"][-1]
    assert subsection["eid"] == "sec_2-104__subsec_c"
    subsection["number"] = "(c)"
    add_ordinance(seeds, ordinance)
    loaded = fresh_app.test_cli_runner().invoke(args=["seed", "load", str(seeds)])
    assert loaded.exit_code == 0, loaded.output
    yield fresh_app


def test_the_provision_card_shows_the_full_label(ordinance_app: Flask) -> None:
    client = ordinance_app.test_client()
    html = client.get("/embed/provisions/example-2-104-c").get_data(as_text=True)
    assert '<span class="num">2-104(c)</span>Warrants' in html
    assert "<title>2-104(c): Warrants</title>" in html
    assert "editorial label" not in html
    recital = client.get("/embed/provisions/example-2-104-recital-2").get_data(as_text=True)
    assert '<span class="num">Whereas (2)</span>' in recital
    assert "Whereas (2) is an editorial label" in recital
    url = quote(f"{BASE}/v1/provisions/example-2-104-c", safe="")
    assert client.get(f"/oembed?url={url}").get_json()["title"] == "2-104(c): Warrants"


def test_the_front_page_nests_children_under_their_parents(ordinance_app: Flask) -> None:
    page = front_page(ordinance_app.test_client())
    assert page.enclosing["example-2-104-recital-2"] == ["example-2-104-preamble"]
    assert page.enclosing["example-2-104-c"] == ["example-2-104"]
    assert page.enclosing["example-2-104"] == [] and page.enclosing["example-2-104-preamble"] == []
    assert page.labels["example-2-104-c"] == "2-104(c)"
    assert page.labels["example-2-104-recital-2"] == "Whereas (2)"
    # Every provision of every document, each once, parents before their children.
    assert sorted(page.order) == sorted(every_provision_id(ordinance_app.test_client()))
    assert page.order.index("example-2-104") < page.order.index("example-2-104-c")


def every_provision_id(client: FlaskClient) -> list[str]:
    return [p["id"] for p in client.get("/v1/provisions?page_size=500").get_json()["results"]]


def test_children_follow_their_position_and_every_level_nests(fresh_app: Flask) -> None:
    with Session(engine_of(fresh_app)) as session:
        document = make_document(session, id="code")
        section = make_provision(session, document, id="s", number="2-104", eid="sec_2-104")
        later = make_provision(
            session, document, parent=section, id="d", number="d", eid="sec_2-104__subsec_d",
            kind="subsection", position=20,
        )  # fmt: skip
        earlier = make_provision(
            session, document, parent=section, id="c", number="c", eid="sec_2-104__subsec_c",
            kind="subsection", position=10,
        )  # fmt: skip
        make_provision(
            session, document, parent=earlier, id="c1", number="1",
            eid="sec_2-104__subsec_c__para_1", kind="paragraph", position=11,
        )  # fmt: skip
        statement = make_statement(session)
        make_citation(session, statement, later, relation="describes")
        session.commit()
        statement_id = statement.id
    client = fresh_app.test_client()
    page = front_page(client)
    assert page.order == ["s", "c", "c1", "d"]
    assert page.enclosing == {"s": [], "c": ["s"], "c1": ["s", "c"], "d": ["s"]}
    assert page.labels == {"s": "2-104", "c": "2-104(c)", "c1": "2-104(c)(1)", "d": "2-104(d)"}
    outline = Outline(client.get("/embed/documents/code").get_data(as_text=True))
    assert outline.order == page.order and outline.enclosing == page.enclosing
    assert "2-104(c)(1). Provision" in client.get("/embed/documents/code").get_data(as_text=True)
    cited = client.get(f"/embed/statements/{statement_id}").get_data(as_text=True)
    assert '<span class="num">2-104(d)</span>' in cited


def test_a_card_runs_as_many_queries_for_a_deep_provision_as_for_a_top_one(
    fresh_app: Flask,
) -> None:
    engine = engine_of(fresh_app)
    with Session(engine) as session:
        chain = make_chain(session, make_document(session), ["1", "a", "1", "i", "A", "1"])
        session.commit()
        top, middle, deep = chain[0].id, chain[2].id, chain[-1].id
    client = fresh_app.test_client()
    client.get(f"/embed/provisions/{middle}")  # warm what is read once (dataset version)
    counts = []
    for provision_id in (top, deep):
        with Statements(engine) as seen:
            html = client.get(f"/embed/provisions/{provision_id}").get_data(as_text=True)
        counts.append(len(seen.on_provisions()))
    assert counts[0] == counts[1] > 0
    assert '<span class="num">1(a)(1)(i)(A)(1)</span>' in html
