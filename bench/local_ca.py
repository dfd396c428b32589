"""A local certificate authority shaped like Alexa's, for tests and benchmarks.

A root, an intermediate and a leaf with the subject alternative name
echo-api.amazon.com, each with the extensions the web PKI expects, so request
verification can be exercised end to end without the network.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CHAIN_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-local.pem"


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def issue(subject: str, key, issuer_cert, issuer_key, *, ca: bool, names=(), start=None, days=30,
          eku=True) -> x509.Certificate:
    now = start or datetime.now(timezone.utc) - timedelta(days=1)
    issuer_name = issuer_cert.subject if issuer_cert is not None else _name(subject)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.KeyUsage(
            digital_signature=not ca, key_encipherment=not ca, content_commitment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
            encipher_only=False, decipher_only=False), critical=True)
    )
    if issuer_cert is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
    if names:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
    if not ca and eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                                        critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def pem(*certificates: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates)


@dataclass
class LocalCA:
    root: x509.Certificate
    root_key: rsa.RSAPrivateKey
    intermediate: x509.Certificate
    intermediate_key: rsa.RSAPrivateKey
    leaf: x509.Certificate
    leaf_key: rsa.RSAPrivateKey

    @classmethod
    def create(cls) -> LocalCA:
        root_key, intermediate_key, leaf_key = _key(), _key(), _key()
        root = issue("Local Test Root", root_key, None, root_key, ca=True, days=3650)
        intermediate = issue("Local Test Intermediate", intermediate_key, root, root_key, ca=True, days=365)
        leaf = issue("echo-api.amazon.com", leaf_key, intermediate, intermediate_key, ca=False,
                     names=["echo-api.amazon.com"])
        return cls(root, root_key, intermediate, intermediate_key, leaf, leaf_key)

    def chain_pem(self) -> bytes:
        return pem(self.leaf, self.intermediate)

    def leaf_like(self, **changes) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
        """Another leaf from the same intermediate, with some detail changed."""
        key = _key()
        options = {"ca": False, "names": ["echo-api.amazon.com"], **changes}
        return issue("echo-api.amazon.com", key, self.intermediate, self.intermediate_key, **options), key


def sign(key: rsa.RSAPrivateKey, body: bytes) -> str:
    return base64.b64encode(key.sign(body, padding.PKCS1v15(), hashes.SHA256())).decode()
