"""Make a copy of the seeds a new release, the way a curator does: bump the version in
dataset.yaml and add its CHANGELOG.md entry (seeds/README.md, "Releasing")."""

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

VERSION_LINE = re.compile(r"^version: (\d+)\.(\d+)\.(\d+)\s*$", re.M)
FIRST_ENTRY = re.compile(r"^## ", re.M)


def bump_patch(seeds: Path, released_on: date, notes: str = "- Corrections.") -> str:
    """Make `seeds` the next patch release, dated `released_on`; return its version."""
    dataset = seeds / "dataset.yaml"
    text = dataset.read_text(encoding="utf-8")
    found = VERSION_LINE.search(text)
    assert found, "dataset.yaml names no X.Y.Z version"
    version = f"{found[1]}.{found[2]}.{int(found[3]) + 1}"
    dataset.write_text(VERSION_LINE.sub(f"version: {version}", text, count=1), encoding="utf-8")
    changelog = seeds / "CHANGELOG.md"
    log = changelog.read_text(encoding="utf-8")
    at = FIRST_ENTRY.search(log)
    assert at, "CHANGELOG.md has no release entry"
    entry = f"## {version} — {released_on.isoformat()}\n\n{notes}\n\n"
    changelog.write_text(log[: at.start()] + entry + log[at.start() :], encoding="utf-8")
    return version


def current_version(seeds: Path) -> str:
    found = VERSION_LINE.search((seeds / "dataset.yaml").read_text(encoding="utf-8"))
    assert found
    return f"{found[1]}.{found[2]}.{found[3]}"


@dataclass(frozen=True)
class History:
    """What the earlier release had differently from the seeds (the later one)."""

    root: Path  # its seed tree
    earlier: str  # its version
    later: str
    edited_provision: str  # its summary differs
    restored_statement: str  # missing from the earlier release
    restored_topic: tuple[str, str]  # (provision, topic): a link the earlier release lacked


def _earlier_version(version: str) -> str:
    """A version sorting just before `version` (the changelog allows X.Y.Z only)."""
    major, minor, patch = (int(part) for part in version.split("."))
    if patch:
        return f"{major}.{minor}.{patch - 1}"
    if minor:
        return f"{major}.{minor - 1}.9999"
    return f"{major - 1}.9999.9999"


def _rewrite(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _first(folder: Path) -> Path:
    return min(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))


def earlier_release(seeds: Path, dst: Path) -> History:
    """Write to `dst` a release of `seeds` one version earlier that differs in three records:
    one provision's summary, one statement it lacks, one topic link it lacks. Loading `dst`
    then `seeds` gives a history whose second release changes exactly those."""
    shutil.copytree(seeds, dst)
    later = current_version(seeds)
    earlier = _earlier_version(later)
    edited: dict[str, Any] = {}

    def edit_document(document: dict[str, Any]) -> None:
        provisions = document["provisions"]
        provisions[0]["summary"] += " (An earlier reading.)"
        edited["provision"] = provisions[0]["id"]
        linked = next(p for p in provisions if len(p.get("topics") or []) >= 2)
        edited["topic"] = (linked["id"], linked["topics"].pop())

    def drop_statement(article: dict[str, Any]) -> None:
        parents = {s.get("parent") for s in article["statements"]}
        leaf = next(s for s in reversed(article["statements"]) if s["id"] not in parents)
        article["statements"].remove(leaf)
        edited["statement"] = leaf["id"]

    _rewrite(_first(dst / "documents"), edit_document)
    _rewrite(_first(dst / "articles"), drop_statement)
    dataset = dst / "dataset.yaml"
    text = dataset.read_text(encoding="utf-8")
    dataset.write_text(VERSION_LINE.sub(f"version: {earlier}", text, count=1), encoding="utf-8")
    changelog = dst / "CHANGELOG.md"
    log = changelog.read_text(encoding="utf-8")
    at = FIRST_ENTRY.search(log)
    assert at, "CHANGELOG.md has no release entry"
    day = re.match(r"## \S+ — (\S+)", log[at.start() :])
    assert day, "the first CHANGELOG.md entry has no date"
    entry = f"## {earlier} — {day[1]}\n\n- An earlier reading (tests/releasing.py).\n\n"
    changelog.write_text(log[: at.start()] + entry + log[at.start() :], encoding="utf-8")
    return History(dst, earlier, later, edited["provision"], edited["statement"], edited["topic"])
