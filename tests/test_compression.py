"""Compression: the body as Accept-Encoding asks, its own ETag, 304s, streams closed."""

import gzip
import json
from collections.abc import Iterator

import brotli
import pytest

from flask import Flask
from flask.testing import FlaskClient

from policyapi.web.compression import compress_response
from tests.seedfacts import facts

DOCUMENT = facts().documents[0]["id"]


def document_path() -> str:
    return f"/v1/documents/{DOCUMENT}"


def test_json_is_gzipped_with_its_own_strong_etag(client: FlaskClient) -> None:
    plain = client.get(document_path())
    zipped = client.get(document_path(), headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert int(zipped.headers["Content-Length"]) == len(zipped.data) < len(plain.data)
    tag, weak = zipped.get_etag()
    assert not weak and tag == f"{plain.get_etag()[0]}:gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert "Accept" in zipped.headers["Vary"]


def test_brotli_when_preferred(client: FlaskClient) -> None:
    response = client.get(document_path(), headers={"Accept-Encoding": "gzip;q=0.5, br"})
    assert response.headers["Content-Encoding"] == "br"
    assert json.loads(brotli.decompress(response.data))["id"] == DOCUMENT


def test_identity_answer_is_plain_and_still_varies(client: FlaskClient) -> None:
    response = client.get(document_path(), headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers
    assert "Accept-Encoding" in response.headers["Vary"]


@pytest.mark.parametrize("weak", [False, True])
def test_compressed_etag_gives_304(client: FlaskClient, weak: bool) -> None:
    headers = {"Accept-Encoding": "gzip"}
    etag = client.get(document_path(), headers=headers).headers["ETag"]
    asked = f"W/{etag}" if weak else etag
    response = client.get(document_path(), headers={**headers, "If-None-Match": asked})
    assert response.status_code == 304
    assert response.data == b""
    assert response.headers["ETag"] == etag
    assert "Accept-Encoding" in response.headers["Vary"]


def test_gzip_tag_does_not_validate_another_encoding(client: FlaskClient) -> None:
    etag = client.get(document_path(), headers={"Accept-Encoding": "gzip"}).headers["ETag"]
    for encoding in ("br", "identity"):
        headers = {"Accept-Encoding": encoding, "If-None-Match": etag}
        assert client.get(document_path(), headers=headers).status_code == 200


def test_export_stream_is_compressed_whole(client: FlaskClient) -> None:
    path = "/v1/export/statements.csv"
    # Each read whole before the next: a worker sends one download at once (web/slots.py).
    plain = client.get(path, buffered=True)
    zipped = client.get(path, headers={"Accept-Encoding": "gzip"}, buffered=True)
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Content-Length" not in zipped.headers
    assert gzip.decompress(zipped.data) == plain.data


def test_a_compressed_stream_closes_the_original(app: Flask) -> None:
    closed: list[bool] = []

    def rows() -> Iterator[bytes]:
        try:
            while True:
                yield b"id,text\n" * 100
        finally:
            closed.append(True)

    with app.test_request_context("/v1/export/x.csv", headers={"Accept-Encoding": "gzip"}):
        response = compress_response(app.response_class(rows(), mimetype="text/csv"))
        assert response.headers["Content-Encoding"] == "gzip"
        next(iter(response.response))  # the client read a little, then went away
        response.close()
    assert closed == [True]


def test_if_none_match_any_gives_the_encoded_tag(client: FlaskClient) -> None:
    headers = {"Accept-Encoding": "gzip"}
    etag = client.get(document_path(), headers=headers).headers["ETag"]
    response = client.get(document_path(), headers={**headers, "If-None-Match": "*"})
    assert response.status_code == 304
    assert response.headers["ETag"] == etag


def test_a_compressed_body_is_reused_for_the_same_etag(client: FlaskClient) -> None:
    headers = {"Accept-Encoding": "br"}
    first = client.get(document_path(), headers=headers)
    again = client.get(document_path(), headers=headers)
    assert again.data == first.data
    assert again.headers["ETag"] == first.headers["ETag"]
    assert json.loads(brotli.decompress(again.data))["id"] == DOCUMENT
