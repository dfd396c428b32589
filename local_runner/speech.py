"""SSML to sound on a laptop: pyttsx3 (espeak-ng on Linux), pauses as real silence.

pyttsx3's live `say()` can fall silent after the first call and `runAndWait`
can hang in loops, so every answer is rendered to a WAV file with one engine,
from one thread, and then played with the platform's own player: `aplay` on
Linux, `afplay` on macOS, winsound on Windows.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

from local_runner.ssml_preview import Silence, preview

_BREAK = re.compile(r'<break\s+time="([\d.]+)(m?s)"\s*/>')
_TAG = re.compile(r"<[^>]+>")
INSTALL_HINT = "espeak-ng is not installed; install it with: apt-get install espeak-ng"


class SpeechUnavailable(RuntimeError):
    """No text-to-speech engine could start; the message says how to fix it."""


def segments(ssml: str) -> list[tuple[str, float]]:
    """Spoken text and the silence after it, in order; tags other than <break> are dropped."""
    parts: list[tuple[str, float]] = []
    position = 0
    for found in _BREAK.finditer(ssml):
        seconds = float(found.group(1)) / (1000 if found.group(2) == "ms" else 1)
        text = _plain(ssml[position:found.start()])
        if text or not parts:
            parts.append((text, seconds))
        else:
            parts[-1] = (parts[-1][0], parts[-1][1] + seconds)
        position = found.end()
    tail = _plain(ssml[position:])
    if tail:
        parts.append((tail, 0.0))
    return parts


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())


class Voice:
    def __init__(self, rate: int | None = None, voice: str | None = None) -> None:
        self.rate = rate
        self.voice = voice
        self._engine = None
        self._normal_rate = 0
        self.unknown_tags: set[str] = set()

    def _start(self):
        if self._engine is None:
            on_linux = sys.platform.startswith("linux")  # elsewhere pyttsx3 uses the system's engine
            if on_linux and shutil.which("espeak-ng") is None and shutil.which("espeak") is None:
                raise SpeechUnavailable(INSTALL_HINT)
            try:
                import pyttsx3

                engine = pyttsx3.init()
            except Exception as error:  # pyttsx3 raises bare errors from its drivers
                raise SpeechUnavailable(f"speech engine failed to start ({error}). {INSTALL_HINT}") from None
            if self.rate:
                engine.setProperty("rate", self.rate)
            # Read once: after a <prosody> segment the driver reports its own default instead.
            self._normal_rate = self.rate or engine.getProperty("rate")
            if self.voice:
                engine.setProperty("voice", self.voice)
            self._engine = engine
        return self._engine

    def render(self, ssml: str, path: Path) -> float:
        """Write the speech to a WAV file at `path` as Alexa would time it; returns its length in seconds."""
        spoken = preview(ssml)
        self._report(spoken.unknown)
        engine = self._start()
        normal_rate = self._normal_rate
        frames = b""
        params = None
        pending_silence = 0.0  # silence before the first words waits until the format is known
        with tempfile.TemporaryDirectory() as scratch:
            for index, segment in enumerate(spoken.segments):
                if isinstance(segment, Silence):
                    pending_silence += segment.seconds
                    if params is not None:
                        frames += _silence(pending_silence, params)
                        pending_silence = 0.0
                    continue
                piece = Path(scratch) / f"{index}.wav"
                rate = max(80, round(normal_rate * segment.rate))
                if segment.rate != 1.0 and shutil.which("espeak-ng"):
                    self._render_at_rate(segment.text, rate, piece)
                else:
                    with contextlib.redirect_stdout(io.StringIO()):  # pyttsx3 prints "Audio saved"
                        engine.save_to_file(segment.text, str(piece))
                        engine.runAndWait()
                        _wait_until_written(piece)
                with wave.open(str(piece)) as reader:
                    params = params or reader.getparams()
                    if pending_silence:
                        frames += _silence(pending_silence, params)
                        pending_silence = 0.0
                    frames += reader.readframes(reader.getnframes())
        if params is None:
            raise SpeechUnavailable("nothing to say")
        with wave.open(str(path), "wb") as writer:
            writer.setparams(params)
            writer.writeframes(frames)
        return len(frames) / (params.framerate * params.sampwidth * params.nchannels)

    def _render_at_rate(self, text: str, rate: int, path: Path) -> None:
        """A <prosody> or <emphasis> stretch, spoken by espeak-ng itself: pyttsx3's espeak
        driver applies a rate change asynchronously, often to the wrong text or not at all."""
        command = ["espeak-ng", "-s", str(rate), "-w", str(path)]
        if self.voice:
            command += ["-v", self.voice]
        done = subprocess.run([*command, "--", text], capture_output=True, text=True, timeout=60)
        if done.returncode != 0 or not path.exists():
            raise SpeechUnavailable(f"espeak-ng could not speak at rate {rate}: {done.stderr.strip()}")

    def _report(self, unknown: list[str]) -> None:
        """Each tag the preview cannot render is named once, not silently dropped."""
        for tag in unknown:
            if tag not in self.unknown_tags:
                self.unknown_tags.add(tag)
                print(f"(speech) the preview does not know <{tag}>; its words are spoken as written",
                      file=sys.stderr)


def _silence(seconds: float, params) -> bytes:
    return b"\0" * int(seconds * params.framerate) * params.sampwidth * params.nchannels




def _wait_until_written(path: Path, timeout: float = 60.0) -> None:
    """pyttsx3 2.99's espeak driver can return from runAndWait before a long
    text's WAV is written, so wait until the file exists and stops growing."""
    deadline = time.monotonic() + timeout
    last_size = -1
    while time.monotonic() < deadline:
        size = path.stat().st_size if path.exists() else -1
        if size > 44 and size == last_size:
            return
        last_size = size
        time.sleep(0.02)
    raise SpeechUnavailable(f"the speech engine did not write {path.name} within {timeout:.0f} s")


def play(path: Path) -> bool:
    """Play a WAV file; False when no audio device works here."""
    if sys.platform == "win32":
        import winsound

        try:
            winsound.PlaySound(str(path), winsound.SND_FILENAME)
        except RuntimeError:
            return False
        return True
    player = ["afplay"] if sys.platform == "darwin" else ["aplay", "-q"]
    if shutil.which(player[0]) is None:
        return False
    return subprocess.run([*player, str(path)], capture_output=True).returncode == 0
