"""Embedding: HTML cards, their CSP and escaping, oEmbed, embed.js, JSON-LD and the front page."""

import base64
import hashlib
import json
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from sqlmodel import Session, select

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from policyapi.embed.theme import (
    GRAPHIC_COLOURS,
    PALETTES,
    TEXT_COLOURS,
    contrast,
    ink_for,
    normalise_accent,
)
from policyapi.models import Document, Provision, Statement
from tests.factories import (
    make_article,
    make_citation,
    make_provision,
    make_speaker,
    make_statement,
)
from tests.helpers import assert_problem
from tests.seedfacts import RELATIONS, facts

DOC = "newark-fair-welcoming-2017"
PROVISION = "newark-fair-welcoming-2017-n02"
STATEMENT = "nj1015-baraka-barr-sanctuary-2020-s02"
BASE = "http://localhost"
CARD_LIMIT = 20 * 1024
# The heading of each relation's group of statements on a provision card.
GROUP_LABELS = {
    "describes": "Describing it",
    "defends": "Defending it",
    "criticizes": "Criticizing it",
    "mentions": "Mentioning it",
}
SHOWN_PER_GROUP = 4


def norm(text: str) -> str:
    """Collapse every run of white space (no-break spaces included) to one space."""
    return " ".join(text.split())


class Page(HTMLParser):
    """The parts of a card the tests look at: inline scripts and styles, links, text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.links: list[dict[str, str | None]] = []
        self.anchors: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._open: tuple[str, dict[str, str | None]] | None = None
        self._raw: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag in ("script", "style"):
            self._open, self._raw = (tag, attributes), []
        elif tag == "link":
            self.links.append(attributes)
        elif tag == "a":
            self.anchors.append(attributes.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == self._open[0]:
            body = "".join(self._raw)
            if tag == "script":
                self.scripts.append((self._open[1], body))
            else:
                self.styles.append(body)
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self._raw.append(data)
        else:
            self.text.append(data)

    @property
    def visible_text(self) -> str:
        return norm(" ".join(self.text))

    def jsonld(self) -> dict[str, Any]:
        blocks = [
            body for attrs, body in self.scripts if attrs.get("type") == "application/ld+json"
        ]
        assert len(blocks) == 1
        data: dict[str, Any] = json.loads(blocks[0])
        return data

    def link(self, rel: str, type_: str) -> str:
        hrefs = [x["href"] for x in self.links if x.get("rel") == rel and x.get("type") == type_]
        assert len(hrefs) == 1 and hrefs[0]
        return hrefs[0]


def card(client: FlaskClient, path: str) -> tuple[TestResponse, Page]:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    return response, Page(response.get_data(as_text=True))


def directives(policy: str) -> dict[str, list[str]]:
    parts = (d.split() for d in policy.split(";") if d.strip())
    return {name: values for name, *values in parts}


def sha256_source(text: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


def every_card_path(db: Session) -> list[str]:
    provisions = db.exec(select(Provision.id)).all()
    statements = db.exec(select(Statement.id)).all()
    documents = db.exec(select(Document.id)).all()
    return (
        [f"/embed/provisions/{i}" for i in provisions]
        + [f"/embed/statements/{i}" for i in statements]
        + [f"/embed/documents/{i}" for i in documents]
    )


# --- cards -------------------------------------------------------------------------------------


def test_every_card_is_small_self_contained_and_framable(client: FlaskClient, db: Session) -> None:
    paths = every_card_path(db)
    assert {p.split("/")[2] for p in paths} == {"provisions", "statements", "documents"}
    for path in paths:
        response, page = card(client, path)
        assert len(response.data) < CARD_LIMIT, (path, len(response.data))
        policy = directives(response.headers["Content-Security-Policy"])
        assert policy["default-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["*"]
        assert policy["base-uri"] == ["'none'"] and policy["form-action"] == ["'none'"]
        assert "X-Frame-Options" not in response.headers
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        # The only inline code is what the policy hashes: nothing else could run or style it.
        executable = [body for attrs, body in page.scripts if "type" not in attrs]
        assert policy["script-src"] == [sha256_source(body) for body in executable]
        assert policy["style-src"] == [sha256_source(body) for body in page.styles]
        assert not any(v.startswith("'unsafe") for values in policy.values() for v in values)
        # No external assets: no src or stylesheet pointing anywhere.
        assert not [e for e in page.elements if e[1].get("src")]
        assert not [x for x in page.links if x.get("rel") == "stylesheet"]
        html = response.get_data(as_text=True)
        assert ' style="' not in html
        assert page.elements[0] == ("html", {"lang": "en", "data-theme": "auto"})
        assert ("main", {"class": "card"}) in page.elements
        assert any(tag == "h1" for tag, _ in page.elements)


def test_provision_card_shows_the_provision_and_who_said_what(client: FlaskClient) -> None:
    provision = client.get(f"/v1/provisions/{PROVISION}").get_json()
    statements = client.get(f"/v1/provisions/{PROVISION}/statements").get_json()["results"]
    _, page = card(client, f"/embed/provisions/{PROVISION}")
    text = page.visible_text
    assert provision["number"] in text and provision["heading"] in text
    assert norm(provision["summary"]) in text
    assert "Confirmed" in text
    assert "editorial label" in text
    for topic in provision["topics"]:
        assert topic["label"] in text
    counts = {r: n for r, n in provision["citation_counts"].items() if n}
    assert counts and counts == {r: n for r, n in facts().citation_counts(PROVISION).items() if n}
    for relation in RELATIONS:
        label = GROUP_LABELS[relation]
        assert f"{label} ({counts[relation]})" in text if relation in counts else label not in text
    # A group shows its first statements (in article order); the rest are one link away.
    shown = {
        statement
        for relation in counts
        for statement in facts().citing(provision=PROVISION, relation=relation)[:SHOWN_PER_GROUP]
    }
    for statement in statements:
        assert (norm(statement["text"]) in text) == (statement["id"] in shown), statement["id"]
    assert "Ras J. Baraka, Mayor" in text
    article_url = statements[0]["article"]["url"]
    assert article_url.startswith("http") and article_url not in page.anchors
    assert (
        "https://wpgtalkradio.com/newark-mayor-barr-provoking-fear-and-hatred-over-our-sanctuary-policies/"
        in page.anchors
    )


def test_provision_card_caps_long_groups_with_a_link_to_the_rest(fresh_app: Flask) -> None:
    with Session(fresh_app.extensions["policyapi.engine"]) as session:
        provision = make_provision(session)
        article = make_article(session)
        defending = [make_statement(session, article) for _ in range(SHOWN_PER_GROUP + 2)]
        for statement in defending:
            make_citation(session, statement, provision, relation="defends")
        make_citation(session, make_statement(session, article), provision, relation="criticizes")
        session.commit()
        provision_id = provision.id
    # 6 defending statements: 4 are shown, the other two are one link away.
    _, page = card(fresh_app.test_client(), f"/embed/provisions/{provision_id}")
    assert "Defending it (6)" in page.visible_text and "2 more" in page.visible_text
    assert "Criticizing it (1)" in page.visible_text
    more = [a for a in page.anchors if "relation=" in a]
    assert more == [f"{BASE}/v1/provisions/{provision_id}/statements?relation=defends"]


def test_statement_card_shows_quote_speaker_article_and_citations(client: FlaskClient) -> None:
    statement = client.get(f"/v1/statements/{STATEMENT}").get_json()
    _, page = card(client, f"/embed/statements/{STATEMENT}")
    text = page.visible_text
    assert norm(statement["text"]) in text
    assert "Ras J. Baraka" in text and "Role as stated: Mayor" in text
    assert statement["article"]["title"] in text and "2020-02" in text
    assert "Paraphrase" in text and "Defends" in text
    for citation in statement["citations"]:
        provision = citation["provision"]
        assert provision["heading"] in text
        assert f"{BASE}/embed/provisions/{provision['id']}" in page.anchors


def test_document_card_is_the_outline(client: FlaskClient) -> None:
    document = client.get(f"/v1/documents/{DOC}").get_json()
    _, page = card(client, f"/embed/documents/{DOC}")
    linked = [a for a in page.anchors if "/embed/provisions/" in a]
    assert linked == [f"{BASE}/embed/provisions/{p['id']}" for p in document["provisions"]]
    assert "editorial labels" in page.visible_text
    last = document["provisions"][-1]
    assert f"{last['number']}. {norm(last['heading'])}" in page.visible_text


def test_theme_parameters(client: FlaskClient) -> None:
    _, page = card(client, f"/embed/provisions/{PROVISION}?theme=dark&accent=0a7")
    assert page.elements[0][1]["data-theme"] == "dark"
    assert "--pa-accent:#00aa77;" in page.styles[0]
    # The theme follows the links to other cards.
    _, statement = card(client, f"/embed/statements/{STATEMENT}?theme=light&accent=%23123456")
    assert f"{BASE}/embed/provisions/{PROVISION}?theme=light&accent=123456" in statement.anchors


@pytest.mark.parametrize(
    ("query", "field"),
    [("theme=blue", "theme"), ("accent=red", "accent"), ("accent=%3C", "accent")],
)
def test_bad_theme_is_400_problem(client: FlaskClient, query: str, field: str) -> None:
    body = assert_problem(client.get(f"/embed/provisions/{PROVISION}?{query}"), 400)
    assert body["errors"][0]["pointer"] == f"#/{field}"


@pytest.mark.parametrize("kind", ["provisions", "statements", "documents"])
def test_unknown_card_is_404_problem(client: FlaskClient, kind: str) -> None:
    assert_problem(client.get(f"/embed/{kind}/nope"), 404)


def test_cards_are_cached_with_etags(client: FlaskClient) -> None:
    response = client.get(f"/embed/provisions/{PROVISION}")
    assert response.headers["Cache-Control"].startswith("public, max-age=")
    again = client.get(
        f"/embed/provisions/{PROVISION}", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304
    themed = client.get(f"/embed/provisions/{PROVISION}?theme=dark")
    assert themed.headers["ETag"] != response.headers["ETag"]


def test_palettes_meet_wcag_aa() -> None:
    for name, palette in PALETTES.items():
        for background in ("bg", "surface"):
            for text in TEXT_COLOURS:
                ratio = contrast(palette[text], palette[background])
                assert ratio >= 4.5, (name, text, background, ratio)
            for graphic in GRAPHIC_COLOURS:
                ratio = contrast(palette[graphic], palette[background])
                assert ratio >= 3, (name, graphic, background, ratio)
    for accent in ("#ffffff", "#000000", "#777777", "#1f5fbf", "#ffcc00", "#00aa77"):
        assert contrast(accent, ink_for(accent)) >= 4.5
    assert normalise_accent("ABC") == "#aabbcc"
    assert normalise_accent("#12345") is None


# --- escaping ----------------------------------------------------------------------------------

HOSTILE_TEXT = '</script><script>alert("pwned")</script><img src=x onerror=alert(1)> & "quotes"'
HOSTILE_NAME = "<b onmouseover=alert(2)>Mallory</b>"


@pytest.fixture
def hostile_app(fresh_app: Flask) -> Flask:
    """A statement and speaker whose text is markup, citing a provision."""
    with Session(fresh_app.extensions["policyapi.engine"]) as session:
        article = make_article(session, text=f"Before. {HOSTILE_TEXT} After.")
        mallory = make_speaker(session, id="mallory", name=HOSTILE_NAME)
        statement = make_statement(
            session,
            article,
            text=HOSTILE_TEXT,
            speaker=mallory,
            id="hostile-s1",
            role_as_stated='"><script>alert(3)</script>',
        )
        provision = make_provision(session, id="hostile-provision")
        make_citation(session, statement, provision, relation="criticizes")
        session.commit()
    return fresh_app


@pytest.mark.parametrize(
    "path", ["/embed/statements/hostile-s1", "/embed/provisions/hostile-provision"]
)
def test_markup_in_data_renders_as_text(hostile_app: Flask, path: str) -> None:
    response, page = card(hostile_app.test_client(), path)
    html = response.get_data(as_text=True)
    assert "alert(" in html  # the data is there...
    assert "<script>alert" not in html and "<img src=x" not in html and "<b onmouseover" not in html
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in html
    # ...as text: the parsed page holds it as characters, and no element came from it.
    assert norm(HOSTILE_TEXT) in page.visible_text and "Mallory" in page.visible_text
    assert [tag for tag, _ in page.elements if tag in ("img", "b")] == []
    assert len(page.scripts) == 2  # the JSON-LD block and the hashed resize script
    # The JSON-LD block survives it too: "</script>" cannot close it early.
    data = page.jsonld()
    if data["@type"] == "Quotation":
        assert data["text"] == HOSTILE_TEXT
        assert data["creator"]["name"] == HOSTILE_NAME


# --- oEmbed ------------------------------------------------------------------------------------


def oembed(client: FlaskClient, url: str, **params: str) -> TestResponse:
    query = "&".join(f"{k}={quote(v, safe='')}" for k, v in {"url": url, **params}.items())
    return client.get(f"/oembed?{query}")


@pytest.mark.parametrize(
    ("url", "card_path"),
    [
        (f"{BASE}/v1/provisions/{PROVISION}", f"/embed/provisions/{PROVISION}"),
        (f"{BASE}/embed/provisions/{PROVISION}", f"/embed/provisions/{PROVISION}"),
        (f"{BASE}/v1/documents/{DOC}/provisions/sec_2", f"/embed/provisions/{PROVISION}"),
        (f"https://localhost/v1/statements/{STATEMENT}", f"/embed/statements/{STATEMENT}"),
        (f"{BASE}/v1/documents/{DOC}", f"/embed/documents/{DOC}"),
    ],
)
def test_oembed_rich_response(client: FlaskClient, url: str, card_path: str) -> None:
    response = oembed(client, url)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["type"] == "rich" and body["version"] == "1.0"
    assert body["provider_name"] == "policyapi" and body["provider_url"] == f"{BASE}/"
    assert isinstance(body["width"], int) and isinstance(body["height"], int)
    assert body["width"] == 560 and body["height"] > 100
    frame = Page(body["html"])
    tag, attrs = frame.elements[0]
    assert tag == "iframe"
    assert attrs["src"] == f"{BASE}{card_path}"
    assert attrs["width"] == str(body["width"]) and attrs["height"] == str(body["height"])
    assert attrs["title"] and attrs["data-policyapi-embed"]
    assert frame.elements[1] == ("script", {"async": None, "src": f"{BASE}/embed/v1.js"})


def test_oembed_honours_maxwidth_maxheight_and_theme(client: FlaskClient) -> None:
    url = f"{BASE}/v1/provisions/{PROVISION}"
    body = oembed(client, url, maxwidth="300", maxheight="200", theme="dark").get_json()
    assert body["width"] == 300 and body["height"] == 200
    src = Page(body["html"]).elements[0][1]["src"] or ""
    assert parse_qs(urlsplit(src).query) == {"theme": ["dark"]}


def test_card_discovery_link_leads_to_its_oembed(client: FlaskClient) -> None:
    _, page = card(client, f"/embed/statements/{STATEMENT}")
    href = page.link("alternate", "application/json+oembed")
    response = client.get(href)
    assert response.status_code == 200
    assert response.get_json()["html"].startswith(
        f'<iframe src="{BASE}/embed/statements/{STATEMENT}"'
    )


@pytest.mark.parametrize(
    "url",
    [
        f"{BASE}/v1/provisions/nope",
        f"{BASE}/v1/topics/warrants",
        f"{BASE}/v1/provisions",
        f"{BASE}/nowhere",
        f"https://elsewhere.example/v1/provisions/{PROVISION}",
        f"ftp://localhost/v1/provisions/{PROVISION}",
        f"{BASE}/v1/documents/{DOC}/provisions/sec_99",
        "not a url",
    ],
)
def test_oembed_unknown_url_is_404(client: FlaskClient, url: str) -> None:
    assert_problem(oembed(client, url), 404)


def test_oembed_xml_is_501(client: FlaskClient) -> None:
    # oEmbed defines xml; a provider without it answers 501 Not Implemented.
    assert_problem(oembed(client, f"{BASE}/v1/provisions/{PROVISION}", format="xml"), 501)


@pytest.mark.parametrize("fmt", ["yaml", "AAA"])
def test_oembed_unknown_formats_are_bad_input(client: FlaskClient, fmt: str) -> None:
    body = assert_problem(oembed(client, f"{BASE}/v1/provisions/{PROVISION}", format=fmt), 422)
    assert "json" in body["detail"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "url=",
        f"url={BASE}/v1/provisions/{PROVISION}&maxwidth=wide",
        f"url={BASE}/v1/provisions/{PROVISION}&maxheight=0",
        f"url={BASE}/v1/provisions/{PROVISION}&maxwidth=-5",
        "url=a%00b",
        f"url={'x' * 2001}",
        "url=http://[::1",
        "url=http://[zz]/",
        f"url=http://[zz]/v1/provisions/{PROVISION}",
    ],
)
def test_oembed_bad_parameters_are_400(client: FlaskClient, query: str) -> None:
    assert_problem(client.get(f"/oembed?{query}"), 400)


# --- embed.js ----------------------------------------------------------------------------------


def test_embed_script_is_versioned_and_cacheable(client: FlaskClient) -> None:
    response = client.get("/embed/v1.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    etag, weak = response.get_etag()
    assert etag and not weak
    assert response.headers["Cache-Control"] == "public, max-age=86400"
    assert client.get("/embed.js").data == response.data
    assert b"data-policyapi-" in response.data and b"event.origin !== origin" in response.data
    again = client.get("/embed/v1.js", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


# --- JSON-LD -----------------------------------------------------------------------------------


def ld(client: FlaskClient, path: str, *, accept: bool = False) -> dict[str, Any]:
    if accept:
        response = client.get(path, headers={"Accept": "application/ld+json"})
    else:
        response = client.get(f"{path}?format=jsonld")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/ld+json"
    data: dict[str, Any] = json.loads(response.data)
    assert data["@context"] == "https://schema.org"
    return data


@pytest.mark.parametrize("accept", [False, True])
def test_document_as_legislation(client: FlaskClient, accept: bool) -> None:
    data = ld(client, f"/v1/documents/{DOC}", accept=accept)
    assert data["@type"] == "Legislation"
    assert data["@id"] == f"{BASE}/v1/documents/{DOC}"
    assert data["legislationDate"] == "2017-06-19"
    assert data["legislationIdentifier"] == DOC
    assert (
        data["legislationJurisdiction"]["identifier"]
        == "ocd-division/country:us/state:nj/place:newark"
    )
    assert data["legislationLegalForce"] == "https://schema.org/InForce"
    parts = data["hasPart"]
    assert len(parts) == len(facts().provisions(DOC))
    assert {p["@type"] for p in parts} == {"Legislation"}
    assert parts[1]["@id"] == f"{BASE}/v1/provisions/{PROVISION}"
    assert parts[1]["alternateName"].startswith("N02 (editorial")


@pytest.mark.parametrize(
    "path", [f"/v1/provisions/{PROVISION}", f"/v1/documents/{DOC}/provisions/sec_2"]
)
def test_provision_as_legislation_part_of_its_document(client: FlaskClient, path: str) -> None:
    data = ld(client, path)
    assert data["@type"] == "Legislation"
    assert data["@id"] == f"{BASE}/v1/provisions/{PROVISION}"
    assert data["legislationIdentifier"] == PROVISION
    assert data["legislationDate"] == "2017-06-19"
    assert data["isPartOf"]["@type"] == "Legislation"
    assert data["isPartOf"]["@id"] == f"{BASE}/v1/documents/{DOC}"
    assert {t["termCode"] for t in data["about"]} == set(facts().provision(PROVISION)["topics"])


@pytest.mark.parametrize("accept", [False, True])
def test_statement_as_quotation(client: FlaskClient, accept: bool) -> None:
    data = ld(client, f"/v1/statements/{STATEMENT}", accept=accept)
    assert data["@type"] == "Quotation"
    assert data["text"] == client.get(f"/v1/statements/{STATEMENT}").get_json()["text"]
    assert norm(data["text"]) == 'saying Newark does not protect "dangerous criminals."'
    assert data["creator"] == {
        "@type": "Person",
        "@id": f"{BASE}/v1/speakers/ras-baraka",
        "name": "Ras J. Baraka",
        "jobTitle": "Mayor",
    }
    assert data["isBasedOn"]["@type"] == "NewsArticle"
    assert data["isBasedOn"]["url"].startswith("https://wpgtalkradio.com/")
    about = {a["@id"]: a["@type"] for a in data["about"]}
    cited = facts().statement(STATEMENT)["citations"]
    assert f"{BASE}/v1/provisions/{PROVISION}" in about
    assert about == {
        f"{BASE}/v1/provisions/{c['provision']}"
        if c.get("provision")
        else f"{BASE}/v1/documents/{c['document']}": "Legislation"
        for c in cited
    }


def test_narration_is_credited_to_the_publisher(client: FlaskClient) -> None:
    data = ld(client, "/v1/statements/nj1015-baraka-barr-sanctuary-2020-s01")
    assert data["creator"] == {
        "@type": "Organization",
        "name": "New Jersey 101.5 (Townsquare Media)",
    }
    assert data["about"] == [
        {
            "@type": "Legislation",
            "@id": f"{BASE}/v1/documents/{DOC}",
            "name": "Newark: A Fair and Welcoming City",
            "legislationIdentifier": DOC,
        }
    ]


def test_cards_embed_the_same_jsonld(client: FlaskClient) -> None:
    for path, kind in [("provisions", PROVISION), ("statements", STATEMENT), ("documents", DOC)]:
        _, page = card(client, f"/embed/{path}/{kind}")
        assert page.jsonld() == ld(client, f"/v1/{path}/{kind}")
        assert (
            page.link("alternate", "application/ld+json")
            == f"{BASE}/v1/{path}/{kind}?format=jsonld"
        )


def test_json_stays_the_default(client: FlaskClient) -> None:
    for headers in ({}, {"Accept": "application/json"}, {"Accept": "*/*"}):
        response = client.get(f"/v1/provisions/{PROVISION}", headers=headers)
        assert response.mimetype == "application/json"
        assert response.get_json()["id"] == PROVISION
    explicit = client.get(
        f"/v1/provisions/{PROVISION}?format=json", headers={"Accept": "application/ld+json"}
    )
    assert explicit.mimetype == "application/json"


def test_jsonld_variants_have_their_own_etags(client: FlaskClient) -> None:
    path = f"/v1/statements/{STATEMENT}"
    plain = client.get(path).headers["ETag"]
    linked = client.get(path, headers={"Accept": "application/ld+json"})
    assert linked.headers["ETag"] != plain
    assert "Accept" in linked.headers["Vary"]
    cached = client.get(
        path, headers={"Accept": "application/ld+json", "If-None-Match": linked.headers["ETag"]}
    )
    assert cached.status_code == 304


def test_jsonld_errors_are_problems(client: FlaskClient) -> None:
    assert_problem(client.get("/v1/provisions/nope?format=jsonld"), 404)
    assert_problem(
        client.get("/v1/statements/nope", headers={"Accept": "application/ld+json"}), 404
    )
    body = assert_problem(client.get(f"/v1/provisions/{PROVISION}?format=xml"), 422)
    assert body["errors"] == [
        {"pointer": "#/format", "detail": "must be one of: json, jsonld, html"}
    ]


# --- the front page ----------------------------------------------------------------------------

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_front_page_for_people(client: FlaskClient) -> None:
    response = client.get("/", headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "Accept" in response.headers["Vary"]
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    page = Page(response.get_data(as_text=True))
    assert policy["style-src"] == [sha256_source(page.styles[0])]
    # Every document (by id), each with its provisions in order.
    provisions = [p["id"] for p in facts().provisions()]
    # Each provision links to its page (its /v1 URL, HTML for browsers: tests/test_site_pages.py).
    pages = [a for a in page.anchors if a.startswith(f"{BASE}/v1/provisions/")]
    assert pages == [f"{BASE}/v1/provisions/{p}" for p in provisions]
    assert policy["form-action"] == ["'self'"]  # the search box, sent to /search
    charts = [attrs for tag, attrs in page.elements if tag == "svg"]
    assert len(charts) == len(provisions)
    counts = facts().citation_counts(PROVISION)
    bars = [f"{counts[r]} {GROUP_LABELS[r].split()[0].lower()}" for r in RELATIONS if counts[r]]
    label = charts[provisions.index(PROVISION)]["aria-label"]
    assert bars and label == "Citing statements: " + ", ".join(bars)
    listed = client.get("/v1/provisions?page_size=500").get_json()["results"]
    assert [p["id"] for p in listed] == provisions
    expected = [f"g-{r}" for p in listed for r, n in p["citation_counts"].items() if n]
    assert [attrs["class"] for tag, attrs in page.elements if tag == "rect"] == expected
    for link in ("/docs", "/openapi.json", "/v1/meta", "/v1/export/statements.csv", "/embed/v1.js"):
        assert (
            any(a == f"{BASE}{link}" for a in page.anchors) or f"{BASE}{link}" in page.visible_text
        )
    # The release it was read from, its changes and its feed; and that it shows today's law.
    version = client.get("/v1/meta").get_json()["version"]
    for link in (f"/v1/releases/{version}", "/v1/releases", "/v1/changes?format=atom"):
        assert f"{BASE}{link}" in page.anchors, link
    assert f"as release {version} records it" in " ".join(page.visible_text.split())


def test_json_clients_keep_the_index_of_links(client: FlaskClient) -> None:
    for headers in ({}, {"Accept": "application/json"}, {"Accept": "*/*"}):
        response = client.get("/", headers=headers)
        assert response.mimetype == "application/json"
        assert response.get_json()["links"]["docs"] == f"{BASE}/docs"
    html = client.get("/", headers={"Accept": "text/html"})
    json_ = client.get("/", headers={"Accept": "application/json"})
    assert html.headers["ETag"] != json_.headers["ETag"]
