"""Benchmark (not a test): the suggester's build time, memory and latency on synthetic data.

Generates a synthetic dataset (policyapi synth) of --statements statements into a scratch SQLite
database, then measures in one process: reading the corpus, building the suggester (indexes,
re-ranker, calibration), the resident memory it adds, and the latency of POST /v1/suggest for
1,000-character texts through the real app (one worker, one thread), after one warm-up request.

    .venv/bin/python bench/suggest_bench.py [--statements 1000000] [--requests 200]
                                            [--data PATH]

--data keeps the synthetic database at PATH (made there if missing, else reused as it is), so
runs of several commits measure the same data without generating it again.
"""

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policyapi import create_app, migrate  # noqa: E402
from policyapi.db import build_engine  # noqa: E402
from policyapi.suggest.corpus import read_corpus  # noqa: E402
from policyapi.suggest.model import Suggester  # noqa: E402
from policyapi.synth.build import synthesize  # noqa: E402

TEXT_CHARS = 1000


def rss_mb() -> float:
    """Current resident memory (Linux /proc), in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def texts(corpus_texts: list[str], count: int, rng: random.Random) -> list[str]:
    """`count` texts of 1,000 characters, each sentences of random statements run together."""
    found = []
    for _ in range(count):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < TEXT_CHARS:
            parts.append(rng.choice(corpus_texts))
        found.append(" ".join(parts)[:TEXT_CHARS])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--data", type=Path, default=None, help="keep the synthetic data here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.data or Path(tmp) / "suggest-bench.sqlite3"
        url = f"sqlite:///{path}"
        if path.exists():
            print(f"synthetic data: reusing {path}")
        else:
            migrate.upgrade(url)
            started = time.perf_counter()
            synthesize(url, args.documents, args.statements, seed=1)
            print(
                f"synthetic data: {args.statements:,} statements "
                f"in {time.perf_counter() - started:.0f} s"
            )

        engine = build_engine(url)
        before = rss_mb()
        started = time.perf_counter()
        with engine.connect() as conn:
            corpus = read_corpus(conn)
        read = time.perf_counter() - started
        started, cpu = time.perf_counter(), time.process_time()
        suggester = Suggester(corpus)
        built, built_cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"corpus: {len(corpus.targets):,} targets, {len(corpus.examples):,} statements; "
            f"read {read:.1f} s, build {built:.1f} s ({built_cpu:.1f} s CPU), "
            f"+{rss_mb() - before:.0f} MB resident "
            f"(re-ranker trained on {suggester.ranker.trained_on:,} links)"
        )
        rng = random.Random(1)
        sample = texts(
            [e.text for e in corpus.examples[:: max(1, len(corpus.examples) // 5000)]],
            args.requests,
            rng,
        )
        del corpus, suggester
        engine.dispose()

        app = create_app({"TESTING": True, "DATABASE_URL": url, "RATELIMIT_ENABLED": False})
        client = app.test_client()
        started = time.perf_counter()
        assert client.post("/v1/suggest", json={"text": sample[0]}).status_code == 200
        print(
            "first request (builds the suggester in the app): "
            f"{time.perf_counter() - started:.1f} s"
        )
        timings, cpu_timings = [], []
        for text in sample:
            started, cpu = time.perf_counter(), time.process_time()
            response = client.post("/v1/suggest", json={"text": text})
            timings.append(time.perf_counter() - started)
            cpu_timings.append(time.process_time() - cpu)
            assert response.status_code == 200, response.get_data(as_text=True)
        for label, measured in (("wall", timings), ("CPU", cpu_timings)):
            measured.sort()
            p50, p95 = measured[len(measured) // 2], measured[int(len(measured) * 0.95) - 1]
            print(
                f"POST /v1/suggest, {TEXT_CHARS}-char texts, {len(measured)} requests, {label}: "
                f"p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
                f"max {measured[-1] * 1000:.0f} ms"
            )
        print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        app.extensions["policyapi.engine"].dispose()


if __name__ == "__main__":
    main()
