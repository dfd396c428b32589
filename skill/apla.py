"""APL for Audio: a whole reflection as one audio response.

Builds an `Alexa.Presentation.APLA.RenderDocument` directive (the SDK's model;
the SDK has no models for APLA components, so the document is plain JSON) from
spoken parts: a Sequencer of Speech (SSML) and Silence, mixed with a quiet
ambient bed from the Alexa Skills Kit sound library. Short pauses stay inside
the speech as SSML breaks (a counted breath is one Speech); a longer quiet is
its own Silence component. The limits are in docs/hands-free.md, with sources.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from content import timing
from skill.ssml import Part, Pause, to_ssml

APLA_VERSION = "0.91"  # the version Amazon's APLA document reference gives
TOKEN = "closerAgainReflection"
# From Amazon's own Mixer example; a gentle water sound. Its own length does not
# matter: Repeat makes it long enough and trimToParent cuts it where the speech ends.
AMBIENT_SOURCE = "soundbank://soundlibrary/water/nature/nature_10"
AMBIENT_VOLUME = "12%"  # under the voice, never over it
AMBIENT_REPEATS = 40
SILENCE_COMPONENT_SECONDS = 3.0  # a quiet this long or longer is a Silence, shorter ones SSML breaks


def clips(parts: Sequence[Part]) -> list[dict[str, Any]]:
    """Speech and Silence components, in order, for `parts`."""
    items: list[dict[str, Any]] = []
    speech: list[Part] = []
    quiet = 0.0  # silence waiting to be written, so neighbouring quiets become one component

    def flush_speech() -> None:
        nonlocal quiet
        tail = 0.0
        while speech and isinstance(speech[-1], Pause):  # a short pause at the end joins the silence
            tail += speech.pop().seconds
        if speech:
            if quiet:
                items.append(_silence(quiet))
                quiet = 0.0
            items.append(_speech(speech))
        quiet += tail
        speech.clear()

    for part in parts:
        if isinstance(part, Pause) and (part.seconds >= SILENCE_COMPONENT_SECONDS or not speech):
            flush_speech()
            quiet += part.seconds
        else:
            speech.append(part)
    flush_speech()
    if quiet:
        items.append(_silence(quiet))
    return items


def _speech(parts: Sequence[Part]) -> dict[str, Any]:
    return {"type": "Speech", "contentType": "SSML", "content": to_ssml(parts)}


def _silence(seconds: float) -> dict[str, Any]:
    return {"type": "Silence", "duration": round(seconds * 1000)}


def document(parts: Sequence[Part], description: str, ambient: bool = True) -> dict[str, Any]:
    """An APLA document playing `parts` in order, over a quiet ambient bed when `ambient`."""
    sequence: dict[str, Any] = {"type": "Sequencer", "items": clips(parts)}
    item = sequence
    if ambient:
        bed = {
            "type": "Audio",
            "source": AMBIENT_SOURCE,
            "duration": "trimToParent",  # never longer than the speech
            "filters": [
                {"type": "Repeat", "repeatCount": AMBIENT_REPEATS},
                {"type": "Volume", "amount": AMBIENT_VOLUME},
                {"type": "FadeIn", "duration": 3000},
            ],
        }
        item = {"type": "Mixer", "items": [sequence, bed]}
    return {
        "type": "APLA",
        "version": APLA_VERSION,
        "description": description,
        "mainTemplate": {"parameters": ["payload"], "items": [item]},
    }


def render_directive(parts: Sequence[Part], description: str, ambient: bool = True):
    """The SDK's RenderDocumentDirective for `parts` (imported on use: most turns never need it)."""
    from ask_sdk_model.interfaces.alexa.presentation.apla import RenderDocumentDirective

    return RenderDocumentDirective(token=TOKEN, document=document(parts, description, ambient),
                                   datasources={})


def seconds(parts: Sequence[Part]) -> float:
    """How long `parts` last at Alexa's planning pace: words at 150 a minute plus every pause."""
    return timing.seconds([p.seconds if isinstance(p, Pause) else getattr(p, "text", p) for p in parts])
