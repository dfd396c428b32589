"""The web service under hostile traffic: certificate fetches, bodies, numbers, logs."""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import math
import socket
import threading
import time
from datetime import datetime, timezone

import pytest

from bench.local_ca import CHAIN_URL, LocalCA, sign
from bench.servers import gunicorn_server
from local_runner.envelopes import Session
from skill import roots as roots_module
from skill import verifier as verifier_module
from skill.builder import build_skill
from skill.lambda_function import lambda_handler
from skill.roots import load_roots
from skill.verifier import RequestVerifier, VerificationError, fetch_chain
from skill.webservice import MAX_BODY_BYTES, create_app

SKILL = build_skill()
OTHER_URL = "https://s3.amazonaws.com/echo.api/never-seen-{}.pem"


@pytest.fixture(scope="module")
def ca() -> LocalCA:
    return LocalCA.create()


def signed_launch(ca: LocalCA, url: str = CHAIN_URL, event: dict | None = None) -> tuple[bytes, dict]:
    body = json.dumps(event or Session().launch()).encode()
    return body, {"SignatureCertChainUrl": url, "Signature-256": sign(ca.leaf_key, body),
                  "Content-Type": "application/json"}


def post_signed(client, ca: LocalCA, url: str = CHAIN_URL):
    body, headers = signed_launch(ca, url)
    return client.post("/", data=body, headers=headers)


class HeldFetch:
    """A certificate fetch that waits until released, noting every URL it was asked for."""

    def __init__(self, result: bytes | None) -> None:
        self.result = result
        self.urls: list[str] = []
        self.release = threading.Event()

    def __call__(self, url: str) -> bytes:
        self.urls.append(url)
        self.release.wait(5)
        if self.result is None:
            raise OSError("gave up")
        return self.result


def test_one_fetch_serves_every_request_waiting_for_the_same_new_url(ca):
    held = HeldFetch(ca.chain_pem())
    fetched, release = held.urls, held.release
    client = create_app(skill=SKILL, verifier=RequestVerifier(trusted_roots=[ca.root], fetch=held))
    statuses: list[int] = []

    def send() -> None:
        statuses.append(post_signed(client.test_client(), ca).status_code)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    while not fetched:
        time.sleep(0.01)
    time.sleep(0.1)  # let the others queue behind the first fetch
    release.set()
    for thread in threads:
        thread.join(10)
    assert statuses == [200] * 6
    assert fetched == [CHAIN_URL]


def test_a_failed_url_is_remembered_for_a_while_then_tried_again(ca):
    calls = []

    def failing(url: str) -> bytes:
        calls.append(url)
        raise OSError("connection refused")

    verifier = RequestVerifier(trusted_roots=[ca.root], fetch=failing, failure_ttl=0.2)
    client = create_app(skill=SKILL, verifier=verifier).test_client()
    body, headers = signed_launch(ca)
    for _ in range(3):
        reply = client.post("/", data=body, headers=headers)
        assert reply.status_code == 400 and "could not fetch" in reply.get_json()["error"]
    assert len(calls) == 1
    time.sleep(0.25)
    client.post("/", data=body, headers=headers)
    assert len(calls) == 2


def test_both_caches_are_bounded(ca, monkeypatch):
    monkeypatch.setattr(verifier_module, "MAX_FAILURES", 3)
    calls = []

    def fetch(url: str) -> bytes:
        calls.append(url)
        if "bad" in url:
            raise OSError("no such file")
        return ca.chain_pem()

    verifier = RequestVerifier(trusted_roots=[ca.root], fetch=fetch, cache_size=2, failure_ttl=600)
    client = create_app(skill=SKILL, verifier=verifier).test_client()
    good = [OTHER_URL.format(f"good-{n}") for n in range(3)]
    bad = [OTHER_URL.format(f"bad-{n}") for n in range(4)]
    for url in good + bad:
        post_signed(client, ca, url)
    assert len(verifier._cache) == 2 and len(verifier._failures) == 3
    calls.clear()
    for url in (good[0], bad[0], good[2], bad[3]):  # the oldest of each were forgotten
        post_signed(client, ca, url)
    assert calls == [good[0], bad[0]]


def test_fetches_in_flight_are_bounded_and_the_rest_refused_at_once(ca):
    stuck = HeldFetch(None)
    started, release = stuck.urls, stuck.release
    verifier = RequestVerifier(trusted_roots=[ca.root], fetch=stuck, max_fetches=2)
    body = b"{}"
    threads = [threading.Thread(target=lambda u=u: _quietly(verifier, u, body))
               for u in (OTHER_URL.format(1), OTHER_URL.format(2))]
    for thread in threads:
        thread.start()
    while len(started) < 2:
        time.sleep(0.01)
    with pytest.raises(VerificationError, match="too many"):
        verifier.verify({"SignatureCertChainUrl": OTHER_URL.format(3), "Signature-256": "AA=="}, body)
    release.set()
    for thread in threads:
        thread.join(10)
    assert OTHER_URL.format(3) not in started


def _quietly(verifier: RequestVerifier, url: str, body: bytes) -> None:
    with contextlib.suppress(VerificationError):
        verifier.verify({"SignatureCertChainUrl": url, "Signature-256": "AA=="}, body)


def test_a_server_trickling_the_chain_is_cut_off_at_the_timeout():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    stop = threading.Event()

    def trickle() -> None:
        connection, _ = listener.accept()
        connection.recv(4096)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
        while not stop.is_set():  # one byte at a time, never idle long enough for a read timeout
            try:
                connection.sendall(b"-")
            except OSError:
                break
            time.sleep(0.05)
        connection.close()

    server = threading.Thread(target=trickle, daemon=True)
    server.start()
    try:
        with pytest.raises(TimeoutError):
            fetch_chain(f"http://127.0.0.1:{port}/echo.api/cert.pem", timeout=0.5)
    finally:
        stop.set()
        listener.close()


@pytest.mark.parametrize("timestamp", ["NaN", "Infinity", "-Infinity", "1e300", "1" + "0" * 29])
def test_a_signed_body_with_an_impossible_timestamp_is_a_400(ca, caplog, timestamp):
    event = Session().launch()
    text = json.dumps(event).replace(json.dumps(event["request"]["timestamp"]), timestamp)
    body = text.encode()
    headers = {"SignatureCertChainUrl": CHAIN_URL, "Signature-256": sign(ca.leaf_key, body)}
    verifier = RequestVerifier(trusted_roots=[ca.root], fetch=lambda url: ca.chain_pem())
    client = create_app(skill=SKILL, verifier=verifier).test_client()
    with caplog.at_level(logging.INFO, logger="closer_again"):
        reply = client.post("/", data=body, headers=headers)
    assert reply.status_code == 400 and "timestamp" in reply.get_json()["error"]
    assert any("outcome=rejected" in r.getMessage() for r in caplog.records)


def test_non_finite_session_attributes_are_dropped_not_echoed():
    session = Session()
    event = session.intent("ReconnectionIdeaIntent", {})
    event["session"]["attributes"] = {"odd": float("nan"), "list": [1, float("inf"), 2],
                                      "nested": {"x": float("-inf"), "y": "kept"}}
    response = lambda_handler(event, None)
    text = json.dumps(response, allow_nan=False)  # raises if any NaN or Infinity survived
    attributes = json.loads(text)["sessionAttributes"]
    assert "odd" not in attributes
    assert attributes["list"] == [1, 2] and attributes["nested"] == {"y": "kept"}
    client = create_app(skill=SKILL, verify=False).test_client()
    raw = json.dumps(event).replace('"y": "kept"', '"y": "kept", "z": NaN').encode()
    reply = client.post("/", data=raw)
    assert reply.status_code == 200
    json.loads(reply.get_data(as_text=True), parse_constant=lambda name: pytest.fail(f"{name} in reply"))


def test_a_huge_unreadable_value_is_logged_cut_short(caplog):
    event = Session().launch()
    event["request"]["timestamp"] = "Z" * 1_000_000  # the SDK quotes what it cannot parse
    with caplog.at_level(logging.WARNING, logger="closer_again"):
        response = lambda_handler(event, None)
    assert response == {"version": "1.0", "response": {}}
    warnings = [r.getMessage() for r in caplog.records if "could not be read" in r.getMessage()]
    assert warnings and all(len(message) < 1000 for message in warnings)


def test_starting_without_a_skill_id_warns_once(caplog, monkeypatch):
    monkeypatch.delenv("ALEXA_SKILL_ID", raising=False)
    with caplog.at_level(logging.WARNING, logger="closer_again"):
        create_app(skill=SKILL, verify=False)
    assert sum("ALEXA_SKILL_ID is not set" in r.getMessage() for r in caplog.records) == 1
    caplog.clear()
    monkeypatch.setenv("ALEXA_SKILL_ID", "amzn1.ask.skill.mine")
    with caplog.at_level(logging.WARNING, logger="closer_again"):
        create_app(skill=SKILL, verify=False)
    assert "ALEXA_SKILL_ID" not in caplog.text


def test_roots_load_one_by_one_and_a_refused_root_is_named(caplog, ca):
    from bench.local_ca import pem

    good = b"# Label: \"Local Test Root\"\n" + pem(ca.root)
    broken = b"# Label: \"Broken Root\"\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
    with caplog.at_level(logging.WARNING, logger="closer_again"):
        roots = load_roots(broken + good)
    assert [r.subject for r in roots] == [ca.root.subject]
    assert "Broken Root" in caplog.text and "skipped" in caplog.text
    assert "no root on Amazon's certificate path" in caplog.text


def test_certifi_roots_load_without_warnings_and_keep_amazons_path(recwarn, caplog):
    with caplog.at_level(logging.WARNING, logger="closer_again"):
        roots = roots_module.certifi_roots()
    names = {roots_module._common_name(root) for root in roots}
    assert set(roots_module.AMAZON_PATH_ROOTS) <= names
    assert not [w for w in recwarn if "serial number" in str(w.message)]
    assert "skipped" not in caplog.text


def test_health_reports_memory(tmp_path):
    from skill.persistence import SqliteAdapter

    with_memory = build_skill(persistence_adapter=SqliteAdapter(tmp_path / "m.db"))
    assert create_app(skill=with_memory, verify=False).test_client().get("/health").get_json() == {
        "status": "ok", "verification": False, "memory": "ok"}
    assert create_app(skill=SKILL, verify=False).test_client().get("/health").get_json()["memory"] == "off"


def test_numbers_in_a_timestamp_stay_times():
    assert verifier_module.parse_timestamp(1_700_000_000_000).year == 2023
    for value in (math.nan, math.inf, 1e300, 10**29):
        with pytest.raises(VerificationError):
            verifier_module.parse_timestamp(value)
    assert isinstance(verifier_module.parse_timestamp("2026-01-01T00:00:00Z"), datetime)
    assert verifier_module.parse_timestamp("2026-01-01T00:00:00Z").tzinfo == timezone.utc


def test_chunked_body_over_the_limit_gets_413_from_gunicorn(ca, tmp_path):
    body, headers = signed_launch(ca)
    with gunicorn_server("skill.webservice:create_app()", {"CLOSER_VERIFY": "0",
                                                           "CLOSER_DB": str(tmp_path / "m.db")}) as port:
        def send(parts: list[bytes]) -> int:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("POST", "/", body=iter(parts), headers=headers, encode_chunked=True)
            status = connection.getresponse().status
            connection.close()
            return status

        assert send([body]) == 200
        padded = body[:-1] + b', "pad": "' + b"x" * (MAX_BODY_BYTES - len(body) - 20) + b'"}'
        assert send([padded]) == 200
        assert send([padded, b" " * 4096]) == 413


def test_gunicorn_conf_gives_threads_so_a_slow_fetch_holds_no_worker(ca, tmp_path):
    """One worker, as gunicorn.conf.py configures it otherwise: requests waiting on slow
    certificate downloads must not keep a signed request from being answered meanwhile."""
    from http.server import ThreadingHTTPServer

    from bench.attack_bench import SlowNotFound
    from bench.local_ca import pem

    slow = ThreadingHTTPServer(("127.0.0.1", 0), SlowNotFound)
    threading.Thread(target=slow.serve_forever, daemon=True).start()
    (tmp_path / "root.pem").write_bytes(pem(ca.root))
    (tmp_path / "chain.pem").write_bytes(ca.chain_pem())
    env = {"CLOSER_PERSISTENCE": "none", "BENCH_ROOT_PEM": str(tmp_path / "root.pem"),
           "BENCH_CHAIN_PEM": str(tmp_path / "chain.pem"),
           "BENCH_SLOW_FETCH": f"http://127.0.0.1:{slow.server_address[1]}"}
    finished: list[str] = []

    def send(port: int, url: str, name: str) -> None:
        body, headers = signed_launch(ca, url)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("POST", "/", body=body, headers=headers)
            with connection.getresponse() as response:
                finished.append(f"{name} {response.status}")
        finally:
            connection.close()

    try:
        with gunicorn_server("bench.web_app:create_bench_app()", env, args=["--workers", "1"]) as port:
            attackers = [threading.Thread(target=send, args=(port, OTHER_URL.format(f"slow-{n}"), "attacker"))
                         for n in range(3)]
            for thread in attackers:
                thread.start()
            time.sleep(0.3)  # the attackers' fetches are under way
            send(port, CHAIN_URL, "legitimate")
            for thread in attackers:
                thread.join(30)
    finally:
        slow.shutdown()
        slow.server_close()
    assert finished[0] == "legitimate 200"
    assert sorted(finished[1:]) == ["attacker 400"] * 3


def test_a_chain_that_breaks_the_parser_still_releases_its_url(ca, monkeypatch):
    from skill.verifier import _CachedChain

    def broken(chain):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(_CachedChain, "of", classmethod(lambda cls, chain: broken(chain)))
    verifier = RequestVerifier(trusted_roots=[ca.root], fetch=lambda url: ca.chain_pem(), max_fetches=1)
    client = create_app(skill=SKILL, verifier=verifier).test_client()
    for url in (CHAIN_URL, OTHER_URL.format("next")):  # the first URL no longer holds the one fetch slot
        reply = post_signed(client, ca, url)
        assert reply.status_code == 400 and reply.get_json()["error"] == "certificate chain could not be read"
