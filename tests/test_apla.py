"""The hands-free reflection as Alexa receives it: one APLA document within Amazon's limits,
rendered locally to measure its length; the SSML fallback; the calm screen (issue 16)."""

from __future__ import annotations

import re
import wave
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from conftest import CONTENT, Talk
from content import timing
from intents.handlers.hands_free import reflection_seconds
from local_runner.apla_render import Renderer, wav_seconds
from skill import apla
from skill.ssml import MAX_BREAK_SECONDS, MAX_SSML_CHARS

REFLECTIONS = list(CONTENT.reflections.values())
# Amazon's APLA component set and each component's own properties (docs/hands-free.md).
BASE_PROPERTIES = {"type", "description", "when", "bind", "id", "duration", "filters"}
PROPERTIES = {
    "Speech": {"content", "contentType"},
    "Silence": set(),
    "Audio": {"source"},
    "Sequencer": {"items"},
    "Mixer": {"items"},
    "Selector": {"items"},
}
FILTERS = {"Volume": {"amount"}, "Repeat": {"repeatCount"}, "FadeIn": {"duration"},
           "FadeOut": {"duration"}, "Trim": {"start", "end"}}


def played(reply) -> dict[str, Any]:
    (directive,) = [d for d in reply.response.get("directives") or []
                    if d["type"] == "Alexa.Presentation.APLA.RenderDocument"]
    return directive["document"]


def components(item: dict[str, Any]):
    yield item
    for child in item.get("items") or []:
        yield from components(child)


def speech_seconds(item: dict[str, Any]) -> float:
    """Planned length of a component: words at 150 a minute, SSML breaks and silences."""
    kind = item["type"]
    if kind == "Speech":
        breaks = sum(int(ms) for ms in re.findall(r'<break time="(\d+)ms"/>', item["content"])) / 1000
        return timing.spoken_seconds(re.sub(r"<[^>]+>", " ", item["content"])) + breaks
    if kind == "Silence":
        return item["duration"] / 1000
    children = [speech_seconds(c) for c in item.get("items") or [] if c.get("duration") != "trimToParent"]
    return max(children, default=0) if kind == "Mixer" else sum(children)


@pytest.mark.parametrize("reflection", REFLECTIONS, ids=lambda r: r.id)
def test_the_document_uses_only_amazons_components_and_fits_one_response(reflection):
    reply = Talk().intent("GuidedReflectionIntent", reflection=reflection.id)
    document = played(reply)
    assert reply.ended and "outputSpeech" not in reply.response  # the document is the whole answer
    assert document["type"] == "APLA" and document["version"] == "0.91"
    (root,) = document["mainTemplate"]["items"]
    for item in components(root):
        assert item["type"] in PROPERTIES
        assert set(item) <= BASE_PROPERTIES | PROPERTIES[item["type"]], item
        for applied in item.get("filters") or []:
            assert set(applied) <= {"type", "when", "description"} | FILTERS[applied["type"]]
        if item["type"] == "Speech":
            assert item["contentType"] == "SSML"
            ET.fromstring(item["content"])  # well-formed, or Alexa rejects the whole document
            assert all(int(ms) <= MAX_BREAK_SECONDS * 1000
                       for ms in re.findall(r'<break time="(\d+)ms"/>', item["content"]))
        if item["type"] == "Audio":
            assert item["source"].startswith(("https://", "soundbank://"))
            assert item["duration"] == "trimToParent"  # the bed never lengthens the response
        if item["type"] == "Silence":
            assert item["duration"] > 0
    seconds = speech_seconds(root)
    assert timing.MIN_REFLECTION_SECONDS <= seconds <= timing.MAX_RESPONSE_SECONDS
    assert abs(seconds - reflection_seconds(reflection)) < 1


@pytest.mark.parametrize("reflection", REFLECTIONS, ids=lambda r: r.id)
def test_each_reflection_renders_to_between_150_and_240_seconds(reflection, tmp_path: Path):
    document = played(Talk().intent("GuidedReflectionIntent", reflection=reflection.id))
    path = tmp_path / f"{reflection.id}.wav"
    seconds = Renderer().render(document, path)
    assert seconds == pytest.approx(wav_seconds(path))
    assert timing.MIN_REFLECTION_SECONDS <= wav_seconds(path) <= timing.MAX_RESPONSE_SECONDS
    with wave.open(str(path)) as reader:
        samples = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2").astype(float)
    windows = samples[:len(samples) // 1102 * 1102].reshape(-1, 1102)  # twentieths of a second
    loudness = np.sqrt((windows ** 2).mean(axis=1))
    assert 0.15 < (loudness > 1000).mean() < 0.8, "the voice for part of the time, quiet for the rest"
    assert np.percentile(loudness, 10) > 20, "the ambient bed under the silences"


def test_without_the_ambient_bed_the_document_is_a_plain_sequencer():
    document = apla.document(["Hello.", apla.Pause(4), "Goodnight."], "test", ambient=False)
    (root,) = document["mainTemplate"]["items"]
    assert [c["type"] for c in root["items"]] == ["Speech", "Silence", "Speech"]
    assert root["items"][1]["duration"] == 4000


def test_a_failed_document_is_answered_quietly_and_the_next_reflection_is_ssml():
    talk = Talk()
    first = talk.intent("GuidedReflectionIntent")
    assert played(first)
    quiet = talk.send(talk.session.apla_error())
    assert "outputSpeech" not in quiet.response and not quiet.response.get("directives")
    second = talk.intent("GuidedReflectionIntent")  # a later session, on the same device
    assert "directives" not in second.response or not any(
        d["type"].startswith("Alexa.Presentation.APLA") for d in second.response["directives"])
    assert second.ended and len(second.speech) <= MAX_SSML_CHARS
    ET.fromstring(second.speech)
    assert second.pauses and max(second.pauses) <= MAX_BREAK_SECONDS
    words = re.sub(r"<[^>]+>", " ", second.speech).split()
    assert re.sub(r"\W", "", words[-1]).lower() == "goodnight"
    reflection = CONTENT.reflections[second.attributes["reflections"][-1]]
    assert reflection.id != first.attributes["reflections"][-1]
    assert sum(second.pauses) == pytest.approx(
        sum(s.pause_seconds for s in reflection.steps) + 2 + len(reflection.steps), abs=0.1)


@pytest.mark.parametrize("reflection", REFLECTIONS, ids=lambda r: r.id)
def test_every_reflection_fits_in_ssml_too(reflection):
    from intents.handlers.hands_free import reflection_parts
    from skill.ssml import to_ssml

    assert len(to_ssml(reflection_parts(reflection))) <= MAX_SSML_CHARS


def test_the_ssml_fallback_on_a_screen_shows_one_calm_view():
    talk = Talk()
    talk.session.screen = True
    talk.intent("GuidedReflectionIntent")
    talk.send(talk.session.apla_error())
    reply = talk.intent("GuidedReflectionIntent")
    screens = [d for d in reply.response["directives"]
               if d["type"] == "Alexa.Presentation.APL.RenderDocument"]
    assert reply.speech and len(screens) == 1 and screens[0]["datasources"]["step"]["actions"] == []


def test_a_screen_shows_the_title_and_a_calm_view_for_the_reflections_length():
    talk = Talk()
    talk.session.screen = True
    reply = talk.intent("GuidedReflectionIntent", reflection="wind_down")
    (screen,) = [d for d in reply.response["directives"]
                 if d["type"] == "Alexa.Presentation.APL.RenderDocument"]
    step = screen["datasources"]["step"]
    length = reflection_seconds(CONTENT.reflections["wind_down"])
    assert step["actions"] == [] and "minutes" in step["progress"]
    assert CONTENT.reflections["wind_down"].name in step["text"].lower()
    assert screen["document"]["settings"]["idleTimeout"] >= length * 1000
    assert played(reply)  # the audio plays alongside
    import json

    assert len(json.dumps(reply.envelope).encode()) < 24 * 1024  # Alexa's limit for a whole response
