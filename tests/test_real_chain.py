"""The verifier against Amazon's real certificate chains, and a chain built to mirror them.

Genuine chains (tests/fixtures/amazon-chains, see PROVENANCE.md) are checked at
a time inside their validity against certifi's roots, through Amazon Root CA 1
and through Starfield's cross-signature. Without Amazon's private key no
request can be signed for them, so a request with a wrong signature must fail
at the signature, after every certificate check has passed. The mirror chain
copies the names, dates and extensions of the 2026 chain with keys made here,
so a fully signed request can travel the same path.
"""

from __future__ import annotations

import base64
import json
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtensionOID

from bench.local_ca import pem, sign
from local_runner.envelopes import Session
from skill.builder import build_skill
from skill.roots import _common_name, certifi_roots
from skill.verifier import RequestVerifier
from skill.webservice import create_app

CHAINS = Path(__file__).parent / "fixtures" / "amazon-chains"
URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-13.pem"
SKILL = build_skill()
ROOTS = certifi_roots()
AMAZON_ROOT = "Amazon Root CA 1"
STARFIELD_ROOT = "Starfield Services Root Certificate Authority - G2"


def roots_named(*names: str) -> list[x509.Certificate]:
    return [root for root in ROOTS if _common_name(root) in names]


def post(chain: bytes, roots: list[x509.Certificate], at: datetime, signer=None):
    event = Session().launch()
    event["request"]["timestamp"] = at.strftime("%Y-%m-%dT%H:%M:%SZ")
    body = json.dumps(event).encode()
    signature = sign(signer, body) if signer else base64.b64encode(b"\x01" * 256).decode()
    verifier = RequestVerifier(trusted_roots=roots, fetch=lambda url: chain, clock=lambda: at)
    client = create_app(skill=SKILL, verifier=verifier).test_client()
    return client.post("/", data=body, headers={"SignatureCertChainUrl": URL, "Signature-256": signature})


GENUINE = [("echo-api-cert-2026.pem", datetime(2026, 11, 1, 12, tzinfo=timezone.utc)),
           ("echo-api-cert-12-2023.pem", datetime(2023, 6, 1, 12, tzinfo=timezone.utc))]


@pytest.mark.parametrize("file,at", GENUINE)
@pytest.mark.parametrize("trusted", [(), (AMAZON_ROOT,), (STARFIELD_ROOT,)],
                         ids=["certifi", "amazon", "starfield"])
def test_a_genuine_chain_passes_every_certificate_check(file, at, trusted):
    roots = roots_named(*trusted) if trusted else ROOTS
    reply = post((CHAINS / file).read_bytes(), roots, at)
    assert reply.status_code == 400
    assert reply.get_json()["error"] == "signature does not match the body"  # the first check left


@pytest.mark.parametrize("file,at", GENUINE)
def test_a_genuine_chain_is_refused_once_expired_or_without_its_roots(file, at):
    chain = (CHAINS / file).read_bytes()
    leaf = x509.load_pem_x509_certificates(chain)[0]
    expired = post(chain, ROOTS, leaf.not_valid_after_utc + timedelta(days=1))
    assert "expired" in expired.get_json()["error"]
    others = [r for r in ROOTS if _common_name(r) not in (AMAZON_ROOT, STARFIELD_ROOT)]
    assert "not trusted" in post(chain, others, at).get_json()["error"]


def mirror(template: x509.Certificate, key, issuer_key) -> x509.Certificate:
    """A certificate with the template's names, dates and extensions, and keys made here."""
    with warnings.catch_warnings():  # Starfield's root has serial 0, which RFC 5280 forbids
        warnings.simplefilter("ignore")
        serial = max(template.serial_number, 1)
    builder = (x509.CertificateBuilder()
               .subject_name(template.subject).issuer_name(template.issuer)
               .public_key(key.public_key()).serial_number(serial)
               .not_valid_before(template.not_valid_before_utc)
               .not_valid_after(template.not_valid_after_utc))
    for extension in template.extensions:
        value = extension.value
        if extension.oid == ExtensionOID.SUBJECT_KEY_IDENTIFIER:
            value = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
        elif extension.oid == ExtensionOID.AUTHORITY_KEY_IDENTIFIER:
            value = x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key())
        elif extension.oid == ExtensionOID.PRECERT_SIGNED_CERTIFICATE_TIMESTAMPS:
            continue  # signed by CT logs over the real certificate; nothing a mirror could carry
        builder = builder.add_extension(value, critical=extension.critical)
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture(scope="module")
def mirrored():
    leaf, intermediate, cross_signed = x509.load_pem_x509_certificates(
        (CHAINS / "echo-api-cert-2026.pem").read_bytes())
    amazon_root, starfield_root = (roots_named(name)[0] for name in (AMAZON_ROOT, STARFIELD_ROOT))
    keys = {name: rsa.generate_private_key(public_exponent=65537, key_size=2048)
            for name in ("starfield", "amazon", "m01", "leaf")}
    copies = {
        "starfield": mirror(starfield_root, keys["starfield"], keys["starfield"]),
        "amazon": mirror(amazon_root, keys["amazon"], keys["amazon"]),
        "cross": mirror(cross_signed, keys["amazon"], keys["starfield"]),
        "m01": mirror(intermediate, keys["m01"], keys["amazon"]),
        "leaf": mirror(leaf, keys["leaf"], keys["m01"]),
    }
    for name, original in (("leaf", leaf), ("m01", intermediate), ("cross", cross_signed)):
        kept = {e.oid for e in original.extensions} - {ExtensionOID.PRECERT_SIGNED_CERTIFICATE_TIMESTAMPS}
        assert {e.oid for e in copies[name].extensions} == kept
    return copies, keys["leaf"]


@pytest.mark.parametrize("root", ["amazon", "starfield"])
def test_a_mirror_of_amazons_chain_is_accepted_end_to_end(mirrored, root):
    copies, leaf_key = mirrored
    chain = pem(copies["leaf"], copies["m01"], copies["cross"])  # served as Amazon serves its own
    at = datetime(2026, 11, 1, 12, tzinfo=timezone.utc)
    reply = post(chain, [copies[root]], at, signer=leaf_key)
    assert reply.status_code == 200, reply.get_json()
    assert "welcome to closer again" in reply.get_json()["response"]["outputSpeech"]["ssml"].lower()
