"""Checks that a request to the web service really comes from Alexa.

Amazon's requirements for skills hosted as web services, in their order: the
certificate chain URL, the chain itself (validated on every use, not only when
fetched), the body's signature, the timestamp, and the skill id. Written on
`cryptography`, whose X.509 path validation is maintained; flask-ask-sdk cannot
be imported on current OpenSSL (wbond/oscrypto#78).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import os
import threading
import time
import urllib.request
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.verification import PolicyBuilder, Store
from cryptography.x509.verification import VerificationError as PathError

from skill.invoke import SKILL_ID_VARIABLE, application_id
from skill.logs import clip
from skill.roots import certifi_roots

CHAIN_URL_HEADER = "SignatureCertChainUrl"
SIGNATURE_HEADER = "Signature-256"
ECHO_API_DOMAIN = "echo-api.amazon.com"
TOLERANCE = timedelta(seconds=150)
SKILL_EVENT_TOLERANCE = timedelta(hours=1)  # skill events may be delivered late
MAX_CHAIN_BYTES = 64 * 1024
# Amazon's S3 answers in well under a second; an attacker's never-seen URL must
# not hold a thread for longer than this, whatever the server at the other end does.
FETCH_TIMEOUT_SECONDS = 2.0
FAILURE_TTL_SECONDS = 60.0  # a URL that failed is refused without fetching for this long
MAX_FAILURES = 1024  # failed URLs remembered (oldest forgotten first)
MAX_FETCHES = 4  # fetches in flight at once per process; more are refused at once


class VerificationError(ValueError):
    """The request failed a check; the message is safe to return to the caller."""


def remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, so /echo.api/../x cannot pass for /echo.api/."""
    output: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if len(output) > 1:
                output.pop()
        elif segment != ".":
            output.append(segment)
    result = "/".join(output)
    if path.endswith(("/.", "/..")):
        result += "/"
    return result if result.startswith("/") else "/" + result


@lru_cache(maxsize=64)  # a pure function of the header, which repeats on every request
def check_chain_url(url: str | None) -> str:
    """The normalised certificate chain URL, or VerificationError if Amazon would not use it."""
    if not url:
        raise VerificationError(f"missing {CHAIN_URL_HEADER} header")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise VerificationError(f"malformed certificate chain URL ({error})") from None
    path = remove_dot_segments(parts.path)
    if parts.scheme.lower() != "https":
        raise VerificationError("certificate chain URL must use https")
    if (parts.hostname or "").lower() != "s3.amazonaws.com":
        raise VerificationError("certificate chain URL must be on s3.amazonaws.com")
    if not path.startswith("/echo.api/"):
        raise VerificationError("certificate chain URL path must start with /echo.api/")
    if port not in (None, 443):
        raise VerificationError("certificate chain URL port must be 443")
    return f"https://s3.amazonaws.com{path}"


def fetch_chain(url: str, timeout: float = FETCH_TIMEOUT_SECONDS) -> bytes:
    """The body at `url`, given `timeout` seconds in all, however slowly the server trickles."""
    deadline = time.monotonic() + timeout
    with urllib.request.urlopen(url, timeout=timeout) as reply:  # noqa: S310 - URL checked above
        data = b""
        while len(data) <= MAX_CHAIN_BYTES:
            if time.monotonic() > deadline:
                raise TimeoutError("certificate chain download timed out")
            chunk = reply.read1(8192) if hasattr(reply, "read1") else reply.read(8192)
            if not chunk:
                break
            data += chunk
        return data


def parse_timestamp(value: Any) -> datetime:
    if isinstance(value, bool):
        raise VerificationError("request timestamp is not a time")
    if isinstance(value, (int, float)):  # epoch milliseconds, as old simulators sent
        # NaN, infinities and numbers beyond any calendar are not times.
        try:
            if not math.isfinite(value):
                raise ValueError
            return datetime.fromtimestamp(value / 1000, tz=timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise VerificationError("request timestamp is not a time") from None
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise VerificationError("request timestamp is not a time") from None
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    raise VerificationError("request has no timestamp")


@dataclass
class _CachedChain:
    """A fetched chain and the immutable facts about its leaf; the checks run on every use."""

    leaf: x509.Certificate
    intermediates: list[x509.Certificate]
    not_before: datetime
    not_after: datetime
    names: frozenset[str] | None  # the leaf's DNS names; None when it has no SAN extension
    key: Any
    trusted_window: tuple[datetime, datetime] | None = None  # see _validated_key

    @classmethod
    def of(cls, chain: list[x509.Certificate]) -> _CachedChain:
        leaf, *intermediates = chain
        try:
            san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
            names: frozenset[str] | None = frozenset(san.get_values_for_type(x509.DNSName))
        except x509.ExtensionNotFound:
            names = None
        return cls(leaf, intermediates, leaf.not_valid_before_utc, leaf.not_valid_after_utc, names,
                   leaf.public_key())


class _Flight:
    """One fetch in progress, which later requests for the same URL wait on."""

    def __init__(self) -> None:
        self._done = threading.Event()
        self._entry: _CachedChain | None = None
        self._error: VerificationError | None = None

    def finish(self, entry: _CachedChain | None = None, error: VerificationError | None = None) -> None:
        self._entry, self._error = entry, error
        self._done.set()

    def wait(self) -> _CachedChain:
        # The leader's fetch is bounded by its own timeout; this bound is a backstop.
        if not self._done.wait(FETCH_TIMEOUT_SECONDS * 2 + 1):
            raise VerificationError("certificate chain fetch did not finish")
        if self._error is not None:
            raise VerificationError(str(self._error))
        assert self._entry is not None
        return self._entry


class RequestVerifier:
    def __init__(
        self,
        trusted_roots: list[x509.Certificate] | None = None,
        fetch: Callable[[str], bytes] = fetch_chain,
        skill_id: str | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
        cache_size: int = 32,
        failure_ttl: float = FAILURE_TTL_SECONDS,
        max_fetches: int = MAX_FETCHES,
    ) -> None:
        # Only roots go into the trust store; downloaded certificates never do.
        self._store = Store(trusted_roots if trusted_roots is not None else certifi_roots())
        self._fetch = fetch
        self.skill_id = skill_id if skill_id is not None else os.environ.get(SKILL_ID_VARIABLE)
        self._clock = clock
        self._cache: OrderedDict[str, _CachedChain] = OrderedDict()
        self._cache_size = cache_size
        self._failures: OrderedDict[str, tuple[float, str]] = OrderedDict()  # url: (until, why)
        self._failure_ttl = failure_ttl
        self._flights: dict[str, _Flight] = {}
        self._max_fetches = max_fetches
        self._lock = threading.Lock()

    def verify(self, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
        """The request event, once every check has passed; VerificationError otherwise."""
        url = check_chain_url(headers.get(CHAIN_URL_HEADER))
        now = self._clock()
        key = self._validated_key(self._chain(url), now)
        self._check_signature(key, headers.get(SIGNATURE_HEADER), body)
        event = parse_event(body)
        self._check_timestamp(event, now)
        if self.skill_id and application_id(event) != self.skill_id:
            raise VerificationError("request is for another skill id")
        return event

    def _chain(self, url: str) -> _CachedChain:
        """The chain at `url`: cached, or fetched once however many requests wait for it."""
        with self._lock:
            if url in self._cache:
                self._cache.move_to_end(url)
                return self._cache[url]
            failed = self._failures.get(url)
            if failed is not None:
                if time.monotonic() < failed[0]:
                    raise VerificationError(failed[1])
                del self._failures[url]
            flight = self._flights.get(url)
            leader = flight is None
            if leader:
                if len(self._flights) >= self._max_fetches:
                    raise VerificationError("too many certificate chains being fetched; try again")
                flight = self._flights[url] = _Flight()
        if not leader:
            return flight.wait()
        try:
            entry = self._load(url)
        except Exception as error:  # noqa: BLE001 - whatever broke, waiters must be released
            failure = error if isinstance(error, VerificationError) else \
                VerificationError("certificate chain could not be read")
            with self._lock:
                self._failures[url] = (time.monotonic() + self._failure_ttl, str(failure))
                while len(self._failures) > MAX_FAILURES:
                    self._failures.popitem(last=False)
                del self._flights[url]
            flight.finish(error=failure)
            raise failure from None
        with self._lock:
            self._cache[url] = entry
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
            del self._flights[url]
        flight.finish(entry=entry)
        return entry

    def _load(self, url: str) -> _CachedChain:
        try:
            pem = self._fetch(url)
        except Exception as error:  # noqa: BLE001 - any network failure is the same answer
            raise VerificationError(f"could not fetch the certificate chain ({clip(error, 120)})") from None
        if len(pem) > MAX_CHAIN_BYTES:
            raise VerificationError("certificate chain is too large")
        try:
            certificates = x509.load_pem_x509_certificates(pem)
        except ValueError:
            raise VerificationError("certificate chain is not PEM certificates") from None
        if not certificates:
            raise VerificationError("certificate chain is empty")
        return _CachedChain.of(certificates)

    def _validated_key(self, chain: _CachedChain, now: datetime) -> Any:
        """The leaf's public key, once the leaf is valid now, names Alexa, and chains to a root."""
        if now < chain.not_before:
            raise VerificationError("signing certificate is not yet valid")
        if now > chain.not_after:
            raise VerificationError("signing certificate has expired")
        if chain.names is None:
            raise VerificationError("signing certificate has no subject alternative names")
        if ECHO_API_DOMAIN not in chain.names:
            raise VerificationError(f"signing certificate is not for {ECHO_API_DOMAIN}")
        # Path validation is a pure function of the certificates, the trusted roots
        # and the time. Its result holds exactly while every certificate on the
        # path is within its validity period, so it is remembered for that window
        # and the time is checked against the window on every use; outside it, or
        # for a chain not yet validated, the path is validated afresh.
        window = chain.trusted_window
        if window is None or not window[0] <= now <= window[1]:
            verifier = PolicyBuilder().store(self._store).time(now).build_server_verifier(
                x509.DNSName(ECHO_API_DOMAIN))
            try:
                path = verifier.verify(chain.leaf, chain.intermediates)
            except PathError as error:
                raise VerificationError(f"certificate chain is not trusted ({error})") from None
            chain.trusted_window = (max(c.not_valid_before_utc for c in path),
                                    min(c.not_valid_after_utc for c in path))
        return chain.key

    @staticmethod
    def _check_signature(key: Any, header: str | None, body: bytes) -> None:
        if not header:
            raise VerificationError(f"missing {SIGNATURE_HEADER} header")
        try:
            signature = base64.b64decode(header, validate=True)
        except (binascii.Error, ValueError):
            raise VerificationError("signature is not valid base64") from None
        if not isinstance(key, rsa.RSAPublicKey):
            raise VerificationError("signing certificate does not hold an RSA key")
        try:
            key.verify(signature, body, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            raise VerificationError("signature does not match the body") from None

    @staticmethod
    def _check_timestamp(event: dict[str, Any], now: datetime) -> None:
        request = event.get("request")
        if not isinstance(request, dict):
            raise VerificationError("request has no request object")
        moment = parse_timestamp(request.get("timestamp"))
        kind = request.get("type")
        tolerance = SKILL_EVENT_TOLERANCE if isinstance(kind, str) and \
            kind.startswith("AlexaSkillEvent.") else TOLERANCE
        if abs(now - moment) > tolerance:
            raise VerificationError("request timestamp is too far from now")


def parse_event(body: bytes) -> dict[str, Any]:
    try:
        event = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise VerificationError("body is not valid JSON") from None
    if not isinstance(event, dict):
        raise VerificationError("body is not a JSON object")
    return event
