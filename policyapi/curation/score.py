"""How close a draft comes to the reviewed statements of the same article.

A drafted statement matches a reviewed one when their spans overlap with an intersection over
union of at least 0.8 (each statement matched at most once, best overlap first). Recall is over
the reviewed statements, precision over the drafted ones; speaker, kind and role accuracy are
over the matched pairs.
"""

from dataclasses import dataclass
from typing import Any

MATCH_IOU = 0.8


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    overlap = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return overlap / union if union else 0.0


@dataclass(frozen=True)
class Score:
    reviewed: int
    drafted: int
    matched: int
    same_speaker: int
    same_kind: int
    same_role: int
    missed: tuple[str, ...]

    @property
    def recall(self) -> float:
        return self.matched / self.reviewed if self.reviewed else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.drafted if self.drafted else 1.0

    def accuracy(self, hits: int) -> float:
        return hits / self.matched if self.matched else 1.0

    def lines(self) -> list[str]:
        return [
            f"recall {self.recall:.2f} ({self.matched}/{self.reviewed} at span IoU >= {MATCH_IOU})",
            f"precision {self.precision:.2f} ({self.matched}/{self.drafted})",
            f"speaker accuracy {self.accuracy(self.same_speaker):.2f} "
            f"({self.same_speaker}/{self.matched})",
            f"kind accuracy {self.accuracy(self.same_kind):.2f} ({self.same_kind}/{self.matched})",
            f"role_as_stated accuracy {self.accuracy(self.same_role):.2f} "
            f"({self.same_role}/{self.matched})",
            "missed: " + (", ".join(self.missed) or "none"),
        ]


def _span(statement: dict[str, Any]) -> tuple[int, int]:
    return int(statement["start"]), int(statement["end"])


def score(drafted: list[dict[str, Any]], reviewed: list[dict[str, Any]]) -> Score:
    """Compare drafted statement records with reviewed ones of the same text."""
    pairs = sorted(
        (
            (iou(_span(d), _span(r)), i, j)
            for i, d in enumerate(drafted)
            for j, r in enumerate(reviewed)
        ),
        reverse=True,
    )
    used_d: set[int] = set()
    used_r: set[int] = set()
    matches: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for overlap, i, j in pairs:
        if overlap < MATCH_IOU:
            break
        if i in used_d or j in used_r:
            continue
        used_d.add(i)
        used_r.add(j)
        matches.append((drafted[i], reviewed[j]))
    return Score(
        reviewed=len(reviewed),
        drafted=len(drafted),
        matched=len(matches),
        same_speaker=sum(d.get("speaker") == r.get("speaker") for d, r in matches),
        same_kind=sum(d.get("kind") == r.get("kind") for d, r in matches),
        same_role=sum(d.get("role_as_stated") == r.get("role_as_stated") for d, r in matches),
        missed=tuple(str(r["id"]) for j, r in enumerate(reviewed) if j not in used_r),
    )
