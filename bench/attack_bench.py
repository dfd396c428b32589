"""Legitimate throughput while attackers send never-seen certificate URLs that take 2 s to fail.

The verified service runs under gunicorn with gunicorn.conf.py; its fetch hook
sends every URL other than the benchmark chain's to a slow stand-in on
127.0.0.1 that answers 404 after ATTACK_FETCH_SECONDS. ATTACKERS connections
keep sending fresh URLs while the usual clients send signed requests.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import statistics
import tempfile
import threading
import time
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.local_ca import CHAIN_URL, LocalCA, pem, sign
from bench.servers import free_port, start_server
from bench.web_bench import THREADS, load_latencies

ATTACKERS = 4
ATTACK_FETCH_SECONDS = 2.0


class SlowNotFound(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        time.sleep(ATTACK_FETCH_SECONDS)
        with contextlib.suppress(OSError):  # the verifier's own timeout may give up first
            self.send_error(404)

    def log_message(self, *args) -> None:
        pass


def attack(port: int, stop: threading.Event, sent: list[int]) -> None:
    while not stop.is_set():
        url = f"https://s3.amazonaws.com/echo.api/{uuid.uuid4().hex}.pem"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("POST", "/", body=b"{}", headers={"SignatureCertChainUrl": url,
                                                                 "Signature-256": "AAAA"})
            connection.getresponse().read()
            sent.append(1)
        except OSError:
            pass
        finally:
            connection.close()


def run(rounds: int = 3) -> None:
    from local_runner.envelopes import Session

    print(f"-- web service under attack: {ATTACKERS} connections sending never-seen certificate URLs "
          f"({ATTACK_FETCH_SECONDS:.0f} s to fail each), {THREADS} legitimate clients")
    slow = ThreadingHTTPServer(("127.0.0.1", 0), SlowNotFound)
    threading.Thread(target=slow.serve_forever, daemon=True).start()
    ca = LocalCA.create()
    scratch = Path(tempfile.mkdtemp())
    (scratch / "root.pem").write_bytes(pem(ca.root))
    (scratch / "chain.pem").write_bytes(ca.chain_pem())
    port = free_port()
    server = start_server("bench.web_app:create_bench_app()", port, {
        "CLOSER_PERSISTENCE": "none", "BENCH_ROOT_PEM": str(scratch / "root.pem"),
        "BENCH_CHAIN_PEM": str(scratch / "chain.pem"),
        "BENCH_SLOW_FETCH": f"http://127.0.0.1:{slow.server_address[1]}"})
    calm: list[tuple[float, list[float]]] = []
    attacked: list[tuple[float, list[float]]] = []
    attacks: list[int] = []
    try:
        event = Session().intent("ReconnectionIdeaIntent", {})
        for _ in range(rounds):
            event["request"]["timestamp"] = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            body = json.dumps(event).encode()
            headers = {"SignatureCertChainUrl": CHAIN_URL, "Signature-256": sign(ca.leaf_key, body),
                       "Content-Type": "application/json"}
            calm.append(load_latencies(port, body, headers))
            stop = threading.Event()
            attackers = [threading.Thread(target=attack, args=(port, stop, attacks))
                         for _ in range(ATTACKERS)]
            for thread in attackers:
                thread.start()
            time.sleep(0.5)  # every attacker has a fetch in flight
            attacked.append(load_latencies(port, body, headers))
            stop.set()
            for thread in attackers:
                thread.join()
    finally:
        server.terminate()
        server.wait(10)
        slow.shutdown()
    ratio = statistics.median(a[0] / c[0] for a, c in zip(attacked, calm, strict=True))
    p50 = statistics.median(statistics.median(a[1]) for a in attacked)
    p50_calm = statistics.median(statistics.median(c[1]) for c in calm)
    print(f"{'legitimate requests per second':<34} {statistics.median(a[0] for a in attacked):>10.0f}"
          f"     vs no attack {statistics.median(c[0] for c in calm):>8.0f}     ratio {ratio:5.2f}x "
          f"{'ok' if ratio >= 0.5 else 'UNDER target 0.50x'}")
    print(f"{'legitimate p50 latency':<34} {p50:>10.2f} ms  vs no attack {p50_calm:>8.2f} ms"
          f"     {'ok' if p50 < 500 else 'OVER target 500 ms'}")
    print(f"{'attacker requests answered':<34} {len(attacks):>10d}     (each a 400 after its fetch failed)")
