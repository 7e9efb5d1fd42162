"""Read the seed tree (YAML or JSON files) into plain Python values, strings kept as strings."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from policyapi.seeds.errors import SeedError


class SeedSyntaxError(Exception):
    """A file that cannot be parsed at all."""

    def __init__(self, error: SeedError) -> None:
        self.error = error
        super().__init__(str(error))


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as strings and rejects duplicate keys."""


# Dates stay text: partial dates ("2020-02") and full ones must look the same to the validator.
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass
class SeedFile:
    """One parsed file and its path relative to the seed root."""

    path: Path
    name: str
    data: Any


@dataclass
class RawSeeds:
    root: Path
    dataset: SeedFile | None = None
    vocabularies: SeedFile | None = None
    speakers: list[SeedFile] = field(default_factory=list)
    documents: list[SeedFile] = field(default_factory=list)
    articles: list[SeedFile] = field(default_factory=list)
    # every file read, for the content hash of the release
    errors: list[SeedError] = field(default_factory=list)


SEED_SUFFIXES = (".yaml", ".yml", ".json")


# Seed records nest a handful of levels (a document, its provisions, their versions, evidence).
# Far deeper is a mistake or an attack, and would end in a RecursionError in the parser, the
# validator or the content hash: it is refused as a syntax error of its file.
MAX_DEPTH = 64
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep (lists and mappings)"


def _height(value: Any) -> int:
    """How deeply lists and mappings nest in `value`.

    Iterative, so depth cannot exhaust the stack, and each container is measured once, so YAML
    aliases repeated many times ("billion laughs") cost no more than the nodes written. Parsed
    seeds hold no cycles: JSON cannot write one and the loader refuses a recursive YAML alias.
    """
    heights: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(value, False)]
    while stack:
        node, expanded = stack.pop()
        if not isinstance(node, dict | list) or (id(node) in heights and not expanded):
            continue
        items = node.values() if isinstance(node, dict) else node
        children = [c for c in items if isinstance(c, dict | list)]
        if expanded:
            heights[id(node)] = 1 + max((heights[id(c)] for c in children), default=0)
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in heights)
    return heights.get(id(value), 0)


def _checked_depth(data: Any, name: str) -> Any:
    if _height(data) > MAX_DEPTH:
        raise SeedSyntaxError(SeedError(name, None, None, TOO_DEEP))
    return data


def parse_file(path: Path, name: str) -> Any:
    """Parse one YAML or JSON file; raise SeedSyntaxError with the position of an error."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SeedSyntaxError(
            SeedError(name, None, None, f"not valid UTF-8 ({exc.reason})")
        ) from exc
    try:
        return _checked_depth(_parse(path, name, text), name)
    except RecursionError:
        # The parsers recurse per level: deep enough, they fail before _checked_depth can look.
        raise SeedSyntaxError(SeedError(name, None, None, TOO_DEEP)) from None


def _parse(path: Path, name: str, text: str) -> Any:
    if path.suffix == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            message = f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            raise SeedSyntaxError(SeedError(name, None, None, message)) from exc
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506  # nosec B506  # SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        message = f"malformed YAML{where}: {problem}"
        raise SeedSyntaxError(SeedError(name, None, None, message)) from exc


def _read(root: Path, path: Path, raw: RawSeeds) -> SeedFile | None:
    name = path.relative_to(root).as_posix()
    try:
        return SeedFile(path, name, parse_file(path, name))
    except SeedSyntaxError as exc:
        raw.errors.append(exc.error)
        return None


def _single(root: Path, stem: str, raw: RawSeeds) -> SeedFile | None:
    for suffix in SEED_SUFFIXES:
        path = root / f"{stem}{suffix}"
        if path.is_file():
            return _read(root, path, raw)
    raw.errors.append(SeedError(f"{stem}.yaml", None, None, "required file is missing"))
    return None


def _many(root: Path, folder: str, raw: RawSeeds) -> list[SeedFile]:
    paths = sorted(p for p in (root / folder).glob("*") if p.suffix in SEED_SUFFIXES)
    return [f for f in (_read(root, p, raw) for p in paths) if f is not None]


def read_seed_tree(root: Path) -> RawSeeds:
    """Parse every seed file under `root`; syntax errors are collected, not raised."""
    raw = RawSeeds(root=root)
    if not root.is_dir():
        raw.errors.append(SeedError(str(root), None, None, "seed folder not found"))
        return raw
    raw.dataset = _single(root, "dataset", raw)
    raw.vocabularies = _single(root, "vocabularies", raw)
    speakers = _single(root, "speakers", raw)
    raw.speakers = [speakers] if speakers else []
    raw.documents = _many(root, "documents", raw)
    raw.articles = _many(root, "articles", raw)
    return raw
