"""The studio's Flask app: chat with the skill, see its screens, hear and edit every line, run dialogs.

It talks to the skill the way the runner does (matcher, request envelopes,
lambda_handler), listens on this computer only (127.0.0.1) and answers only
requests addressed to it there (a web page elsewhere in the same browser
cannot write to the content), and keeps its WAV files in a temporary folder
removed on exit.
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
from content.loader import DATA_DIR, FILES
from local_runner.chat import spoken_text
from local_runner.dialog import DialogError, DialogRunner
from local_runner.matcher import Matcher
from local_runner.render import spoken_lines
from local_runner.runner import Runner, Turn
from local_runner.studio.audio import BACKGROUND, URGENT, AudioWorker
from local_runner.studio.editing import Editor, EditRefused
from local_runner.studio.guard import LOOPBACK, guard, own_hosts
from local_runner.studio.lines import content_lines, over_limit
from local_runner.studio.sources import Location
from skill.ssml import to_ssml

ROOT = Path(__file__).resolve().parents[2]
DIALOGS = ROOT / "tests" / "dialogs"
VIEWHOST = ROOT / "node_modules" / "apl-viewhost-web" / "index.js"
STAND_INS = Path(__file__).parent / "apl"  # packages Amazon serves only on its own network
RENDER_TIMEOUT = 60.0
SECONDS_PER_WORD = 60 / 175  # espeak-ng's default rate, until lines have been measured


class Studio:
    def __init__(self, audio_folder: Path, locale: str = "en-US", rate: int | None = None,
                 voice: str | None = None, dialogs: Path = DIALOGS, content_dir: Path = DATA_DIR) -> None:
        self.matcher = Matcher()
        self.locale = locale
        self.runner = Runner(self.matcher, locale, user_id=None)  # a fresh listener, not the chat's
        self.audio = AudioWorker(audio_folder, rate=rate, voice=voice)
        self.content_dir = content_dir
        self.editor = Editor(content_dir, FILES)
        self.dialogs = dialogs
        self._lock = threading.Lock()  # one conversation: turns happen one at a time
        self._saving = threading.Lock()  # one save at a time: each checks the content the last one left
        self._use_content(load_content(content_dir), rebuild=content_dir != DATA_DIR)

    def _use_content(self, content, rebuild: bool = True) -> None:
        """Lines, their places in the files and the chat's skill, all from this content."""
        self.content = content
        self.lines = {row["name"]: row for row in content_lines(content)}
        self.places = {name: self.editor.locate(name, row["parts"]) for name, row in self.lines.items()}
        if rebuild:  # the chat speaks what was just saved, without a restart
            from skill import lambda_function
            from skill.builder import build_skill

            with self._lock:
                lambda_function.SKILL = build_skill(
                    content, persistence_adapter=lambda_function.SKILL.persistence_adapter)

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
            "screens": [{"document": d.get("document"), "datasources": d.get("datasources")}
                        for d in body.get("directives") or []
                        if d.get("type") == "Alexa.Presentation.APL.RenderDocument"],
            "ended": turn.ended,
            "request": turn.request,
            "response": turn.response,
        }

    def line_rows(self) -> list[dict[str, Any]]:
        rows = []
        for name, row in self.lines.items():
            future = self.audio.render(row["ssml"], BACKGROUND)
            seconds = None
            if future.done() and future.exception() is None:
                seconds = round(future.result()[1], 1)
            place = self.places[name]
            rows.append({**{k: v for k, v in row.items() if k not in ("ssml", "parts")}, "seconds": seconds,
                         "over": over_limit(row, seconds),
                         "source": place.text if isinstance(place, Location) else None,
                         "source_file": place.file if isinstance(place, Location) else None,
                         "not_editable": None if isinstance(place, Location) else place})
        return rows

    def seconds_per_word(self) -> float:
        """Speaking time per word, from the lines measured so far: the page estimates an edit with it."""
        words = seconds = 0.0
        for row in self.lines.values():
            future = self.audio.render(row["ssml"], BACKGROUND)
            if future.done() and future.exception() is None and row["words"]:
                words += row["words"]
                seconds += future.result()[1] - row["pause"]
        return seconds / words if words >= 100 else SECONDS_PER_WORD

    def _place(self, name: str) -> Location:
        place = self.places.get(name)
        if place is None:
            abort(404)
        if not isinstance(place, Location):
            raise EditRefused(f"{name} cannot be edited here: {place}")
        return place

    def listen(self, name: str, text: str) -> dict[str, Any]:
        """The edited line through the same speech path as the skill's: parts from the content, then SSML."""
        place = self._place(name)
        problem = None
        try:
            edited = self.editor.check(place, text)
            parts = dict(spoken_lines(edited))[name]
        except (EditRefused, KeyError) as error:  # heard all the same, with why it would not save
            problem = str(error).strip("'")
            parts = [text if part == place.text else part for part in self.lines[name]["parts"]]
            if parts == self.lines[name]["parts"]:
                parts = [text]
        path, seconds = self.audio.render(to_ssml(parts), URGENT).result(RENDER_TIMEOUT)
        return {"audio": f"/audio/{path.stem}.wav", "seconds": round(seconds, 1), "problem": problem}

    def check(self, name: str, text: str) -> str | None:
        """Why the edited line would not save, in the checker's words; None when it would."""
        try:
            self.editor.check(self._place(name), text)
        except EditRefused as refused:
            return str(refused)
        return None

    def save(self, name: str, text: str) -> dict[str, Any]:
        with self._saving:
            change = self.editor.save(name, self._place(name), text)
            self._use_content(load_content(self.content_dir))
        row = next(r for r in self.line_rows() if r["name"] == name)
        return {"line": row, "diff": change.diff}

    def changes(self, since: int) -> list[dict[str, Any]]:
        return [{"number": number, "name": c.name, "file": c.file, "before": c.before, "after": c.after,
                 "diff": c.diff} for number, c in enumerate(self.editor.changes) if number >= since]

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


def create_studio(studio: Studio, hosts: set[str] | None = None) -> Flask:
    """The app; `hosts`: the Host headers it answers (its own address; the test client's by default)."""
    app = Flask(__name__)
    guard(app, hosts or own_hosts("localhost", None))

    @app.get("/")
    def index():
        return render_template("index.html")

    @app.get("/screen")
    def screen():
        """A bare page that draws one screen: the studio's tests draw every view at every size on it."""
        return render_template("screen.html")

    @app.get("/apl/viewhost.js")
    def viewhost():
        if not VIEWHOST.is_file():
            return jsonify(error="Amazon's APL viewhost is not installed: run make setup"), 503
        return send_file(VIEWHOST, mimetype="text/javascript")

    @app.get("/apl/packages/<name>/<version>")
    def package(name: str, version: str):
        path = STAND_INS / f"{name}.json"
        if not name.replace("-", "").isalnum() or not path.is_file():
            return jsonify(error=f"no local copy of the APL package {name}"), 404
        return send_file(path, mimetype="application/json")

    @app.post("/api/lines/<name>/listen")
    def listen(name: str):
        text = (request.get_json(silent=True) or {}).get("text")
        if not isinstance(text, str) or not text.strip():
            return jsonify(error="type the line to listen to"), 400
        try:
            return jsonify(studio.listen(name, text[:2000]))
        except EditRefused as refused:
            return jsonify(error=str(refused)), 409
        except Exception as error:  # noqa: BLE001 - speech unavailable: say why
            return jsonify(error=f"could not render ({error})"), 503

    @app.post("/api/lines/<name>/check")
    def check(name: str):
        text = (request.get_json(silent=True) or {}).get("text")
        if not isinstance(text, str):
            return jsonify(error="send the text to check"), 400
        return jsonify(problem=studio.check(name, text[:2000]))

    @app.post("/api/lines/<name>")
    def save(name: str):
        text = (request.get_json(silent=True) or {}).get("text")
        if not isinstance(text, str):
            return jsonify(error="send the new text of the line"), 400
        try:
            return jsonify(studio.save(name, text[:2000]))
        except EditRefused as refused:
            return jsonify(error=str(refused)), 422

    @app.get("/api/changes")
    def changes():
        since = request.args.get("since", "0")
        listed = studio.changes(int(since) if since.isdigit() else 0)
        return jsonify(count=len(studio.editor.changes), changes=listed)

    @app.get("/api/pace")
    def pace():
        return jsonify(seconds_per_word=round(studio.seconds_per_word(), 3))

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
          voice: str | None = None, content_dir: Path = DATA_DIR) -> int:
    if host not in LOOPBACK:
        print(f"closer-local studio: it edits the content, so it listens on this computer only "
              f"(127.0.0.1), not {host}", file=sys.stderr)
        return 2
    problem = _cannot_listen(host, port)
    if problem:
        print(f"closer-local studio: cannot listen on {host}:{port} ({problem})", file=sys.stderr)
        return 2
    # Stopped with SIGTERM (a service manager, a test), still remove the WAV folder on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with tempfile.TemporaryDirectory(prefix="closer-studio-") as folder:
        studio = Studio(Path(folder), locale, rate, voice, content_dir=content_dir)
        studio.measure_lines()
        app = create_studio(studio, own_hosts(host, port))
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
