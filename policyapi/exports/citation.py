"""The dataset's recommended citation as BibTeX, CSL-JSON and RIS."""

import json
import re
from dataclasses import dataclass
from datetime import UTC, date
from enum import StrEnum
from typing import Any


class CitationFormat(StrEnum):
    BIBTEX = "bibtex"
    CSL_JSON = "csl-json"
    RIS = "ris"


MEDIA_TYPES = {
    CitationFormat.BIBTEX: "application/x-bibtex",
    CitationFormat.CSL_JSON: "application/vnd.citationstyles.csl+json",
    CitationFormat.RIS: "application/x-research-info-systems",
}


@dataclass(frozen=True)
class DatasetCitation:
    """What a citation of one dataset version says."""

    key: str
    title: str
    author: str
    version: str
    dataset_version: str
    content_hash: str
    issued: date
    url: str
    licence: str

    @property
    def note(self) -> str:
        return (
            f"Dataset version {self.dataset_version}; content sha256 {self.content_hash}; "
            f"licence {self.licence}"
        )


_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}~^\\])")
_BIBTEX_ESCAPES = {"~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}


def _bibtex_text(value: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_ESCAPES.get(m[1], "\\" + m[1]), value)


def bibtex(citation: DatasetCitation) -> str:
    """A BibTeX @misc entry (BibLaTeX reads `version` and `url` as well)."""
    fields = {
        # Double braces: a corporate author is one name, not "first last".
        "author": "{" + _bibtex_text(citation.author) + "}",
        "title": _bibtex_text(citation.title),
        "year": str(citation.issued.year),
        "version": _bibtex_text(citation.version),
        "publisher": _bibtex_text(citation.author),
        "url": citation.url,
        "note": _bibtex_text(citation.note),
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@misc{{{citation.key},\n{body}\n}}\n"


def csl_json(citation: DatasetCitation) -> str:
    """A CSL-JSON array with one item of type dataset."""
    item = {
        "id": citation.key,
        "type": "dataset",
        "title": citation.title,
        "author": [{"literal": citation.author}],
        "publisher": citation.author,
        "version": citation.version,
        "issued": {
            "date-parts": [[citation.issued.year, citation.issued.month, citation.issued.day]]
        },
        "URL": citation.url,
        "note": citation.note,
    }
    return json.dumps([item], indent=2, ensure_ascii=False) + "\n"


def ris(citation: DatasetCitation) -> str:
    """An RIS record of type DATA (CRLF line ends, as the format expects)."""
    lines = [
        ("TY", "DATA"),
        ("AU", citation.author),
        ("TI", citation.title),
        ("PY", str(citation.issued.year)),
        ("DA", citation.issued.strftime("%Y/%m/%d")),
        ("ET", citation.version),
        ("PB", citation.author),
        ("UR", citation.url),
        ("N1", citation.note),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


def text(citation: DatasetCitation) -> str:
    """The recommended citation as one line of plain text (/v1/meta's how_to_cite)."""
    return (
        f"{citation.author} ({citation.issued.year}). {citation.title}. "
        f"Version {citation.version} (content {citation.content_hash[:12]}). "
        f"Licence: {citation.licence}."
    )


def dataset_citation(dataset: Any, dataset_version: str, url: str) -> DatasetCitation:
    """What a citation of the loaded dataset release says (`dataset` is its stored row)."""
    # SQLite hands back naive datetimes; every stored time is UTC.
    loaded = dataset.loaded_at.replace(tzinfo=dataset.loaded_at.tzinfo or UTC)
    # The release's own date; only a dataset without one (synthetic) is dated by its load.
    issued = dataset.released_on or loaded.date()
    return DatasetCitation(
        key=f"{dataset.id}-{dataset.version}",
        title=dataset.title,
        author=dataset.publisher or "policyapi contributors",
        version=dataset.version,
        dataset_version=dataset_version,
        content_hash=dataset.content_hash,
        issued=issued,
        url=url,
        licence=str(dataset.licence.get("id", "see /v1/meta")),
    )


RENDERERS = {
    CitationFormat.BIBTEX: bibtex,
    CitationFormat.CSL_JSON: csl_json,
    CitationFormat.RIS: ris,
}


def render(citation: DatasetCitation, fmt: CitationFormat) -> str:
    return RENDERERS[fmt](citation)
