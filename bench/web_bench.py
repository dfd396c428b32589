"""Web service throughput with full verification against the same service unverified.

Both run under gunicorn on loopback; a bounded load generator (fixed threads,
fixed duration, then it stops) sends the same signed idea request to each in
turn. Also the per-request cost of SQLite memory against no memory.
"""

from __future__ import annotations

import copy
import http.client
import json
import statistics
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from bench.local_ca import CHAIN_URL, LocalCA, pem, sign
from bench.servers import free_port, start_server
from bench.stats import alternate, compare, per_call_seconds, report

HERE = Path(__file__).parent
ROOT = HERE.parent
THREADS = 8
SECONDS = 3.0


def load(port: int, body: bytes, headers: dict[str, str]) -> tuple[float, float]:
    """Requests per second and p99 latency (ms) over SECONDS with THREADS clients."""
    rps, latencies = load_latencies(port, body, headers)
    return rps, statistics.quantiles(latencies, n=100)[98]


def load_latencies(port: int, body: bytes, headers: dict[str, str]) -> tuple[float, list[float]]:
    """Requests per second and every request's latency (ms) over SECONDS with THREADS clients."""
    latencies: list[float] = []
    failures = []
    stop_at = time.monotonic() + SECONDS

    def client() -> None:
        while time.monotonic() < stop_at:
            start = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("POST", "/", body=body, headers=headers)
            reply = connection.getresponse()
            reply.read()
            connection.close()
            if reply.status != 200:
                failures.append(reply.status)
            latencies.append((time.perf_counter() - start) * 1000)

    workers = [threading.Thread(target=client) for _ in range(THREADS)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if failures:
        raise RuntimeError(f"{len(failures)} requests failed, e.g. HTTP {failures[0]}")
    elapsed = time.monotonic() - started
    return len(latencies) / elapsed, latencies


def run(rounds: int = 7) -> None:
    from local_runner.envelopes import Session

    print(f"-- web service: gunicorn, 2 workers, {THREADS} clients for {SECONDS:.0f} s a round, loopback")
    ca = LocalCA.create()
    scratch = Path(tempfile.mkdtemp())
    (scratch / "root.pem").write_bytes(pem(ca.root))
    (scratch / "chain.pem").write_bytes(ca.chain_pem())
    common = {"CLOSER_PERSISTENCE": "none"}
    verified_port, plain_port = free_port(), free_port()
    servers = [
        start_server("bench.web_app:create_bench_app()", verified_port,
                     {**common, "BENCH_ROOT_PEM": str(scratch / "root.pem"),
                      "BENCH_CHAIN_PEM": str(scratch / "chain.pem")}),
        start_server("skill.webservice:create_app()", plain_port, {**common, "CLOSER_VERIFY": "0"}),
    ]
    try:
        event = Session().intent("ReconnectionIdeaIntent", {})
        results: dict[str, list[tuple[float, float]]] = {"verified": [], "plain": []}
        for _ in range(rounds):
            event["request"]["timestamp"] = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            body = json.dumps(event).encode()
            headers = {"SignatureCertChainUrl": CHAIN_URL, "Signature-256": sign(ca.leaf_key, body),
                       "Content-Type": "application/json"}
            results["verified"].append(load(verified_port, body, headers))
            results["plain"].append(load(plain_port, body, headers))
        rps = compare([r for r, _ in results["verified"]], [r for r, _ in results["plain"]])
        p99 = compare([p for _, p in results["verified"]], [p for _, p in results["plain"]])
        print(f"{'requests per second':<34} {rps.ours:>10.0f}     vs unverified {rps.baseline:>8.0f}"
              f"     ratio {rps.ratio:5.2f}x {'ok' if rps.ratio >= 0.9 else 'UNDER target 0.90x'}")
        report("p99 latency", p99, "ms", None)
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)

    print("-- memory across sessions: SQLite against no memory (warm idea request, one write each)")
    from skill.builder import build_skill
    from skill.invoke import answer
    from skill.persistence import SqliteAdapter

    remembering = build_skill(persistence_adapter=SqliteAdapter(scratch / "bench.db"))
    forgetting = build_skill()
    session = Session()
    template = session.intent("ReconnectionIdeaIntent", {})

    def turn(skill) -> None:
        request = copy.deepcopy(template)
        request["session"]["attributes"] = {"heard": []}  # each turn hears a new idea, so it writes
        answer(skill, request)

    report("idea request with SQLite memory",
           alternate(lambda: per_call_seconds(lambda: turn(remembering), 200) * 1e6,
                     lambda: per_call_seconds(lambda: turn(forgetting), 200) * 1e6, 7), "us", None)
