"""Only this computer, and only pages the studio served itself, may talk to the studio.

The studio can write to the content files, so a web page open in the same
browser must not be able to send it requests: a request is answered only when
its Host is the studio's own address (a DNS rebinding page has another name)
and its Origin, when the browser sends one, is the studio itself.
"""

from __future__ import annotations

from flask import Flask, request

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def own_hosts(host: str, port: int | None) -> set[str]:
    """The Host headers a browser sends for the studio's own address."""
    names = {host, "127.0.0.1", "localhost"} if host in LOOPBACK else {host}
    shown = {f"[{name}]" if ":" in name else name for name in names}
    return {f"{name}:{port}" for name in shown} if port else shown


def guard(app: Flask, hosts: set[str]) -> None:
    @app.before_request
    def own_address_only():
        host = request.headers.get("Host", "")
        origin = request.headers.get("Origin")
        if host not in hosts or (origin is not None and origin not in {f"http://{h}" for h in hosts}):
            return "This studio only answers pages it served itself on this computer.\n", 403, \
                {"Content-Type": "text/plain; charset=utf-8"}
        return None
