"""The analyser, the query grammar and snippets: pure functions, no database."""

import pytest

from policyapi.search.language import MAX_WORDS, Phrase, QueryError, parse
from policyapi.search.snippets import snippet
from policyapi.search.tokens import STOP_WORDS, terms, tokens


def test_words_are_folded_stemmed_and_stop_words_dropped() -> None:
    assert terms("Warrants WARRANTED warrant") == ["warrant"] * 3
    assert terms("ICE's officers’ don't") == ["ice", "offic", "dont"]
    assert terms("the city of Newark") == ["citi", "newark"]
    assert terms("law-enforcement, U.S.") == ["law", "enforc", "u", "s"]
    assert terms("snake_case") == ["snake", "case"], "_ separates, as any punctuation"


def test_token_spans_point_into_the_text() -> None:
    text = "  The Mayor’s office: warrants!"
    assert [text[t.start : t.end] for t in tokens(text)] == ["Mayor’s", "office", "warrants"]


def test_grammar() -> None:
    query = parse('"judicial warrants" detainer OR ICE -Trump -"the mayor"')
    assert query.groups == (
        (Phrase(("detain",)), Phrase(("ice",))),
        (Phrase(("judici", "warrant")),),
    )
    assert query.excluded == (Phrase(("mayor",)), Phrase(("trump",)))
    assert parse('"unclosed phrase').groups == ((Phrase(("unclos", "phrase")),),)
    assert parse("OR warrant OR").groups == ((Phrase(("warrant",)),),)


@pytest.mark.parametrize(
    ("q", "says"),
    [
        ("the of and", "only stop words"),
        (" ".join(sorted(STOP_WORDS))[:150], "words"),
        ("-warrant", "only excludes"),
        ("+++ ---", "letter or digit"),
        (" ".join(["e"] * (MAX_WORDS + 1)), f"at most {MAX_WORDS} words"),
        ("a" * 201, "at most 200"),
    ],
)
def test_refusals_say_why(q: str, says: str) -> None:
    with pytest.raises(QueryError, match=says):
        parse(q)


def test_snippets_mark_matches_by_offset_and_escape_html() -> None:
    body = 'Officers said "<b>" without judicial warrants, ' + "more words " * 30
    found = snippet(body, frozenset({"judici", "warrant"}))
    assert [found.text[a:b] for a, b in found.highlights] == ["judicial", "warrants"]
    assert found.text.endswith("…")
    assert "&lt;b&gt;" in found.html() and "<mark>judicial</mark>" in found.html()
    late = snippet("word " * 40 + "warrant", frozenset({"warrant"}))
    assert late.text.startswith("… ") and late.text[slice(*late.highlights[0])] == "warrant"
