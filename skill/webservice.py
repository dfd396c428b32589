"""The skill as an HTTPS web service: `skill.webservice:create_app()` under gunicorn.

POST / is the Alexa endpoint; GET /health reports status. Every request is
verified unless verification is switched off explicitly (CLOSER_VERIFY=0),
which logs a warning at every start. Nothing of a rejected request reaches
the skill.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from ask_sdk_core.skill import CustomSkill
from flask import Flask, Response, abort, jsonify, request
from werkzeug.exceptions import HTTPException

from skill.builder import build_skill
from skill.invoke import SKILL_ID_VARIABLE, RequestRejected, answer
from skill.logs import clip, logger
from skill.persistence import adapter_from_environment, memory_status
from skill.verifier import RequestVerifier, VerificationError, parse_event

MAX_BODY_BYTES = 256 * 1024


def _switched_on(name: str, default: str = "1") -> bool:
    return os.environ.get(name, default).strip().lower() not in ("0", "false", "no", "off")


def create_app(
    skill: CustomSkill | None = None,
    verifier: RequestVerifier | None = None,
    verify: bool | None = None,
) -> Flask:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    verify = _switched_on("CLOSER_VERIFY") if verify is None else verify
    if verify:
        verifier = verifier or RequestVerifier()
    else:
        verifier = None
        logger().warning("REQUEST VERIFICATION IS OFF (CLOSER_VERIFY=0): anyone can call this skill. "
                         "Never run this way where Alexa can reach it.")
    if not os.environ.get(SKILL_ID_VARIABLE) and not getattr(verifier, "skill_id", None):
        logger().warning("%s is not set: requests for any skill id are answered. Set it to your "
                         "skill's id before Alexa can reach this service.", SKILL_ID_VARIABLE)
    skill = skill or build_skill(persistence_adapter=adapter_from_environment())
    app = Flask("closer_again")
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES

    @app.post("/")
    def alexa() -> tuple[Response, int] | Response:
        started = time.perf_counter()
        body = _read_body()
        try:
            event = verifier.verify(request.headers, body) if verifier else parse_event(body)
            response = answer(skill, event)  # checks ALEXA_SKILL_ID before the skill sees anything
        except (VerificationError, RequestRejected) as error:
            _log_request(None, started, f"rejected: {error}")
            return jsonify(error=str(error)), 400
        _log_request(event, started, "ok")
        return jsonify(response)

    @app.get("/health")
    def health() -> Response:
        return jsonify(status="ok", verification=verifier is not None,
                       memory=memory_status(getattr(skill, "persistence_adapter", None)))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response, int]:
        # Oversized bodies (413), GET / (405) and the like answer in JSON too.
        return jsonify(error=error.description or error.name), error.code or 500

    return app


def _read_body() -> bytes:
    """The whole body, or 413 when it is over MAX_BODY_BYTES, however it was sent.

    With Content-Length, Flask refuses an oversized body before reading it. A
    chunked body has no length; Werkzeug would silently cut it at the limit, so
    it is read here from the raw stream, one byte past the limit to tell.
    """
    if request.content_length is not None:
        return request.get_data(cache=False)
    stream = request.environ["wsgi.input"]
    parts: list[bytes] = []
    size = 0
    while size <= MAX_BODY_BYTES:
        chunk = stream.read(min(65536, MAX_BODY_BYTES + 1 - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    if size > MAX_BODY_BYTES:
        abort(413)
    return b"".join(parts)


def _log_request(event: dict[str, Any] | None, started: float, outcome: str) -> None:
    """One line per request, the same fields for every request: never user ids, tokens,
    slot values or even the intent, so no line can tell that a disclosure happened."""
    request_part = (event or {}).get("request") if isinstance(event, dict) else None
    request_part = request_part if isinstance(request_part, dict) else {}
    logger().info(
        "request id=%s type=%s locale=%s latency_ms=%.2f outcome=%s",
        clip(request_part.get("requestId", "-"), 100),
        clip(request_part.get("type", "-"), 60),
        clip(request_part.get("locale", "-"), 20),
        (time.perf_counter() - started) * 1000,
        outcome,
    )
