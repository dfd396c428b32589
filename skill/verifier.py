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
import os
import threading
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

CHAIN_URL_HEADER = "SignatureCertChainUrl"
SIGNATURE_HEADER = "Signature-256"
ECHO_API_DOMAIN = "echo-api.amazon.com"
TOLERANCE = timedelta(seconds=150)
SKILL_EVENT_TOLERANCE = timedelta(hours=1)  # skill events may be delivered late
MAX_CHAIN_BYTES = 64 * 1024


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


def certifi_roots() -> list[x509.Certificate]:
    import certifi

    with open(certifi.where(), "rb") as bundle:
        return x509.load_pem_x509_certificates(bundle.read())


def fetch_chain(url: str, timeout: float = 5.0) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as reply:  # noqa: S310 - URL checked above
        return reply.read(MAX_CHAIN_BYTES + 1)


def parse_timestamp(value: Any) -> datetime:
    if isinstance(value, bool):
        raise VerificationError("request timestamp is not a time")
    if isinstance(value, (int, float)):  # epoch milliseconds, as old simulators sent
        return datetime.fromtimestamp(value / 1000, tz=timezone.utc)
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


class RequestVerifier:
    def __init__(
        self,
        trusted_roots: list[x509.Certificate] | None = None,
        fetch: Callable[[str], bytes] = fetch_chain,
        skill_id: str | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
        cache_size: int = 32,
    ) -> None:
        # Only roots go into the trust store; downloaded certificates never do.
        self._store = Store(trusted_roots if trusted_roots is not None else certifi_roots())
        self._fetch = fetch
        self._skill_id = skill_id if skill_id is not None else os.environ.get(SKILL_ID_VARIABLE)
        self._clock = clock
        self._cache: OrderedDict[str, _CachedChain] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def verify(self, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
        """The request event, once every check has passed; VerificationError otherwise."""
        url = check_chain_url(headers.get(CHAIN_URL_HEADER))
        now = self._clock()
        key = self._validated_key(self._chain(url), now)
        self._check_signature(key, headers.get(SIGNATURE_HEADER), body)
        event = parse_event(body)
        self._check_timestamp(event, now)
        if self._skill_id and application_id(event) != self._skill_id:
            raise VerificationError("request is for another skill id")
        return event

    def _chain(self, url: str) -> _CachedChain:
        with self._lock:
            if url in self._cache:
                self._cache.move_to_end(url)
                return self._cache[url]
        try:
            pem = self._fetch(url)
        except Exception as error:  # noqa: BLE001 - any network failure is the same answer
            raise VerificationError(f"could not fetch the certificate chain ({error})") from None
        if len(pem) > MAX_CHAIN_BYTES:
            raise VerificationError("certificate chain is too large")
        try:
            certificates = x509.load_pem_x509_certificates(pem)
        except ValueError:
            raise VerificationError("certificate chain is not PEM certificates") from None
        if not certificates:
            raise VerificationError("certificate chain is empty")
        entry = _CachedChain.of(certificates)
        with self._lock:
            self._cache[url] = entry
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return entry

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
