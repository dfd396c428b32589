"""A small local stand-in for Alexa's APIs, so reminders work without a device.

It serves, on 127.0.0.1 at a random port over HTTPS (the SDK's client refuses
plain HTTP), the two calls the skill makes:

  POST/GET /v1/alerts/reminders                     the Reminders API
  GET /v2/devices/{deviceId}/settings/System.timeZone   the Settings API

Requests must carry the access token the runner put in the envelope, and
creating a reminder needs the user's consent, switchable with `grant`/`deny`.
Every reminder is kept exactly as the skill sent it, for tests and `/reminders`.
Failures can be queued (`fail_next(429)`, `fail_next("timeout")`).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import re
import ssl
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from skill.api_client import CA_VARIABLE, TIMEOUT_VARIABLE

_TIME_ZONE_PATH = re.compile(r"^/v2/devices/([^/]+)/settings/System\.timeZone$")
REMINDERS_PATH = "/v1/alerts/reminders"


class SimulatedAlexaApi:
    def __init__(self, time_zone: str = "America/New_York", consent: bool = True) -> None:
        self.time_zone = time_zone
        self.consent = consent
        self.token = f"local-api-token-{uuid.uuid4().hex}"
        self.reminders: list[dict[str, Any]] = []  # the JSON bodies the skill sent
        self.calls: list[tuple[str, str]] = []  # (method, path), in order
        self._failures: list[tuple[int | str, str]] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._folder: tempfile.TemporaryDirectory | None = None
        self._previous_ca: str | None = None

    # --- lifecycle ---------------------------------------------------------

    def start(self) -> SimulatedAlexaApi:
        self._folder = tempfile.TemporaryDirectory(prefix="closer-alexa-api-")
        ca_file, cert_file, key_file = _certificates(Path(self._folder.name))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file, key_file)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True, name="alexa-api").start()
        # The skill runs in this process: tell its API client to trust our certificate.
        self._previous_ca = os.environ.get(CA_VARIABLE)
        os.environ[CA_VARIABLE] = str(ca_file)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._previous_ca is None:
            os.environ.pop(CA_VARIABLE, None)
        else:
            os.environ[CA_VARIABLE] = self._previous_ca
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

    def __enter__(self) -> SimulatedAlexaApi:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    @property
    def endpoint(self) -> str:
        if self._server is None:
            raise RuntimeError("the simulated Alexa API is not running")
        return f"https://127.0.0.1:{self._server.server_address[1]}"

    # --- what tests and chat switch ----------------------------------------

    def grant(self) -> None:
        self.consent = True

    def deny(self) -> None:
        self.consent = False

    @property
    def consent_token(self) -> str | None:
        """What Alexa puts in user.permissions.consentToken once reminders are allowed."""
        return f"local-consent-{self.token[-12:]}" if self.consent else None

    def fail_next(self, failure: int | str, on: str = "/") -> None:
        """The next call to a path starting `on` answers with this status ("timeout": too late)."""
        with self._lock:
            self._failures.append((failure, on))

    def _next_failure(self, path: str) -> int | str | None:
        with self._lock:
            for index, (failure, on) in enumerate(self._failures):
                if path.startswith(on):
                    del self._failures[index]
                    return failure
            return None

    # --- answering ----------------------------------------------------------

    def answer(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, Any]:
        self.calls.append((method, path))
        failure = self._next_failure(path)
        if failure == "timeout":
            time.sleep(float(os.environ.get(TIMEOUT_VARIABLE) or 3) + 0.5)
            return 504, {"message": "too late"}
        if isinstance(failure, int):
            return failure, {"message": f"simulated status {failure}"}
        if headers.get("authorization") != f"Bearer {self.token}":
            return 401, {"code": "UNAUTHORIZED", "message": "bad or missing access token"}
        zone = _TIME_ZONE_PATH.match(path)
        if method == "GET" and zone:
            return 200, self.time_zone
        if path != REMINDERS_PATH:
            return 404, {"code": "NOT_FOUND", "message": path}
        if not self.consent:
            return 401, {"code": "UNAUTHORIZED", "message": "the user has not granted reminders"}
        if method == "GET":
            alerts = list(self.reminders)
            return 200, {"totalCount": str(len(alerts)), "alerts": alerts, "links": None}
        if method == "POST":
            try:
                reminder = json.loads(body or b"{}")
            except ValueError:
                return 400, {"code": "INVALID_BODY", "message": "not JSON"}
            now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000")
            token = str(uuid.uuid4())
            self.reminders.append({**reminder, "alertToken": token})
            return 201, {"alertToken": token, "createdTime": now, "updatedTime": now, "status": "ON",
                         "version": "1", "href": f"{REMINDERS_PATH}/{token}"}
        return 405, {"code": "METHOD_NOT_ALLOWED", "message": method}


def _handler_for(api: SimulatedAlexaApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, payload = api.answer(self.command, self.path, headers, body)
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the client gave up (a simulated time-out)
                pass

        do_GET = do_POST = do_PUT = do_DELETE = _serve

        def log_message(self, *_: Any) -> None:  # quiet: the runner prints what matters
            pass

    return Handler


def _certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A throwaway CA and a certificate for 127.0.0.1 signed by it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    def name(common: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])

    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(name("Closer Again local Alexa API CA"))
          .issuer_name(name("Closer Again local Alexa API CA")).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now)
          .not_valid_after(now + dt.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False,
                                       encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    leaf = (x509.CertificateBuilder().subject_name(name("127.0.0.1")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    ca_file, cert_file, key_file = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return ca_file, cert_file, key_file
