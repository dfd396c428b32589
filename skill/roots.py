"""The roots request verification trusts: certifi's bundle, loaded so one bad root cannot sink the rest.

certifi carries roots with a serial number of zero (Starfield's, on Amazon's
path, among them); cryptography warns about those now and may refuse them
later. Each root is loaded alone, so a refusal skips that root with an error
naming it instead of losing the whole trust store, and losing every root on
Amazon's path is an error at start rather than a silent refusal of every
genuine request.
"""

from __future__ import annotations

import warnings

from cryptography import x509

from skill.logs import clip, logger

# Roots on the path Amazon's echo-api certificate chains to (Amazon Root CA 1,
# directly or through Starfield's cross-signature).
AMAZON_PATH_ROOTS = ("Amazon Root CA 1", "Starfield Services Root Certificate Authority - G2")


def load_roots(bundle: bytes) -> list[x509.Certificate]:
    """Every certificate in a PEM bundle that this `cryptography` accepts, one at a time."""
    roots: list[x509.Certificate] = []
    marker = b"-----END CERTIFICATE-----"
    blocks = [block + marker for block in bundle.split(marker) if b"-----BEGIN CERTIFICATE-----" in block]
    for block in blocks:
        label = _label(block)
        try:
            with warnings.catch_warnings():
                # The deprecation of non-positive serials is the case handled here;
                # once per worker on stderr it only alarms whoever reads the log.
                warnings.filterwarnings("ignore", message=".*serial number which wasn't positive.*")
                roots.append(x509.load_pem_x509_certificate(block[block.index(b"-----BEGIN"):]))
        except ValueError as error:
            logger().error("trusted root %s skipped: this cryptography cannot load it (%s)",
                           label, clip(error))
    names = {_common_name(root) for root in roots}
    missing = [name for name in AMAZON_PATH_ROOTS if name not in names]
    if len(missing) == len(AMAZON_PATH_ROOTS):
        logger().error("no root on Amazon's certificate path is trusted (%s): every genuine Alexa "
                       "request will be refused", ", ".join(missing))
    elif missing:
        logger().warning("root %s is missing; Amazon's chain is still trusted through the other",
                         ", ".join(missing))
    return roots


def _label(block: bytes) -> str:
    for line in block.splitlines():
        if line.startswith(b"# Label:"):
            return line[len(b"# Label:"):].strip().decode("utf-8", "replace")
    return "(unlabelled)"


def _common_name(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(names[0].value) if names else ""


def certifi_roots() -> list[x509.Certificate]:
    import certifi

    with open(certifi.where(), "rb") as bundle:
        return load_roots(bundle.read())
