"""An APL for Audio document rendered to one WAV, as a speaker would play it.

Speech goes through the same pyttsx3/espeak-ng path as every other answer
(local_runner/speech.py), Silence is real silence, a Sequencer plays its
items one after another and a Mixer plays them together, as long as its
longest item. An Audio clip cannot be fetched here (soundbank:// exists only
on Alexa, and the preview never goes online), so a soft local stand-in is
played instead: low, slowly swelling noise, like distant water. The filters
used by skill/apla.py (Volume, Repeat, FadeIn, FadeOut) and `trimToParent`
are applied.
"""

from __future__ import annotations

import tempfile
import wave
from pathlib import Path
from typing import Any

import numpy as np

from content.timing import WORDS_PER_MINUTE
from local_runner.speech import SpeechUnavailable, Voice

RATE = 22050  # espeak-ng's own rate: speech needs no resampling
STAND_IN_SECONDS = 20.0  # the stand-in ambient clip, before any Repeat
_LOUDEST = 32767


class AplaPreviewError(ValueError):
    """The document has something the preview (and so perhaps Alexa) cannot play."""


class Renderer:
    def __init__(self, voice: Voice | None = None) -> None:
        # Alexa's planning pace: a preview at espeak's brisker default would understate the length.
        self.voice = voice or Voice(rate=WORDS_PER_MINUTE)
        self._speech: dict[str, np.ndarray] = {}

    def render(self, document: dict[str, Any], path: Path) -> float:
        """Write the document's audio to `path`; returns its length in seconds."""
        if document.get("type") != "APLA":
            raise AplaPreviewError(f"not an APLA document (type {document.get('type')!r})")
        items = (document.get("mainTemplate") or {}).get("items") or \
            [document.get("mainTemplate", {}).get("item")]
        audio = self._sequence([i for i in items[:1] if i])  # the first item is inflated, as on Alexa
        samples = np.clip(audio, -1.0, 1.0)
        with wave.open(str(path), "wb") as writer:
            writer.setnchannels(1)
            writer.setsampwidth(2)
            writer.setframerate(RATE)
            writer.writeframes((samples * _LOUDEST).astype("<i2").tobytes())
        return len(samples) / RATE

    def _component(self, item: dict[str, Any], parent_seconds: float | None = None) -> np.ndarray:
        kind = item.get("type")
        if kind == "Speech":
            audio = self._say(item)
        elif kind == "Silence":
            audio = np.zeros(round(float(item["duration"]) / 1000 * RATE))
        elif kind == "Sequencer":
            audio = self._sequence(item.get("items") or [])
        elif kind == "Mixer":
            audio = self._mix(item.get("items") or [])
        elif kind == "Selector":
            audio = self._sequence((item.get("items") or [])[:1])
        elif kind == "Audio":
            audio = _stand_in(str(item.get("source", "")))
        else:
            raise AplaPreviewError(f"unknown APLA component {kind!r}")
        for applied in item.get("filters") or []:
            audio = _filter(audio, applied)
        return audio

    def _sequence(self, items: list[dict[str, Any]]) -> np.ndarray:
        parts = [self._component(item) for item in items]
        return np.concatenate(parts) if parts else np.zeros(0)

    def _mix(self, items: list[dict[str, Any]]) -> np.ndarray:
        """Together; an item with duration trimToParent is cut to the others' length."""
        leading = [self._component(i) for i in items if i.get("duration") != "trimToParent"]
        length = max((len(a) for a in leading), default=0)
        trimmed = [self._component(i)[:length] for i in items if i.get("duration") == "trimToParent"]
        mixed = np.zeros(length)
        for audio in [*leading, *trimmed]:
            mixed[:len(audio)] += audio
        return mixed

    def _say(self, item: dict[str, Any]) -> np.ndarray:
        content = str(item.get("content", ""))
        ssml = content if item.get("contentType") == "SSML" else f"<speak>{_escape(content)}</speak>"
        if ssml not in self._speech:
            with tempfile.TemporaryDirectory() as scratch:
                target = Path(scratch) / "speech.wav"
                try:
                    self.voice.render(ssml, target)
                except SpeechUnavailable:
                    # pyttsx3's engine can stop writing files after many short ones (a count's
                    # "two,"); a fresh engine says it. A second failure is reported as it is.
                    self.voice = Voice(rate=self.voice.rate, voice=self.voice.voice)
                    self.voice.render(ssml, target)
                self._speech[ssml] = _read(target)
        return self._speech[ssml]


def _filter(audio: np.ndarray, applied: dict[str, Any]) -> np.ndarray:
    kind = applied.get("type")
    if kind == "Volume":
        amount = str(applied.get("amount", "100%"))
        scale = float(amount.rstrip("%")) / 100 if amount.endswith("%") else float(amount)
        return audio * scale
    if kind == "Repeat":
        return np.tile(audio, 1 + max(0, int(applied.get("repeatCount", 0))))
    if kind in ("FadeIn", "FadeOut"):
        count = min(len(audio), round(float(applied.get("duration", 0)) / 1000 * RATE))
        ramp = np.linspace(0.0, 1.0, count) if kind == "FadeIn" else np.linspace(1.0, 0.0, count)
        audio = audio.copy()
        if kind == "FadeIn":
            audio[:count] *= ramp
        else:
            audio[len(audio) - count:] *= ramp
        return audio
    raise AplaPreviewError(f"unknown APLA filter {kind!r}")


def _stand_in(source: str) -> np.ndarray:
    """Soft, slowly swelling noise in place of a clip the preview cannot fetch."""
    if not source.startswith(("https://", "soundbank://")):
        raise AplaPreviewError(f"Alexa plays only https:// or soundbank:// audio, not {source!r}")
    count = round(STAND_IN_SECONDS * RATE)
    noise = np.random.default_rng(16).standard_normal(count)
    smooth = np.convolve(noise, np.ones(40) / 40, mode="same")  # a low rumble, not hiss
    swell = 0.6 + 0.4 * np.sin(np.linspace(0, 2 * np.pi * STAND_IN_SECONDS / 8, count))  # waves
    return smooth / (np.abs(smooth).max() or 1.0) * swell * 0.5


def _read(path: Path) -> np.ndarray:
    with wave.open(str(path)) as reader:
        frames = reader.readframes(reader.getnframes())
        width, channels, rate = reader.getsampwidth(), reader.getnchannels(), reader.getframerate()
    if width != 2:
        raise AplaPreviewError(f"speech came back as {8 * width}-bit audio; 16-bit expected")
    samples = np.frombuffer(frames, dtype="<i2").astype(float) / _LOUDEST
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    if rate != RATE:  # another engine: resample linearly, enough for a preview
        positions = np.linspace(0, len(samples) - 1, round(len(samples) * RATE / rate))
        samples = np.interp(positions, np.arange(len(samples)), samples)
    return samples


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wav_seconds(path: Path) -> float:
    """A WAV file's length, as a sound editor would show it."""
    with wave.open(str(path)) as reader:
        return reader.getnframes() / reader.getframerate()
