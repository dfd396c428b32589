"""The studio's Flask app: chat with the skill, listen to every line, run dialog files.

It talks to the skill the way the runner does (matcher, request envelopes,
lambda_handler), serves only on the address it is given (127.0.0.1 by
default), and keeps its WAV files in a temporary folder removed on exit.
"""

from __future__ import annotations

import signal
import socket
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from flask import Flask, abort, jsonify, render_template, request, send_file

from content import load_content
from local_runner.chat import spoken_text
from local_runner.dialog import DialogError, DialogRunner
from local_runner.matcher import Matcher
from local_runner.runner import Runner, Turn
from local_runner.studio.audio import BACKGROUND, URGENT, AudioWorker
from local_runner.studio.lines import content_lines, over_limit

DIALOGS = Path(__file__).resolve().parents[2] / "tests" / "dialogs"
RENDER_TIMEOUT = 60.0
# What a screen device such as an Echo Show tells the skill it supports.


class Studio:
    def __init__(self, audio_folder: Path, locale: str = "en-US", rate: int | None = None,
                 voice: str | None = None, dialogs: Path = DIALOGS) -> None:
        self.matcher = Matcher()
        self.locale = locale
        self.runner = Runner(self.matcher, locale, user_id=None)  # a fresh listener, not the chat's
        self.audio = AudioWorker(audio_folder, rate=rate, voice=voice)
        self.content = load_content()
        self.lines = {row["name"]: row for row in content_lines(self.content)}
        self.dialogs = dialogs
        self._lock = threading.Lock()  # one conversation: turns happen one at a time

    def measure_lines(self) -> None:
        """Queue every line behind the chat, so seconds fill in while the editor reads."""
        for row in self.lines.values():
            self.audio.render(row["ssml"], BACKGROUND)

    def say(self, utterance: str, screen: bool) -> list[dict[str, Any]]:
        with self._lock:
            self.runner.session.screen = screen  # an Echo Show: APL and a viewport, as the runner's --screen
            return [self._turn(turn) for turn in self.runner.say(utterance)]

    def restart(self) -> None:
        with self._lock:
            self.runner = Runner(self.matcher, self.locale, user_id=None)

    def _turn(self, turn: Turn) -> dict[str, Any]:
        body = turn.response.get("response", {})
        card = body.get("card") or {}
        audio_url, audio_error = None, None
        if turn.speech:
            future = self.audio.render(turn.speech, URGENT)
            try:
                path, _seconds = future.result(RENDER_TIMEOUT)
                audio_url = f"/audio/{path.stem}.wav"
            except Exception as error:  # noqa: BLE001 - the answer still shows without its audio
                audio_error = str(error)
        return {
            "intent": turn.match.intent if turn.match else turn.request["request"]["type"],
            "confidence": round(turn.match.confidence, 3) if turn.match else None,
            "slots": {name: {"value": s.value, "id": s.resolved_id}
                      for name, s in (turn.match.slots.items() if turn.match else [])},
            "speech": spoken_text(turn.speech),
            "audio": audio_url,
            "audio_error": audio_error,
            "card": {"title": card.get("title", ""), "content": card.get("content") or card.get("text", "")}
            if card else None,
            "apl": [d.get("datasources") for d in body.get("directives") or []
                    if str(d.get("type", "")).startswith("Alexa.Presentation.APL")],
            "ended": turn.ended,
            "request": turn.request,
            "response": turn.response,
        }

    def line_rows(self) -> list[dict[str, Any]]:
        rows = []
        for row in self.lines.values():
            future = self.audio.render(row["ssml"], BACKGROUND)
            seconds = None
            if future.done() and future.exception() is None:
                seconds = round(future.result()[1], 1)
            rows.append({**{k: v for k, v in row.items() if k != "ssml"}, "seconds": seconds,
                         "over": over_limit(row, seconds)})
        return rows

    def line_audio(self, name: str) -> Path:
        row = self.lines.get(name)
        if row is None:
            abort(404)
        path, _seconds = self.audio.render(row["ssml"], URGENT).result(RENDER_TIMEOUT)
        return path

    def dialog_names(self) -> list[str]:
        return sorted(path.name for path in self.dialogs.glob("*.yaml"))

    def run_dialog(self, name: str) -> dict[str, Any]:
        if name not in self.dialog_names():
            abort(404)
        try:
            results = DialogRunner(self.matcher, self.content).run_file(self.dialogs / name)
        except DialogError as error:
            return {"name": name, "error": str(error), "steps": []}
        return {"name": name, "error": None, "steps": [
            {"number": r.number, "label": r.label, "passed": r.passed, "failures": r.failures}
            for r in results]}


def create_studio(studio: Studio) -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def index():
        return render_template("index.html")

    @app.post("/api/say")
    def say():
        data = request.get_json(silent=True) or {}
        utterance = data.get("utterance")
        if not isinstance(utterance, str) or not utterance.strip():
            return jsonify(error="type something to say"), 400
        return jsonify(turns=studio.say(utterance.strip()[:500], bool(data.get("screen"))))

    @app.post("/api/restart")
    def restart():
        studio.restart()
        return jsonify(ok=True)

    @app.get("/api/lines")
    def lines():
        return jsonify(lines=studio.line_rows())

    @app.get("/api/lines/<name>.wav")
    def line_audio(name: str):
        try:
            return send_file(studio.line_audio(name), mimetype="audio/wav")
        except TimeoutError:
            return jsonify(error="rendering took too long"), 503
        except Exception as error:  # noqa: BLE001 - speech unavailable: say why
            return jsonify(error=str(error)), 503

    @app.get("/audio/<key>.wav")
    def audio(key: str):
        path = studio.audio.path(key) if key.isalnum() else None
        if path is None:
            abort(404)
        return send_file(path, mimetype="audio/wav")

    @app.get("/api/dialogs")
    def dialogs():
        return jsonify(dialogs=studio.dialog_names())

    @app.post("/api/dialogs/<name>")
    def run_dialog(name: str):
        return jsonify(studio.run_dialog(name))

    return app


def serve(host: str, port: int, locale: str = "en-US", rate: int | None = None,
          voice: str | None = None) -> int:
    problem = _cannot_listen(host, port)
    if problem:
        print(f"closer-local studio: cannot listen on {host}:{port} ({problem})", file=sys.stderr)
        return 2
    # Stopped with SIGTERM (a service manager, a test), still remove the WAV folder on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with tempfile.TemporaryDirectory(prefix="closer-studio-") as folder:
        studio = Studio(Path(folder), locale, rate, voice)
        studio.measure_lines()
        app = create_studio(studio)
        print(f"Closer Again studio on http://{host}:{port}/  (Ctrl+C to stop)", flush=True)
        try:
            app.run(host=host, port=port, threaded=True, use_reloader=False)
        except OSError as error:
            print(f"closer-local studio: cannot listen on {host}:{port} ({error.strerror})", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            pass
        except SystemExit as stop:  # SIGTERM exits 0; the server exits 1 when it cannot serve
            return 2 if stop.code else 0
        finally:
            studio.audio.close()
    return 0


def _cannot_listen(host: str, port: int) -> str | None:
    """Why the port cannot be used, said before a second of training rather than after."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        return error.strerror or str(error)
    return None
