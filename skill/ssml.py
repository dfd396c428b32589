"""Turns spoken parts (plain text, pauses, numbers) into SSML and card text.

Content is plain text; only this module writes markup, so escaping happens in
exactly one place.
"""

# No `from __future__ import annotations`: it makes NamedTuple compile each field's type.
import math
import re
from collections.abc import Sequence
from typing import NamedTuple

MAX_BREAK_SECONDS = 10  # Alexa rejects a single <break> longer than this
MAX_SSML_CHARS = 8000  # Alexa's limit for outputSpeech


class Pause(NamedTuple):
    seconds: float


class SayAs(NamedTuple):
    """Text Alexa should read a particular way, such as a telephone number."""

    text: str
    interpret_as: str


Part = str | Pause | SayAs


# Exactly what to_ssml writes, and nothing else: text escaped as escape() does,
# breaks in whole milliseconds, and say-as for the ways numbers are read. Keep
# it in step with to_ssml.
_TEXT = r"(?:[^<>&]|&(?:amp|lt|gt);)"
_OWN_SSML = (
    rf'<speak>(?:{_TEXT}|<break time="\d{{1,5}}ms"/>'
    rf'|<say-as interpret-as="(?:digits|telephone|cardinal|ordinal)">{_TEXT}*</say-as>)*</speak>'
)  # compiled by re's cache on first use: only "repeat" needs it
_CONTROL = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


class SpeechTooLong(ValueError):
    """The SSML would exceed what Alexa accepts."""


def escape(text: str) -> str:
    """Text made safe inside SSML (xml.sax.saxutils would pull in urllib at start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def breaks(seconds: float) -> str:
    """A silence of any length, as breaks of at most ten seconds each.

    Times are whole milliseconds, the form every SSML engine accepts.
    """
    if seconds <= 0:
        return ""
    count = math.ceil(seconds / MAX_BREAK_SECONDS)
    each = round(seconds * 1000 / count)
    return f'<break time="{each}ms"/>' * count


def to_ssml(parts: Sequence[Part]) -> str:
    """The parts as one <speak> document, text escaped, sentences spaced."""
    pieces = []
    for part in parts:
        if isinstance(part, Pause):
            pieces.append(breaks(part.seconds))
        elif isinstance(part, SayAs):
            pieces.append(f'<say-as interpret-as="{part.interpret_as}">{escape(part.text)}</say-as>')
        else:
            pieces.append(escape(part))
    ssml = "<speak>" + _join(pieces) + "</speak>"
    if len(ssml) > MAX_SSML_CHARS:
        raise SpeechTooLong(f"speech is {len(ssml)} characters, over Alexa's {MAX_SSML_CHARS}")
    return ssml


def to_text(parts: Sequence[Part]) -> str:
    """The words alone, for the card in the Alexa app."""
    return _join([p.text if isinstance(p, SayAs) else p for p in parts if not isinstance(p, Pause)])


def _join(pieces: list[str]) -> str:
    """Pieces separated by spaces, except before punctuation that closes a phrase."""
    text = ""
    for piece in pieces:
        if not piece:
            continue
        if text and not piece.startswith((".", ",", ";", ":", "!", "?")):
            text += " "
        text += piece
    return text


def is_own_ssml(ssml: object) -> bool:
    """Whether `ssml` is something to_ssml could have written, within Alexa's limit.

    Speech kept in session attributes comes back in the next request, where
    anyone could have changed it; only speech of this shape is ever replayed.
    """
    return isinstance(ssml, str) and len(ssml) <= MAX_SSML_CHARS and not re.search(_CONTROL, ssml) \
        and bool(re.fullmatch(_OWN_SSML, ssml))


def is_card_text(text: object) -> bool:
    """Plain words of a card's length, as to_text writes them (empty: no card)."""
    return isinstance(text, str) and len(text) <= MAX_SSML_CHARS and not re.search(_CONTROL, text)
