"""The web service and its request verification, with a local certificate authority."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from bench.local_ca import CHAIN_URL, LocalCA, pem, sign
from bench.servers import free_port
from local_runner.envelopes import Session
from skill.builder import build_skill
from skill.verifier import RequestVerifier, check_chain_url, fetch_chain
from skill.webservice import create_app

SKILL = build_skill()


@pytest.fixture(scope="module")
def ca() -> LocalCA:
    return LocalCA.create()


def client_for(ca: LocalCA, chain: bytes | None = None, roots=None, fetch=None, **options):
    chains = {CHAIN_URL: chain if chain is not None else ca.chain_pem()}
    verifier = RequestVerifier(trusted_roots=roots or [ca.root],
                               fetch=fetch or (lambda url: chains[url]), **options)
    return create_app(skill=SKILL, verifier=verifier).test_client()


def signed(ca: LocalCA, event: dict | None = None, key=None, url: str = CHAIN_URL, body: bytes | None = None):
    body = body if body is not None else json.dumps(event or Session().launch()).encode()
    headers = {"SignatureCertChainUrl": url, "Signature-256": sign(key or ca.leaf_key, body),
               "Content-Type": "application/json"}
    return body, headers


def post(client, body, headers):
    return client.post("/", data=body, headers=headers)


def test_a_valid_request_is_answered_by_the_skill(ca):
    reply = post(client_for(ca), *signed(ca))
    assert reply.status_code == 200
    assert "welcome to closer again" in reply.get_json()["response"]["outputSpeech"]["ssml"].lower()


def test_health_and_method_not_allowed(ca):
    client = client_for(ca)
    assert client.get("/health").get_json() == {"status": "ok", "verification": True, "memory": "off"}
    reply = client.get("/")
    assert reply.status_code == 405 and "error" in reply.get_json()


@pytest.mark.parametrize("drop", ["SignatureCertChainUrl", "Signature-256"])
def test_missing_headers_are_rejected(ca, drop):
    body, headers = signed(ca)
    del headers[drop]
    reply = post(client_for(ca), body, headers)
    assert reply.status_code == 400 and drop in reply.get_json()["error"]


def test_empty_and_non_base64_signatures_are_rejected(ca):
    body, headers = signed(ca)
    for value in ("", "not base64!!", headers["Signature-256"][:-2] + "*="):
        reply = post(client_for(ca), body, {**headers, "Signature-256": value})
        assert reply.status_code == 400


@pytest.mark.parametrize("url,accepted", [
    ("https://s3.amazonaws.com/echo.api/echo-api-cert.pem", True),
    ("https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem", True),
    ("HTTPS://s3.amazonaws.com/echo.api/echo-api-cert.pem", True),
    ("https://S3.AMAZONAWS.COM/echo.api/echo-api-cert.pem", True),
    ("https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem", True),
    ("http://s3.amazonaws.com/echo.api/echo-api-cert.pem", False),
    ("https://notamazon.com/echo.api/echo-api-cert.pem", False),
    ("https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem", False),
    ("https://s3.amazonaws.com/invalid.path/echo-api-cert.pem", False),
    ("https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem", False),
    ("https://s3.amazonaws.com/echo.api/../invalid.path/echo-api-cert.pem", False),
    ("https://s3.amazonaws.com:notaport/echo.api/cert.pem", False),
    ("https://s3.amazonaws.com:99999/echo.api/cert.pem", False),
    ("https://[broken/echo.api/cert.pem", False),
])
def test_certificate_chain_url_rules(ca, url, accepted):
    if accepted:
        assert check_chain_url(url).startswith("https://s3.amazonaws.com/echo.api/")
    fetched = []
    client = client_for(ca, fetch=lambda u: fetched.append(u) or ca.chain_pem())
    reply = post(client, *signed(ca, url=url))
    assert (reply.status_code == 200) == accepted, reply.get_json()
    assert bool(fetched) == accepted  # a bad URL is never fetched


def test_expired_and_not_yet_valid_leaves_are_rejected(ca):
    expired, key = ca.leaf_like(start=datetime.now(timezone.utc) - timedelta(days=40), days=30)
    reply = post(client_for(ca, chain=pem(expired, ca.intermediate)), *signed(ca, key=key))
    assert reply.status_code == 400 and "expired" in reply.get_json()["error"]
    future, key = ca.leaf_like(start=datetime.now(timezone.utc) + timedelta(days=2))
    reply = post(client_for(ca, chain=pem(future, ca.intermediate)), *signed(ca, key=key))
    assert reply.status_code == 400 and "not yet valid" in reply.get_json()["error"]


def test_wrong_subject_alternative_name_is_rejected(ca):
    other, key = ca.leaf_like(names=["example.com"])
    reply = post(client_for(ca, chain=pem(other, ca.intermediate)), *signed(ca, key=key))
    assert reply.status_code == 400 and "echo-api.amazon.com" in reply.get_json()["error"]


def test_untrusted_root_and_missing_intermediate_are_rejected(ca):
    stranger = LocalCA.create()
    reply = post(client_for(ca, roots=[stranger.root]), *signed(ca))
    assert reply.status_code == 400 and "not trusted" in reply.get_json()["error"]
    reply = post(client_for(ca, chain=pem(ca.leaf)), *signed(ca))
    assert reply.status_code == 400 and "not trusted" in reply.get_json()["error"]


def test_a_downloaded_root_is_never_trusted(ca):
    stranger = LocalCA.create()
    chain = pem(stranger.leaf, stranger.intermediate, stranger.root)
    reply = post(client_for(ca, chain=chain), *signed(stranger))
    assert reply.status_code == 400


def test_wrong_key_and_tampered_body_are_rejected(ca):
    stranger = LocalCA.create()
    reply = post(client_for(ca), *signed(ca, key=stranger.leaf_key))
    assert reply.status_code == 400 and "signature" in reply.get_json()["error"]
    body, headers = signed(ca)
    tampered = body.replace(b"LaunchRequest", b"IntentRequest")
    assert post(client_for(ca), tampered, headers).status_code == 400


def at(seconds: int) -> str:
    moment = datetime.now(timezone.utc) + timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.mark.parametrize("offset,ok", [(-140, True), (140, True), (-200, False), (200, False)])
def test_timestamps_must_be_within_150_seconds(ca, offset, ok):
    event = Session().launch()
    event["request"]["timestamp"] = at(offset)
    reply = post(client_for(ca), *signed(ca, event))
    assert (reply.status_code == 200) == ok


@pytest.mark.parametrize("offset,ok", [(-3000, True), (3000, True), (-3700, False)])
def test_skill_events_have_a_one_hour_window(ca, offset, ok):
    event = {"version": "1.0", "context": {"System": {"application": {"applicationId": "x"}}},
             "request": {"type": "AlexaSkillEvent.SkillEnabled", "requestId": "r1",
                         "timestamp": at(offset), "eventCreationTime": at(offset)}}
    reply = post(client_for(ca), *signed(ca, event))
    assert (reply.status_code == 200) == ok
    if ok:
        assert reply.get_json()["response"] == {}


def test_wrong_skill_id_is_rejected(ca, monkeypatch):
    event = Session().launch()
    reply = post(client_for(ca, skill_id="amzn1.ask.skill.another"), *signed(ca, event))
    assert reply.status_code == 400 and "skill id" in reply.get_json()["error"]
    monkeypatch.setenv("ALEXA_SKILL_ID", event["session"]["application"]["applicationId"])
    assert post(client_for(ca), *signed(ca, event)).status_code == 200


def test_malformed_json_and_oversized_bodies_are_refused(ca):
    reply = post(client_for(ca), *signed(ca, body=b'{"version": "1.0", '))
    assert reply.status_code == 400 and "JSON" in reply.get_json()["error"]
    huge = b'{"pad": "' + b"x" * (300 * 1024) + b'"}'
    reply = post(client_for(ca), *signed(ca, body=huge))
    assert reply.status_code == 413


def test_a_chain_fetch_that_times_out_is_rejected(ca):
    # A server on loopback that accepts the connection and never answers.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        fetch = lambda url: fetch_chain(f"http://127.0.0.1:{port}/echo.api/cert.pem", timeout=0.3)  # noqa: E731
        reply = post(client_for(ca, fetch=fetch), *signed(ca))
    assert reply.status_code == 400 and "timed out" in reply.get_json()["error"]


def test_the_chain_is_fetched_once_and_validated_on_every_use(ca):
    fetched = []
    now = [datetime.now(timezone.utc)]
    client = client_for(ca, fetch=lambda u: fetched.append(u) or ca.chain_pem(), clock=lambda: now[0])
    event = Session().launch()
    event["request"]["timestamp"] = now[0].strftime("%Y-%m-%dT%H:%M:%SZ")
    assert post(client, *signed(ca, event)).status_code == 200
    assert post(client, *signed(ca, event)).status_code == 200
    assert len(fetched) == 1
    now[0] += timedelta(days=60)  # the cached leaf has since expired
    event["request"]["timestamp"] = now[0].strftime("%Y-%m-%dT%H:%M:%SZ")
    reply = post(client, *signed(ca, event))
    assert reply.status_code == 400 and "expired" in reply.get_json()["error"]


def test_json_nested_too_deeply_is_a_400_not_a_500(ca):
    body = b"[" * 100_000 + b"]" * 100_000
    assert post(client_for(ca), *signed(ca, body=body)).status_code == 400
    assert create_app(skill=SKILL, verify=False).test_client().post("/", data=body).status_code == 400


def test_verification_off_is_explicit_and_warns(caplog):
    with caplog.at_level(logging.WARNING, logger="closer_again"):
        client = create_app(skill=SKILL, verify=False).test_client()
    assert "VERIFICATION IS OFF" in caplog.text
    reply = client.post("/", data=json.dumps(Session().launch()))
    assert reply.status_code == 200
    assert client.post("/", data=b"not json").status_code == 400


def test_logs_one_line_per_request_without_personal_data(ca, caplog):
    event = Session().intent("ReconnectionIdeaIntent", {})
    with caplog.at_level(logging.INFO, logger="closer_again"):
        post(client_for(ca), *signed(ca, event))
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("request ")]
    assert len(lines) == 1
    assert "type=IntentRequest" in lines[0] and "locale=en-US" in lines[0]
    assert "ReconnectionIdeaIntent" not in lines[0]  # no intent, so a safety session's line looks the same
    assert "outcome=ok" in lines[0] and "latency_ms=" in lines[0]
    assert event["session"]["user"]["userId"] not in caplog.text


def test_an_intermediate_that_expires_before_the_leaf_ends_trust(ca):
    from bench.local_ca import issue

    start = datetime.now(timezone.utc) - timedelta(days=1)
    short_key, leaf_key = (rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in "ab")
    short = issue("Short Intermediate", short_key, ca.root, ca.root_key, ca=True, start=start, days=10)
    leaf = issue("echo-api.amazon.com", leaf_key, short, short_key, ca=False,
                 names=["echo-api.amazon.com"], start=start, days=30)
    now = [datetime.now(timezone.utc)]
    client = client_for(ca, chain=pem(leaf, short), clock=lambda: now[0])
    event = Session().launch()
    event["request"]["timestamp"] = now[0].strftime("%Y-%m-%dT%H:%M:%SZ")
    assert post(client, *signed(ca, event, key=leaf_key)).status_code == 200
    now[0] += timedelta(days=15)  # the leaf is still valid; its intermediate is not
    event["request"]["timestamp"] = now[0].strftime("%Y-%m-%dT%H:%M:%SZ")
    reply = post(client, *signed(ca, event, key=leaf_key))
    assert reply.status_code == 400 and "not trusted" in reply.get_json()["error"]


def test_gunicorn_serves_the_app_factory(tmp_path):
    port = free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "--bind", f"127.0.0.1:{port}", "--workers", "2", "skill.webservice:create_app()"],
        cwd=Path(__file__).resolve().parent.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env={**os.environ, "CLOSER_DB": str(tmp_path / "memory.db")})
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as reply:
                    assert json.load(reply) == {"status": "ok", "verification": True, "memory": "ok"}
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("gunicorn did not answer")
        body = json.dumps(Session().launch()).encode()
        unsigned = urllib.request.Request(f"http://127.0.0.1:{port}/", data=body, method="POST")
        try:
            urllib.request.urlopen(unsigned, timeout=5)
            raise AssertionError("an unsigned request was answered")
        except urllib.error.HTTPError as error:
            assert error.code == 400
    finally:
        server.terminate()
        server.wait(10)
        server.stdout.close()
