"""SSML as Alexa would speak it: the words it says and the timing, for the local preview.

`preview(ssml)` turns an answer into spoken words (numbers, dates and
telephone numbers written out the way Alexa reads them), each with a speaking
rate, and silences in seconds. The speech module renders that through
espeak-ng; tags Alexa knows but a laptop cannot play (audio, voices, effects)
keep their words, and tags nobody knows are listed in `unknown`, never
silently dropped.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple

from local_runner.spoken_numbers import cardinal, date, digits, ordinal, telephone


class Speech(NamedTuple):
    text: str
    rate: float = 1.0  # relative to the voice's normal rate


class Silence(NamedTuple):
    seconds: float


class Preview(NamedTuple):
    segments: list[Speech | Silence]
    unknown: list[str]  # tag names the preview does not know, each once

    @property
    def words(self) -> str:
        return " ".join(s.text for s in self.segments if isinstance(s, Speech))

    @property
    def silence(self) -> float:
        return sum(s.seconds for s in self.segments if isinstance(s, Silence))


# Alexa's named rates and break strengths, as heard side by side with an Echo.
RATES = {"x-slow": 0.6, "slow": 0.8, "medium": 1.0, "fast": 1.25, "x-fast": 1.5}
EMPHASIS = {"strong": 0.85, "moderate": 0.92, "reduced": 1.1, "none": 1.0}
STRENGTHS = {"none": 0.0, "x-weak": 0.1, "weak": 0.25, "medium": 0.5, "strong": 0.75, "x-strong": 1.0}
SENTENCE_PAUSE = 0.5  # after </s>: a strong break
PARAGRAPH_PAUSE = 0.75  # after </p>: an x-strong break, a little longer on an Echo
MAX_BREAK = 10.0  # Alexa caps <break> at ten seconds
SAY_AS = {
    "telephone": telephone, "digits": digits, "cardinal": cardinal, "number": cardinal,
    "ordinal": ordinal, "spell-out": lambda text: " ".join(c for c in text if not c.isspace()).upper(),
    "characters": lambda text: " ".join(c for c in text if not c.isspace()).upper(),
}
# Tags whose words are spoken as written: Alexa changes only the voice or
# pronunciation, which espeak-ng cannot imitate.
SPOKEN_AS_WRITTEN = frozenset({"speak", "w", "lang", "voice", "phoneme", "amazon:effect",
                               "amazon:emotion", "amazon:domain", "amazon:auto-breaths"})

_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>")
_ATTRIBUTE = re.compile(r"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def _attributes(text: str) -> dict[str, str]:
    return {name: double if double or not single else single
            for name, double, single in _ATTRIBUTE.findall(text)}


def _seconds(value: str) -> float | None:
    found = re.fullmatch(r"\s*([\d.]+)\s*(ms|s)\s*", value or "")
    if not found:
        return None
    amount = float(found.group(1)) / (1000 if found.group(2) == "ms" else 1)
    return min(amount, MAX_BREAK)


def _rate(value: str) -> float:
    value = (value or "").strip()
    if value in RATES:
        return RATES[value]
    found = re.fullmatch(r"(\d+(?:\.\d+)?)%", value)
    return max(0.2, float(found.group(1)) / 100) if found else 1.0  # Alexa's floor is 20%


class _Builder:
    def __init__(self) -> None:
        self.segments: list[Speech | Silence] = []
        self.unknown: list[str] = []

    def speak(self, text: str, rate: float) -> None:
        text = " ".join(text.split())
        if not text:
            return
        last = self.segments[-1] if self.segments else None
        if isinstance(last, Speech) and last.rate == rate:
            space = "" if text[0] in ".,;:!?)" else " "  # "<say-as>911</say-as>." keeps its full stop
            self.segments[-1] = Speech(f"{last.text}{space}{text}", rate)
        else:
            self.segments.append(Speech(text, rate))

    def pause(self, seconds: float) -> None:
        if seconds <= 0:
            return
        last = self.segments[-1] if self.segments else None
        if isinstance(last, Silence):
            self.segments[-1] = Silence(last.seconds + seconds)
        else:
            self.segments.append(Silence(seconds))

    def report(self, tag: str) -> None:
        if tag not in self.unknown:
            self.unknown.append(tag)


def preview(ssml: str) -> Preview:
    """The words and silences Alexa would produce for `ssml`."""
    built = _Builder()
    # The open elements, innermost last: (tag, rate, say-as reader, say-as format, alias).
    stack: list[tuple[str, float, str, str, str | None]] = [("", 1.0, "", "", None)]
    position = 0
    for found in _TAG.finditer(ssml):
        _text(built, ssml[position:found.start()], stack[-1])
        position = found.end()
        closing, name, empty = found.group(1), found.group(2), found.group(4)
        attributes = _attributes(found.group(3))
        if closing:
            _close(built, stack, name)
        elif name == "break":
            strength = attributes.get("strength", "medium")
            seconds = _seconds(attributes.get("time", ""))
            built.pause(seconds if seconds is not None else STRENGTHS.get(strength, STRENGTHS["medium"]))
        elif not empty:
            _open(built, stack, name, attributes)
        elif name not in SPOKEN_AS_WRITTEN and name not in ("audio", "p", "s"):
            built.report(name)
    _text(built, ssml[position:], stack[-1])
    return Preview(built.segments, built.unknown)


def _open(built: _Builder, stack: list, name: str, attributes: dict[str, str]) -> None:
    tag, rate, reader, form, alias = stack[-1]
    if name == "prosody":
        rate *= _rate(attributes.get("rate", "medium"))
    elif name == "emphasis":
        rate *= EMPHASIS.get(attributes.get("level", "moderate"), EMPHASIS["moderate"])
    elif name == "say-as":
        reader, form = attributes.get("interpret-as", ""), attributes.get("format", "")
        if reader not in SAY_AS and reader not in ("date", "interjection", "expletive", "unit", "time"):
            built.report(f'say-as interpret-as="{reader}"')
    elif name == "sub":
        alias = attributes.get("alias", "")
    elif name in ("p", "s"):
        built.pause(0.0)
    elif name not in SPOKEN_AS_WRITTEN and name != "audio":
        built.report(name)
    stack.append((name, rate, reader, form, alias))


def _close(built: _Builder, stack: list, name: str) -> None:
    for depth in range(len(stack) - 1, 0, -1):  # tolerate a missing end tag inside
        if stack[depth][0] == name:
            _tag, rate, _reader, _form, alias = stack[depth]
            if alias is not None and name == "sub":
                built.speak(alias, rate)
            del stack[depth:]
            break
    if name == "p":
        built.pause(PARAGRAPH_PAUSE)
    elif name == "s":
        built.pause(SENTENCE_PAUSE)


def _text(built: _Builder, raw: str, context: tuple) -> None:
    _tag, rate, reader, form, alias = context
    if alias is not None:  # <sub alias="...">: the alias is spoken instead, at the end tag
        return
    text = html.unescape(raw)
    if not text.strip():
        return
    if reader == "date":
        text = date(text.strip(), form)
    elif reader in SAY_AS:
        text = SAY_AS[reader](text.strip())
    built.speak(text, rate)
