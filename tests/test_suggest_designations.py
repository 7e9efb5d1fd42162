"""Provisions a text names by label ("section 3", "§ III.A", "N05") rank first on /v1/suggest."""

from typing import Any

import pytest
from sqlmodel import Session

from flask import Flask

from policyapi.suggest.designations import Designations, bare, citable, designated
from tests.factories import make_document, make_provision


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Section 3 of the ordinance", {("3",)}),
        ("under § III.A, agencies may not", {("iii", "a")}),
        ("paragraph (b) of section 4", {("4", "b")}),
        ("subsection A of Section III", {("iii", "a")}),
        ("sections 2, 5 and 7(a)", {("2",), ("5",), ("7", "a")}),
        ("§§ 2-104 and 2-105", {("2", "104"), ("2", "105")}),
        ("sec.3 and sec. 04", {("3",), ("4",)}),
        ("an article I wrote", set()),
        ("the section in the middle", set()),
        ("It was the point of the order", set()),
    ],
)
def test_labels_after_a_designator_word_are_read(text: str, labels: set[tuple[str, ...]]) -> None:
    assert designated(text) == labels


@pytest.mark.parametrize(
    ("label", "expected"),
    [("N02", True), ("III.A", True), ("3(b)", True), ("2-104", True), ("12", False),
     ("III", False), ("(b)", False), ("A", False)],
)  # fmt: skip
def test_only_a_label_no_word_could_be_is_citable_bare(label: str, expected: bool) -> None:
    assert citable(label) is expected
    assert bool(bare(f"the rule in {label} applies")) is expected


def test_editorial_numbers_are_named_only_as_written() -> None:
    designations = Designations()
    designations.add(0, "N03", "editorial", [])
    designations.add(1, "3", "editorial", [])
    designations.add(2, "3", "official", [])
    designations.add(3, "(b)", "official", ["4"])
    assert list(designations.named("Section 3 of the order")) == [[2]]
    assert sorted(designations.named("point N03 and section 4(b)")) == [[0], [3]]
    assert list(designations.named("Paragraph (b) alone names no section's (b)")) == []


def _suggest(app: Flask, text: str, **extra: Any) -> dict[str, Any]:
    response = app.test_client().post("/v1/suggest", json={"text": text, **extra})
    assert response.status_code == 200, response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()
    return body


def test_a_named_section_is_suggested_first_with_its_number_as_evidence(fresh_app: Flask) -> None:
    with Session(fresh_app.extensions["policyapi.engine"]) as session:
        document = make_document(session, numbering="official")
        sections = [
            make_provision(session, document, heading=heading, summary=summary)
            for heading, summary in (
                ("Parking permits", "Residents may apply for a yearly on-street parking permit."),
                ("Snow emergencies", "Cars must leave snow routes when an emergency is declared."),
                ("Fees", "The permit fee is set by the council each year."),
            )
        ]
        paragraph = make_provision(
            session, document, parent=sections[2], number="(b)", heading="Waivers",
            summary="Residents over 65 pay no fee.",
        )  # fmt: skip
        session.commit()
        second, fees = sections[1].id, (sections[2].number, paragraph.id)
    body = _suggest(fresh_app, "Section 2 was the one the council argued about for an hour.")
    best = body["results"][0]
    assert best["provision"]["id"] == second and body["abstain"] is False
    assert best["evidence"][0]["provision_field"] == "number"
    named = f"Paragraph (b) of section {fees[0]} drew the most letters."
    assert _suggest(fresh_app, named)["results"][0]["provision"]["id"] == fees[1]
