"""The web service as benchmarked: full verification against a local CA.

gunicorn loads `bench.web_app:create_bench_app()`; the CA's root and chain
come from files named in BENCH_ROOT_PEM and BENCH_CHAIN_PEM.
"""

import os
from pathlib import Path

from cryptography import x509

from skill.verifier import RequestVerifier
from skill.webservice import create_app


def create_bench_app():
    root = x509.load_pem_x509_certificate(Path(os.environ["BENCH_ROOT_PEM"]).read_bytes())
    chain = Path(os.environ["BENCH_CHAIN_PEM"]).read_bytes()
    return create_app(verifier=RequestVerifier(trusted_roots=[root], fetch=lambda url: chain))
