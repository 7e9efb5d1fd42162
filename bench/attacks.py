"""Issue 18's attacks on a served instance, while a victim times ordinary requests.

    .venv/bin/python bench/attacks.py [--engine sqlite|postgresql] [--statements 1000000]
        [--seconds 60] [--phases baseline,expensive,export,slowclients]

Serves the synthetic dataset (built once in bench/.data/ by bench/harness.py, as `make bench`
does) through `policyapi serve`: nginx in front of gunicorn, 2 workers x 4 threads, production
settings (POLICYAPI_ENV_NAME=production) and production rate limits, none raised. Then, phase
by phase, a victim asks for ordinary things one after another (a provision's detail, a
document's statements page, a rare-word search), every `--victim-interval` seconds, from
127.0.0.2, while attackers connect from other loopback addresses:

- baseline: nobody else;
- expensive: `--attackers` connections repeating the issue's reproductions (100 one-letter
  words, a word matching nothing, `the` x 50, `The`, `the the`) and the dearest queries the
  caps admit, drawn at random so no cache helps (common words, ORs, phrases, exclusions;
  /v1/search and collection `q` on statements and provisions);
- export: `--exporters` clients downloading whole exports (statements, citations, provisions,
  as CSV, NDJSON, JSON) at `--export-rate` bytes/s, each starting another whenever one ends
  (a second after a refusal);
- slowclients: `--idle` silent and `--slow` slow-header sockets (tests/slowclients.py).

Each attacker request comes from the next address of 127.0.1.1-127.0.1.`--attacker-addresses`,
so per-address limits (nginx's limit_conn, the app's quotas) count a botnet, not one client:
`--attacker-addresses 1` shows what the quotas alone do. The victim paces itself under the
quotas (4 requests a second, one in five a search: 48 searches a minute against 60).

Per phase it prints the victim's answered/total, p50, p99 and max (a request unanswered within
`--victim-timeout` s is a failure, counted at that time), every attacker status with its count
(5xx by their problem title: only the documented 503s and 429 are acceptable), the longest
attacker request, and what the server logged (5xx, worker timeouts, tracebacks). Results also go
to bench/.data/attacks-ENGINE.json.
"""

import argparse
import http.client
import itertools
import json
import os
import random
import re
import shlex
import socket
import statistics
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import harness as h  # noqa: E402
from policyapi.synth.words import RARE_TERM  # noqa: E402
from tests.served import Server, policyapi_serve  # noqa: E402
from tests.slowclients import slowloris  # noqa: E402

VICTIM_ADDRESS = "127.0.0.2"
WARM_UP_ADDRESS = "127.0.0.3"
ATTACKER_NETWORK = "127.0.1."
ATTACKER_TIMEOUT = 120.0
# The documented 503s, by how their detail starts (policyapi/errors.py, web/slots.py): with
# 429 (a quota), the only answers to an attack the issue accepts besides success. Any other
# 5xx, or no answer, is a failure of the acceptance.
KNOWN_503S = {
    "The query was too expensive": "too expensive",
    "Too many searches are running": "searches busy",
    "Too many whole-table downloads are running": "downloads busy",
    "The database is unavailable": "database unavailable",
}
ACCEPTABLE_5XX = frozenset(f"503 {name}" for name in KNOWN_503S.values())
# Words in many synthetic statements (policyapi/synth/words.py's clauses and tails): the
# dearest terms an attacker can pick.
COMMON_WORDS = (
    "city", "council", "budget", "resident", "state", "law", "warrant", "judicial", "court",
    "neighborhood", "hearing", "families", "workers", "year", "public", "new", "local",
    "policy", "order", "every", "request", "objections", "days", "written", "sanctuary",
)  # fmt: skip
PHRASES = ("across the city", "under state law", "without a judicial warrant",
           "for families and workers", "at the request of the council")  # fmt: skip
EXPORTS = ("statements.csv", "statements.ndjson", "citations.csv", "statements.json",
           "provisions.csv", "articles.csv")  # fmt: skip


# --- HTTP clients -------------------------------------------------------------------------


@dataclass
class Outcome:
    """One request: what it was, its status (0: no answer), its seconds, a 5xx's title."""

    label: str
    status: int
    seconds: float
    detail: str = ""  # a 5xx's problem title, or why there was no answer
    note: str = ""  # how a slow download ended


def _problem_title(body: bytes) -> str:
    try:
        problem = json.loads(body)
    except ValueError:
        return body[:80].decode(errors="replace")
    detail = str(problem.get("detail", ""))
    for start, name in KNOWN_503S.items():
        if detail.startswith(start):
            return name
    return str(problem.get("title", "")) + (f": {detail[:60]}" if detail else "")


def get(port: int, path: str, source: str, timeout: float, label: str) -> Outcome:
    """GET `path` on a new connection from `source`; the whole body read before it ends."""
    began = time.perf_counter()
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=timeout, source_address=(source, 0)
    )
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        body = response.read()
        seconds = time.perf_counter() - began
        if seconds > timeout:
            return Outcome(label, 0, seconds, "over the client's timeout")
        detail = _problem_title(body) if response.status >= 500 else ""
        return Outcome(label, response.status, seconds, detail)
    except (OSError, http.client.HTTPException) as error:
        return Outcome(label, 0, time.perf_counter() - began, type(error).__name__)
    finally:
        connection.close()


# --- the victim ---------------------------------------------------------------------------


@dataclass
class Victim:
    """Ordinary requests, paced, from an address no attacker uses."""

    port: int
    provisions: list[str]
    documents: list[str]
    interval: float
    timeout: float
    source: str = VICTIM_ADDRESS
    rng: random.Random = field(default_factory=lambda: random.Random(18))

    def paths(self) -> Iterator[tuple[str, str]]:
        """Two provision details, two statements pages, one rare-word search, over and over."""
        while True:
            for label in ("provision", "statements", "provision", "statements", "search"):
                if label == "provision":
                    yield label, f"/v1/provisions/{self.rng.choice(self.provisions)}"
                elif label == "statements":
                    document = self.rng.choice(self.documents)
                    yield label, f"/v1/statements?page_size=20&document={document}"
                else:
                    size = self.rng.randint(10, 30)
                    yield label, f"/v1/search?q={RARE_TERM}&page_size={size}"

    def run(self, seconds: float) -> list[Outcome]:
        outcomes = []
        deadline = time.monotonic() + seconds
        paths = self.paths()
        while (began := time.monotonic()) < deadline:
            label, path = next(paths)
            outcomes.append(get(self.port, path, self.source, self.timeout, label))
            time.sleep(max(0.0, began + self.interval - time.monotonic()))
        return outcomes


# --- attackers ----------------------------------------------------------------------------


def attacker_addresses(count: int) -> Iterator[str]:
    """127.0.1.1, 127.0.1.2, ... round and round (one address: 127.0.0.1)."""
    if count == 1:
        return itertools.repeat("127.0.0.1")
    return itertools.cycle(f"{ATTACKER_NETWORK}{n}" for n in range(1, count + 1))


def _words(rng: random.Random, count: int) -> list[str]:
    return rng.sample(COMMON_WORDS, count)


def expensive_requests(rng: random.Random) -> Iterator[tuple[str, str]]:
    """The issue's reproductions, then the dearest queries within the caps, drawn anew."""
    plus = "+".join
    while True:
        yield "q: 100 one-letter words", "/v1/statements?page_size=1&q=" + plus(["e"] * 100)
        yield (
            "q: a word matching nothing",
            f"/v1/statements?page_size=1&q=zq{rng.randrange(10**6)}x",
        )
        yield "search: the x 50", "/v1/search?q=" + plus(["the"] * 50)
        yield "search: The / the the", rng.choice(("/v1/search?q=The", "/v1/search?q=the+the"))
        size = rng.randint(1, 100)
        yield "search: 2 common words", f"/v1/search?page_size={size}&q={plus(_words(rng, 2))}"
        yield "search: 5 common words OR", "/v1/search?q=" + "+OR+".join(_words(rng, 5))
        phrase = plus(rng.choice(PHRASES).split())
        yield "search: phrase", f'/v1/search?page_size={size}&q="{phrase}"+{_words(rng, 1)[0]}'
        yield "search: exclusion", f"/v1/search?q={plus(_words(rng, 1))}+-{_words(rng, 1)[0]}"
        yield "search: 10 common words", "/v1/search?q=" + plus(_words(rng, 10))
        yield "statements q", f"/v1/statements?page_size={size}&q={plus(_words(rng, 2))}"
        yield "statements q OR", "/v1/statements?q=" + "+OR+".join(_words(rng, 4))
        yield "provisions q", "/v1/provisions?q=" + "+OR+".join(_words(rng, 3))


@dataclass
class Attack:
    """What a phase's attackers got."""

    outcomes: list[Outcome] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)


@contextmanager
def running(threads: list[threading.Thread], stop: threading.Event) -> Iterator[None]:
    """Start an attack's threads; when the block ends, stop them and let in-flight requests end."""
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        stop.set()
        for thread in threads:
            thread.join(ATTACKER_TIMEOUT + 5)


@contextmanager
def expensive_attack(port: int, connections: int, addresses: int) -> Iterator[Attack]:
    """`connections` clients, each asking the next expensive request as soon as it has an
    answer; stopped (in-flight requests finished) when the block ends."""
    attack, stop = Attack(), threading.Event()
    sources = attacker_addresses(addresses)
    source_lock = threading.Lock()

    def attacker(seed: int) -> None:
        requests = expensive_requests(random.Random(seed))
        while not stop.is_set():
            label, path = next(requests)
            with source_lock:
                source = next(sources)
            attack.add(get(port, path, source, ATTACKER_TIMEOUT, label))

    threads = [
        threading.Thread(target=attacker, args=(n,), daemon=True) for n in range(connections)
    ]
    with running(threads, stop):
        yield attack


def slow_download(port: int, path: str, source: str, rate: int, stop: threading.Event) -> Outcome:
    """Download `path` reading `rate` bytes a second, until `stop` or the server closes.

    A refusal (a short error answer) is read whole at once, for its problem's title.
    """
    began = time.perf_counter()
    status, got, detail = 0, 0, ""
    note = "held until the phase ended"
    sock = socket.socket()
    # A small receive buffer, so the kernel does not read ahead on the client's behalf.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.settimeout(ATTACKER_TIMEOUT)
    try:
        sock.bind((source, 0))
        sock.connect(("127.0.0.1", port))
        request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        sock.sendall(request.encode())
        head = b""
        while b"\r\n" not in head:
            chunk = sock.recv(64)
            if not chunk:
                break
            head += chunk
        status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
        got = len(head)
        if status >= 400:
            answer = head + b"".join(iter(lambda: sock.recv(65536), b""))
            detail = _problem_title(answer.partition(b"\r\n\r\n")[2])
            note = "refused"
        while status < 400 and not stop.wait(1.0):
            chunk = sock.recv(rate)
            if not chunk:
                note = "closed by the server"
                break
            got += len(chunk)
    except OSError as error:
        note = type(error).__name__
    finally:
        sock.close()
    seconds = time.perf_counter() - began
    label = f"export {path.rsplit('/', 1)[1]}"
    kilobytes = f", {got // 1000} kB read" if status < 400 else ""
    return Outcome(label, status, seconds, detail, note=note + kilobytes)


def slow_downloader(
    port: int, path: str, sources: Iterator[str], rate: int, stop: threading.Event, attack: Attack
) -> None:
    """Download `path` slowly, and again whenever a download ends (after Retry-After's second
    when refused), until `stop`."""
    while not stop.is_set():
        outcome = slow_download(port, path, next(sources), rate, stop)
        attack.add(outcome)
        if outcome.status != 200:
            stop.wait(1.0)


@contextmanager
def export_attack(port: int, clients: int, rate: int, addresses: int) -> Iterator[Attack]:
    attack, stop = Attack(), threading.Event()
    sources = attacker_addresses(addresses)
    lock = threading.Lock()

    def next_source() -> Iterator[str]:
        while True:
            with lock:
                source = next(sources)
            yield source

    threads = [
        threading.Thread(
            target=slow_downloader,
            args=(
                port,
                f"/v1/export/{EXPORTS[n % len(EXPORTS)]}",
                next_source(),
                rate,
                stop,
                attack,
            ),
            daemon=True,
        )
        for n in range(clients)
    ]
    with running(threads, stop):
        yield attack


@contextmanager
def slowclient_attack(port: int, idle: int, slow: int) -> Iterator[Attack]:
    with slowloris(port, idle=idle, slow=slow):
        yield Attack()


# --- reporting ----------------------------------------------------------------------------


def percentile(seconds: list[float], fraction: float) -> float:
    ordered = sorted(seconds)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


@dataclass
class PhaseResult:
    phase: str
    attack: str
    seconds: float
    load: float
    victim_answered: int
    victim_total: int
    victim_p50_ms: float
    victim_p99_ms: float
    victim_max_ms: float
    victim_statuses: dict[str, int]
    victim_slowest: list[str]
    attacker_statuses: dict[str, int]
    attacker_labels: dict[str, dict[str, int]]
    attacker_max_s: float
    attacker_max_label: str
    unacceptable: int
    server: dict[str, object]


def _status_key(outcome: Outcome) -> str:
    if outcome.status >= 500 or outcome.status == 0:
        return f"{outcome.status} {outcome.detail}".strip()
    return str(outcome.status)


def summarise(
    phase: str, description: str, seconds: float, load: float, victim: list[Outcome],
    attack: Attack, server: dict[str, object],
) -> PhaseResult:  # fmt: skip
    times = [o.seconds for o in victim]
    slowest = sorted(victim, key=lambda o: o.seconds, reverse=True)[:3]
    labels: dict[str, Counter[str]] = {}
    for outcome in attack.outcomes:
        key = _status_key(outcome) + (f" ({outcome.note})" if outcome.note else "")
        labels.setdefault(outcome.label, Counter())[key] += 1
    # A slow download is held open by its client for the whole phase: not the server's time.
    timed = [o for o in attack.outcomes if not o.note.startswith("held")]
    longest = max(timed, key=lambda o: o.seconds, default=None)
    statuses = Counter(_status_key(o) for o in attack.outcomes)
    unacceptable = sum(
        n
        for key, n in statuses.items()
        if key.startswith("0") or (key.startswith("5") and key not in ACCEPTABLE_5XX)
    )
    return PhaseResult(
        phase=phase,
        attack=description,
        seconds=round(seconds, 1),
        load=round(load, 2),
        victim_answered=sum(o.status == 200 for o in victim),
        victim_total=len(victim),
        victim_p50_ms=round(statistics.median(times) * 1000, 1),
        victim_p99_ms=round(percentile(times, 0.99) * 1000, 1),
        victim_max_ms=round(max(times) * 1000, 1),
        victim_statuses=dict(Counter(_status_key(o) for o in victim)),
        victim_slowest=[f"{o.label} {o.status} {o.seconds * 1000:.0f} ms" for o in slowest],
        attacker_statuses=dict(statuses),
        attacker_labels={label: dict(counts) for label, counts in labels.items()},
        attacker_max_s=round(longest.seconds, 2) if longest else 0.0,
        attacker_max_label=f"{longest.label} ({longest.status})" if longest else "",
        unacceptable=unacceptable,
        server=server,
    )


# gunicorn's access log as this script asks for it: client, request line, status, seconds.
ACCESS_LOG_FORMAT = '%(h)s "%(r)s" %(s)s %(L)s'
ACCESS_LINE = re.compile(
    r'"[A-Z]+ (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3}) (?P<seconds>[\d.]+)$'
)
BUDGET_SECONDS = 5.0  # policyapi/config.py STATEMENT_TIMEOUT, the default this script keeps
# The budget bounds database work; the statement stopped, the request still answers (rolls
# back, renders the problem) and a busy machine schedules it late: this much more is allowed.
BUDGET_SLACK_SECONDS = 1.0


def server_side(text: str) -> dict[str, object]:
    """What the server logged: gunicorn's 5xx, its slowest requests (time in the app, queueing
    excluded), how many non-export requests ran past the budget (and its slack), worker
    timeouts, tracebacks and nginx's errors."""
    counts: Counter[str] = Counter()
    slowest, slowest_path = 0.0, ""
    for line in text.splitlines():
        found = ACCESS_LINE.search(line.rstrip())
        if found:
            seconds, path = float(found["seconds"]), found["path"]
            counts["requests"] += 1
            if found["status"].startswith("5"):
                counts[f"gunicorn {found['status']}"] += 1
            if not path.startswith("/v1/export/"):
                if seconds > slowest:
                    slowest, slowest_path = seconds, path
                if seconds > BUDGET_SECONDS + BUDGET_SLACK_SECONDS:
                    counts["over the budget"] += 1
        if "WORKER TIMEOUT" in line:
            counts["worker timeouts"] += 1
        if line.rstrip().endswith("Traceback (most recent call last):"):
            counts["tracebacks"] += 1
        if "nginx" in line and ("[error]" in line or "[crit]" in line or "[alert]" in line):
            counts["nginx errors"] += 1
    return {
        **counts,
        "slowest_s": round(slowest, 2),
        "slowest_path": slowest_path[:90],
    }


def print_phase(result: PhaseResult) -> None:
    r = result
    print(
        f"\n## {r.phase}: {r.attack} ({r.seconds:.0f} s, load {r.load})\n"
        f"victim: {r.victim_answered}/{r.victim_total} answered 200, p50 {r.victim_p50_ms:.0f} ms, "
        f"p99 {r.victim_p99_ms:.0f} ms, max {r.victim_max_ms:.0f} ms; statuses "
        f"{r.victim_statuses}; slowest {r.victim_slowest}",
        flush=True,
    )
    if r.attacker_statuses:
        print(f"attackers: {sum(r.attacker_statuses.values())} requests, {r.attacker_statuses}")
        print(f"  longest {r.attacker_max_s:.2f} s ({r.attacker_max_label}); "
              f"unacceptable answers: {r.unacceptable}")  # fmt: skip
        for label, counts in r.attacker_labels.items():
            print(f"  {label}: {counts}")
    print(f"server: {r.server}", flush=True)


def print_table(engine: str, statements: int, results: list[PhaseResult]) -> None:
    print(
        f"\n| {engine}, {statements:,} statements | victim 200 | p50 ms | p99 ms | max ms | "
        "attacker answers | longest attacker s | slowest in the app s | bad 5xx |"
    )
    print("|---|---:|---:|---:|---:|---|---:|---:|---:|")
    for r in results:
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(r.attacker_statuses.items()))
        print(f"| {r.phase} | {r.victim_answered}/{r.victim_total} | {r.victim_p50_ms:.0f} | "
              f"{r.victim_p99_ms:.0f} | {r.victim_max_ms:.0f} | {statuses or '—'} | "
              f"{r.attacker_max_s:.2f} | {r.server['slowest_s']} | {r.unacceptable} |")  # fmt: skip


# --- set-up -------------------------------------------------------------------------------


def dataset_url(args: argparse.Namespace) -> str:
    if args.engine == "sqlite":
        return f"sqlite:///{h.ensure_sqlite(args.documents, args.statements)}"
    return h.ensure_postgres(
        args.postgres_admin_url, args.postgres_database, args.documents, args.statements
    )


def sample_ids(url: str, rng: random.Random) -> tuple[list[str], list[str]]:
    """A thousand provision ids and two hundred document ids for the victim to ask for."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            provisions = list(conn.execute(sa.text("SELECT id FROM provisions")).scalars())
            documents = list(conn.execute(sa.text("SELECT id FROM documents")).scalars())
    finally:
        engine.dispose()
    return (
        rng.sample(provisions, min(1000, len(provisions))),
        rng.sample(documents, min(200, len(documents))),
    )


def run_phases(args: argparse.Namespace, server: Server, victim: Victim) -> list[PhaseResult]:
    port, addresses = server.port, args.attacker_addresses
    sources = f"from {addresses} addresses" if addresses > 1 else "from one address"
    attacks: dict[str, tuple[str, Callable[[], AbstractContextManager[Attack | None]]]] = {
        "baseline": ("no attack", lambda: nullcontext(None)),
        "expensive": (
            f"{args.attackers} connections of expensive queries {sources}",
            lambda: expensive_attack(port, args.attackers, addresses),
        ),
        "export": (
            f"{args.exporters} whole exports read at {args.export_rate} B/s {sources}",
            lambda: export_attack(port, args.exporters, args.export_rate, addresses),
        ),
        "slowclients": (
            f"{args.idle} idle + {args.slow} slow-header sockets",
            lambda: slowclient_attack(port, args.idle, args.slow),
        ),
    }
    results = []
    for phase in args.phases.split(","):
        description, attack_of = attacks[phase]
        h.settle(give_up_after=30)
        log_start = len(server.log())
        load = os.getloadavg()[0]
        began = time.monotonic()
        with attack_of() as attack:
            time.sleep(args.head_start if attack is not None else 0)
            outcomes = victim.run(args.seconds)
        seconds = time.monotonic() - began
        result = summarise(
            phase, description, seconds, (load + os.getloadavg()[0]) / 2, outcomes,
            attack or Attack(), server_side(server.log()[log_start:]),
        )  # fmt: skip
        print_phase(result)
        results.append(result)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument(
        "--postgres-admin-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--postgres-database", default="policyapi_attacks")
    parser.add_argument("--phases", default="baseline,expensive,export,slowclients")
    parser.add_argument("--seconds", type=float, default=60, help="victim's time per phase")
    parser.add_argument("--head-start", type=float, default=5,
                        help="seconds the attack runs before the victim starts")  # fmt: skip
    parser.add_argument("--victim-interval", type=float, default=0.25)
    parser.add_argument("--victim-timeout", type=float, default=10)
    parser.add_argument("--attackers", type=int, default=8)
    parser.add_argument("--attacker-addresses", type=int, default=250)
    parser.add_argument("--exporters", type=int, default=8)
    parser.add_argument("--export-rate", type=int, default=200, help="bytes a second")
    parser.add_argument("--idle", type=int, default=40)
    parser.add_argument("--slow", type=int, default=40)
    args = parser.parse_args()

    url = dataset_url(args)
    provisions, documents = sample_ids(url, random.Random(1))
    env = {
        "POLICYAPI_ENV_NAME": "production",
        "POLICYAPI_SECRET_KEY": h.SECRET,
        # Each request's time in the app, for the server's side of the story.
        "GUNICORN_CMD_ARGS": "--access-logformat " + shlex.quote(ACCESS_LOG_FORMAT),
    }
    h.log(f"serving {url} through `policyapi serve` (2 workers x 4 threads)")
    with ExitStack() as stack:
        server = stack.enter_context(policyapi_serve(url, workers=2, threads=4, env=env))
        victim = Victim(
            server.port, provisions, documents, args.victim_interval, args.victim_timeout
        )
        # Warm-up from another address, so the victim's quotas start untouched.
        Victim(server.port, provisions, documents, 0, args.victim_timeout, WARM_UP_ADDRESS).run(3)
        results = run_phases(args, server, victim)
    print_table(args.engine, args.statements, results)
    out = h.DATA / f"attacks-{args.engine}.json"
    out.write_text(json.dumps([asdict(r) for r in results], indent=2))
    h.log(f"written {out}")


if __name__ == "__main__":
    main()
