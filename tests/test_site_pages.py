"""The human site: HTML on the /v1 item URLs for browsers, linked both ways, text kept exact."""

import html
import re
from dataclasses import dataclass

import pytest

from flask.testing import FlaskClient

from policyapi.site.annotate import segments
from policyapi.site.search import fragments
from tests.seedfacts import facts

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
BASE = "http://localhost"


def page(client: FlaskClient, path: str) -> str:
    response = client.get(path, headers=BROWSER)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'none'" in policy and "form-action 'self'" in policy
    assert 'role="search"' in response.get_data(as_text=True)  # every page has the search box
    return response.get_data(as_text=True)


def first(kind: str) -> str:
    return str(getattr(facts(), kind)[0]["id"])


def item_paths() -> list[str]:
    f = facts()
    return [
        f"/v1/documents/{first('documents')}",
        f"/v1/provisions/{f.provisions()[0]['id']}",
        f"/v1/statements/{f.statements()[0]['id']}",
        f"/v1/articles/{first('articles')}",
        f"/v1/speakers/{first('speakers')}",
        f"/v1/topics/{first('topics')}",
    ]


@pytest.mark.parametrize("path", item_paths())
def test_every_item_url_is_a_page_for_browsers_and_json_for_clients(
    client: FlaskClient, path: str
) -> None:
    html_page = page(client, path)
    assert f'href="{BASE}{path}?format=json"' in html_page  # the page links its data
    assert client.get(f"{path}?format=html").mimetype == "text/html"
    for accept in ("*/*", "application/json", ""):
        assert client.get(path, headers={"Accept": accept}).mimetype == "application/json"


def test_a_document_page_nests_its_outline_and_lists_whole_document_statements(
    client: FlaskClient,
) -> None:
    for document in facts().documents:
        text = page(client, f"/v1/documents/{document['id']}")
        for provision in facts().provisions(document["id"]):
            assert f'{BASE}/v1/provisions/{provision["id"]}"' in text
        for statement_id in facts().citing(document=document["id"], provision=None):
            assert f'{BASE}/v1/statements/{statement_id}"' in text


def test_a_provision_page_links_every_statement_citing_it(client: FlaskClient) -> None:
    for provision in facts().provisions()[:6]:
        text = page(client, f"/v1/provisions/{provision['id']}")
        assert provision["heading"] in html.unescape(text)
        assert f'{BASE}/v1/documents/{provision["document"]}"' in text  # breadcrumb, up
        for statement_id in facts().citing(provision=provision["id"]):
            statement = facts().statement(statement_id)
            assert f'{BASE}/v1/statements/{statement_id}"' in text
            assert f'{BASE}/v1/articles/{statement["article"]}#{statement_id}"' in text


def test_a_statement_page_links_its_provisions_and_its_place_in_the_article(
    client: FlaskClient,
) -> None:
    for statement in facts().statements()[:8]:
        text = page(client, f"/v1/statements/{statement['id']}")
        assert f'{BASE}/v1/articles/{statement["article"]}#{statement["id"]}"' in text
        for citation in statement.get("citations", []):
            target = (
                f"/v1/provisions/{citation['provision']}"
                if citation.get("provision")
                else f"/v1/documents/{citation['document']}"
            )
            assert f'{BASE}{target}"' in text


ARTICLE_TEXT = re.compile(r'<div class="article-text"[^>]*>(.*?)</div>', re.DOTALL)


def test_the_annotated_article_is_the_exact_text_with_every_statement_marked(
    client: FlaskClient,
) -> None:
    for article in facts().articles:
        text = page(client, f"/v1/articles/{article['id']}")
        marked = ARTICLE_TEXT.search(text)
        assert marked is not None
        shown = html.unescape(re.sub(r"<[^>]+>", "", marked.group(1)))
        assert shown == facts().article_text(article["id"])  # never normalised
        for statement in facts().statements(article["id"]):
            assert f'id="{statement["id"]}"' in marked.group(1)
            assert f'{BASE}/v1/statements/{statement["id"]}"' in marked.group(1)


def test_articles_short_address_is_a_permanent_redirect_to_the_article_page(
    client: FlaskClient,
) -> None:
    for article in facts().articles:
        response = client.get(f"/articles/{article['id']}?format=html", headers=BROWSER)
        assert response.status_code == 308
        location = response.headers["Location"]
        assert location == f"{BASE}/v1/articles/{article['id']}?format=html"
        assert client.get(location.removeprefix(BASE)).status_code == 200
    missing = client.get("/articles/no-such-article", headers=BROWSER, follow_redirects=True)
    assert missing.status_code == 404
    assert missing.mimetype == "text/html"  # the error card, not problem+json, for a person


@dataclass(frozen=True)
class Span:
    id: str
    start_offset: int
    end_offset: int


def test_segments_keep_the_text_and_each_statement_whole() -> None:
    text = "He said: “we will not comply,” he said, and left."
    spans = [Span("outer", 0, 39), Span("inner", 9, 30), Span("edge", 30, 49), Span("void", 5, 5)]
    cut = segments(text, spans)
    assert "".join(s.text for s in cut) == text
    for span in spans[:3]:
        own = [s for s in cut if s.statement_id == span.id]
        assert own[0].first and not any(s.first for s in own[1:])
    inner = "".join(s.text for s in cut if s.statement_id == "inner")
    assert inner == text[9:30]
    assert {s.depth for s in cut if s.statement_id == "inner"} == {2}


def test_segments_of_every_seeded_article_rebuild_its_statements() -> None:
    for article in facts().articles:
        text = facts().article_text(article["id"])
        spans = [Span(s["id"], s["start"], s["end"]) for s in facts().statements(article["id"])]
        cut = segments(text, spans)
        assert "".join(s.text for s in cut) == text
        for span in spans:
            covered = "".join(
                s.text
                for s, at in zip(cut, _starts(cut), strict=True)
                if span.start_offset <= at < span.end_offset
            )
            assert covered == text[span.start_offset : span.end_offset]


def _starts(cut: list) -> list[int]:  # type: ignore[type-arg]
    at, out = 0, []
    for s in cut:
        out.append(at)
        at += len(s.text)
    return out


def test_speaker_and_topic_pages_link_what_they_list(client: FlaskClient) -> None:
    speaker = next(s for s in facts().speakers if facts().statement_ids(speaker=s["id"]))
    text = page(client, f"/v1/speakers/{speaker['id']}")
    for statement_id in facts().statement_ids(speaker=speaker["id"])[:50]:
        assert f'{BASE}/v1/statements/{statement_id}"' in text
    topic = first("topics")
    text = page(client, f"/v1/topics/{topic}")
    for provision in facts().provisions():
        if topic in provision.get("topics", []):
            assert f'{BASE}/v1/provisions/{provision["id"]}"' in text


def test_search_page_ranks_and_highlights(client: FlaskClient) -> None:
    summary = facts().provisions()[0]["summary"]
    word = max(re.findall(r"[A-Za-z]+", summary), key=len)
    text = page(client, f"/search?q={word}")
    assert "<mark>" in text and 'class="results"' in text
    assert page(client, f"/v1/search?q={word}").count("<mark>") == text.count("<mark>")
    assert 'class="results"' not in page(client, "/search")  # no query: just the box


def test_search_page_refuses_bad_input_with_a_card(client: FlaskClient) -> None:
    response = client.get("/search?q=warrants&type=everything", headers=BROWSER)
    assert response.status_code == 422 and response.mimetype == "text/html"
    # Without words too: the other parameters are still checked.
    assert client.get("/search?type=everything", headers=BROWSER).status_code == 422


def test_search_page_takes_type_as_often_as_given(client: FlaskClient) -> None:
    both = page(client, "/search?q=warrant&type=statement&type=provision")
    assert both == page(client, "/search?q=warrant")  # every kind asked for: the same hits


def test_fragments_from_offsets_or_from_marks() -> None:
    from_offsets = {"snippet_text": "a <b> warrant", "highlights": [{"start": 6, "end": 13}]}
    assert fragments(from_offsets) == [("a <b> ", False), ("warrant", True)]
    assert fragments({"snippet_text": "ab", "highlights": [[0, 1]]}) == [("a", True), ("b", False)]
    from_marks = {"snippet": "a &lt;b&gt; <mark>warrant</mark>"}
    assert fragments(from_marks) == [("a <b> ", False), ("warrant", True)]


def test_a_provision_page_as_of_an_older_day_says_so(client: FlaskClient) -> None:
    for provision in facts().versioned():
        first_day = provision["versions"][0].get("valid_from")
        if not first_day or len(str(first_day)) != 10:
            continue
        text = page(client, f"/v1/provisions/{provision['id']}?as_of={first_day}")
        assert f"As of {first_day}" in text
        assert "older version" in text
        return
    pytest.skip("no provision with an older dated version in these seeds")
