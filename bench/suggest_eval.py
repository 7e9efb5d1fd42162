"""Evaluation (not a test) of the provision suggester on the seeds and on held-out sentences.

Loads the seeds into a scratch SQLite database (seeds/ is only read), then prints:
leave-one-statement-out over the seeds' reviewed citations (top-1, recall@3, a 10-bin
reliability table and the expected calibration error), and the same on the sentences of
bench/suggest_heldout.yaml, which nobody took from the seeds, with abstention on off-topic ones.

    .venv/bin/python bench/suggest_eval.py [--seeds seeds] [--heldout bench/suggest_heldout.yaml]
                                           [--loo-only]

Tune on leave-one-statement-out only (--loo-only while tuning): the held-out sentences stand
for articles nobody has seen, and fitting to them would make their numbers say nothing.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml
from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policyapi import migrate  # noqa: E402
from policyapi.db import build_engine  # noqa: E402
from policyapi.seeds.bundle import build_bundle  # noqa: E402
from policyapi.seeds.load import load_bundle  # noqa: E402
from policyapi.suggest.corpus import Corpus, read_corpus  # noqa: E402
from policyapi.suggest.evaluate import Report, held_out, leave_one_out  # noqa: E402
from policyapi.suggest.features import NAMES, NEIGHBOUR_FEATURES  # noqa: E402
from policyapi.suggest.model import ABSTAIN_BELOW, Suggester  # noqa: E402
from policyapi.suggest.ranker import train  # noqa: E402


def seeded_corpus(seeds: Path) -> Corpus:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/suggest.sqlite3"
        migrate.upgrade(url)
        engine = build_engine(url)
        with Session(engine) as session:
            load_bundle(session, build_bundle(seeds))
        with engine.connect() as conn:
            corpus = read_corpus(conn)
        engine.dispose()
    return corpus


def print_report(title: str, report: Report) -> None:
    print(f"\n## {title}")
    cited = [r for r in report.ranked if r.right.any()]
    print(f"texts {len(report.ranked)}, with a right target {len(cited)}")
    print(
        f"top-1 {report.top1():.3f}   recall@3 {report.recall_at(3):.3f}   "
        f"a right target among the best 3 {report.hit_at(3):.3f}"
    )
    print(f"ECE over every candidate score: {report.ece():.3f}")
    print("| score bin | candidates | mean score | share right |")
    print("|---|---|---|---|")
    for low, high, count, mean, share in report.reliability():
        print(f"| {low:.1f}-{high:.1f} | {count} | {mean:.3f} | {share:.3f} |")
    on_provisions = [r for r in report.ranked if (r.right & r.provision).any()]
    about_document = [
        r for r in report.ranked if r.right.any() and not (r.right & r.provision).any()
    ]
    off_topic = [r for r in report.ranked if not r.right.any()]
    for label, cases in (
        ("citing a provision", on_provisions),
        ("about the whole document", about_document),
        ("citing nothing (off-topic or context)", off_topic),
    ):
        abstained, total = report.abstained(cases)
        print(f"abstained (no provision >= {ABSTAIN_BELOW}) on texts {label}: {abstained}/{total}")


def heldout_sentences(path: Path) -> tuple[str, list[tuple[str, set[str]]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    document = data["document"]
    sentences = []
    for entry in data["sentences"]:
        right = {f"{document}-{number}" for number in entry.get("cites", [])}
        if entry.get("document"):
            right.add(document)
        sentences.append((entry["text"], right))
    return document, sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--heldout", type=Path, default=ROOT / "bench" / "suggest_heldout.yaml")
    parser.add_argument("--loo-only", action="store_true", help="leave the held-out set unread")
    args = parser.parse_args()
    corpus = seeded_corpus(args.seeds)
    started = time.perf_counter()
    print_report("Leave-one-statement-out over the seeds", leave_one_out(corpus))
    print(f"({time.perf_counter() - started:.1f} s for {len(corpus.examples)} rebuilds)")
    suggester = Suggester(corpus)
    ranker = suggester.ranker
    weights = {name: round(w, 3) for name, w in zip(NAMES, ranker.weights, strict=True)}
    print(f"\nre-ranker (trained on {ranker.trained_on} links): weights {weights}")
    print(
        f"intercept {ranker.intercept:.3f}, Platt slope {ranker.platt_slope:.3f}, "
        f"Platt intercept {ranker.platt_intercept:.3f}"
    )
    # The built-in prior (policyapi/suggest/ranker.py) serves datasets without reviewed
    # citations, where every neighbour vote is 0: fitted so, it does not expect them.
    rows, labels, groups = suggester.training_rows(corpus)
    rows[:, [NAMES.index(name) for name in NEIGHBOUR_FEATURES]] = 0.0
    prior = train(rows, labels, groups)
    weights = {name: round(w, 3) for name, w in zip(NAMES, prior.weights, strict=True)}
    print(f"\nprior (the same, with no neighbour votes): weights {weights}")
    print(
        f"intercept {prior.intercept:.3f}, Platt slope {prior.platt_slope:.3f}, "
        f"Platt intercept {prior.platt_intercept:.3f}"
    )
    if args.loo_only:
        return
    document, sentences = heldout_sentences(args.heldout)
    print_report(
        f"Held-out sentences ({args.heldout.name})", held_out(suggester, sentences, document)
    )


if __name__ == "__main__":
    main()
