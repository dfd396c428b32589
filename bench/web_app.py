"""The web service as benchmarked: full verification against a local CA.

gunicorn loads `bench.web_app:create_bench_app()`; the CA's root and chain
come from files named in BENCH_ROOT_PEM and BENCH_CHAIN_PEM. With
BENCH_SLOW_FETCH (a loopback http URL), every other certificate URL is
fetched from there instead of S3, to stand in for an attacker's slow server.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

from cryptography import x509

from bench.local_ca import CHAIN_URL
from skill.verifier import RequestVerifier, fetch_chain
from skill.webservice import create_app


def create_bench_app():
    root = x509.load_pem_x509_certificate(Path(os.environ["BENCH_ROOT_PEM"]).read_bytes())
    chain = Path(os.environ["BENCH_CHAIN_PEM"]).read_bytes()
    slow = os.environ.get("BENCH_SLOW_FETCH")

    def fetch(url: str) -> bytes:
        if url == CHAIN_URL:
            return chain
        if slow and slow.startswith("http://127.0.0.1:"):  # never anywhere but loopback
            return fetch_chain(slow + urlsplit(url).path)
        raise OSError("the benchmark fetches nothing from the network")

    return create_app(verifier=RequestVerifier(trusted_roots=[root], fetch=fetch))
