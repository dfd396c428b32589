"""deploy/nginx.conf in front of gunicorn, run with Debian's real nginx on loopback."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from bench.local_ca import CHAIN_URL, LocalCA, pem, sign
from bench.servers import ROOT, free_port, start_server, wait_for_port
from local_runner.envelopes import Session

SITE = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

MAIN = """
worker_processes 1;
error_log {prefix}/error.log warn;
pid {prefix}/nginx.pid;
{user}
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {site};
}}
"""


def site_for(listen: int, upstream: int, cert: Path, key: Path) -> str:
    """deploy/nginx.conf as shipped, with only the ports and certificate paths changed."""
    text = SITE.read_text()
    for old, new in (("listen 443 ssl;", f"listen 127.0.0.1:{listen} ssl;"),
                     ("server 127.0.0.1:8080;", f"server 127.0.0.1:{upstream};"),
                     ("/etc/letsencrypt/live/alexa.example.org/fullchain.pem", str(cert)),
                     ("/etc/letsencrypt/live/alexa.example.org/privkey.pem", str(key))):
        assert old in text, f"deploy/nginx.conf no longer has {old!r}"
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def ca() -> LocalCA:
    return LocalCA.create()


@contextmanager
def nginx_in_front(ca: LocalCA, tmp: Path) -> Iterator[tuple[int, ssl.SSLContext]]:
    """gunicorn with one worker and one thread, so a single stuck request would block it, behind nginx."""
    assert Path(NGINX).exists(), "nginx is missing: `make setup` installs it with apt-get"
    (tmp / "root.pem").write_bytes(pem(ca.root))
    (tmp / "chain.pem").write_bytes(ca.chain_pem())
    upstream, listen = free_port(), free_port()
    server = start_server("bench.web_app:create_bench_app()", upstream, {
        "CLOSER_PERSISTENCE": "none", "BENCH_ROOT_PEM": str(tmp / "root.pem"),
        "BENCH_CHAIN_PEM": str(tmp / "chain.pem")}, args=["--workers", "1", "--threads", "1"])
    tls_leaf, tls_key = ca.leaf_like(names=["localhost"])
    (tmp / "tls.pem").write_bytes(pem(tls_leaf, ca.intermediate))
    (tmp / "tls.key").write_bytes(tls_key.private_bytes(serialization.Encoding.PEM,
                                                        serialization.PrivateFormat.PKCS8,
                                                        serialization.NoEncryption()))
    (tmp / "site.conf").write_text(site_for(listen, upstream, tmp / "tls.pem", tmp / "tls.key"))
    (tmp / "nginx.conf").write_text(MAIN.format(
        prefix=tmp, site=tmp / "site.conf", user="user root;" if os.geteuid() == 0 else ""))
    proxy = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_for_port(listen, proxy, seconds=15)
        context = ssl.create_default_context(cadata=pem(ca.root).decode())
        yield listen, context
    finally:
        for process in (proxy, server):
            process.terminate()
            process.wait(10)
            if process.stdout is not None:
                process.stdout.close()


def request(port: int, context: ssl.SSLContext, body: bytes, headers: dict[str, str],
            chunked: bool = False) -> int:
    connection = http.client.HTTPSConnection("localhost", port, context=context, timeout=15)
    try:
        if chunked:
            parts = iter([body[i:i + 65536] for i in range(0, len(body), 65536)])
            connection.request("POST", "/", body=parts, headers=headers, encode_chunked=True)
        else:
            connection.request("POST", "/", body=body, headers=headers)
        reply = connection.getresponse()
        reply.read()
        return reply.status
    finally:
        connection.close()


def still_waiting(raw: ssl.SSLSocket) -> bool:
    """The connection is open and nothing has been answered on it yet."""
    raw.setblocking(False)
    try:
        raw.recv(1)  # an answer, or the end of the connection
    except (ssl.SSLWantReadError, BlockingIOError):
        return True
    except OSError:
        return False
    return False


def signed(ca: LocalCA) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(Session().launch()).encode()
    return body, {"SignatureCertChainUrl": CHAIN_URL, "Signature-256": sign(ca.leaf_key, body),
                  "Content-Type": "application/json"}


def test_nginx_passes_signed_requests_buffers_slow_clients_and_refuses_big_bodies(ca, tmp_path):
    with nginx_in_front(ca, tmp_path) as (port, context):
        assert request(port, context, *signed(ca)) == 200
        body, headers = signed(ca)
        assert request(port, context, body.replace(b"Launch", b"Intent"), headers) == 400  # still verified

        # Clients that send headers and part of a body, then stall. gunicorn has a
        # single thread: had nginx passed them on, the next request would wait.
        stalled = []
        for _ in range(3):
            raw = context.wrap_socket(socket.create_connection(("127.0.0.1", port)),
                                      server_hostname="localhost")
            raw.sendall(b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        b"Content-Length: 5000\r\n\r\n{\"version\": ")
            stalled.append(raw)
        try:
            assert request(port, context, *signed(ca)) == 200
            # Answered while the stalled clients were still waiting, not after
            # nginx gave up on them and so freed the thread.
            assert all(still_waiting(raw) for raw in stalled)
        finally:
            for raw in stalled:
                raw.close()

        huge = b'{"pad": "' + b"x" * (300 * 1024) + b'"}'
        assert request(port, context, huge, {"Content-Type": "application/json"}) == 413
        assert request(port, context, huge, {"Content-Type": "application/json"}, chunked=True) == 413
