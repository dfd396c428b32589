"""Real request envelopes, and malformed ones, through lambda_handler."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ALEXA_REQUESTS, CONTENT
from skill.lambda_function import lambda_handler

SPEAKABLE = ("LaunchRequest", "IntentRequest")
EMPTY = {"version": "1.0", "response": {}}


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def check_response(event, envelope):
    assert envelope["version"] == "1.0"
    response = envelope["response"]
    request_type = event.get("request", {}).get("type")
    if request_type not in SPEAKABLE or "outputSpeech" not in response:
        assert "outputSpeech" not in response and "reprompt" not in response
        return
    ssml = response["outputSpeech"]["ssml"]
    assert ssml.startswith("<speak>") and ssml.endswith("</speak>") and len(ssml) <= 8000
    assert response["card"]["type"] == "Simple" and response["card"]["content"]
    if response.get("shouldEndSession") is not True:
        assert response["shouldEndSession"] is False
        assert response["reprompt"]["outputSpeech"]["ssml"].startswith("<speak>")


@pytest.mark.parametrize("path", ALEXA_REQUESTS, ids=lambda p: p.name[:40])
def test_every_real_request_is_answered(path):
    event = load(path)
    check_response(event, lambda_handler(event, None))


def test_the_fixture_set_is_complete():
    assert len(ALEXA_REQUESTS) == 38


@pytest.mark.parametrize("name", ["26-SessionEndedRequest-USER_INITIATED-en-IN.json",
                                  "34-AudioPlayer.PlaybackStarted.json",
                                  "38-AlexaSkillEvent.SkillEnabled.json",
                                  "29-System.ExceptionEncountered-invalid-response.json"])
def test_requests_alexa_lets_no_skill_speak_to_get_no_speech(name):
    path = next(p for p in ALEXA_REQUESTS if p.name == name)
    assert lambda_handler(load(path), None)["response"] == {}


def launch_event():
    path = next(p for p in ALEXA_REQUESTS if p.name.startswith("02-"))
    return load(path)


@pytest.mark.parametrize("mutate", [
    lambda e: e["request"].update(type="Alexa.Brand.NewThing"),
    lambda e: e["request"].update(timestamp=1510000000000),
    lambda e: e["request"].update(timestamp="not a time"),
    lambda e: e.pop("request"),
    lambda e: e.update(request="LaunchRequest"),
    lambda e: e["request"].update(type="SessionEndedRequest", reason="A_NEW_REASON"),
], ids=["new-type", "numeric-timestamp", "bad-timestamp", "no-request", "request-not-object", "new-enum"])
def test_requests_the_sdk_cannot_read_get_a_valid_empty_response(mutate):
    event = launch_event()
    mutate(event)
    assert lambda_handler(event, None) == EMPTY


def nested(depth: int) -> dict:
    event: dict = {}
    for _ in range(depth):
        event = {"x": event}
    return event


@pytest.mark.parametrize("event", [None, [], "LaunchRequest", 42, {}, {"request": nested(5000)}])
def test_events_that_are_not_requests_get_a_valid_empty_response(event):
    assert lambda_handler(event, None) == EMPTY


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
FIELDS = st.sampled_from([
    ("request", "type"), ("request", "intent"), ("request", "locale"), ("request", "timestamp"),
    ("session", "attributes"), ("session", "new"), ("request", "intent", "slots"),
    ("request", "intent", "name"), ("session", "attributes", "heard"), ("session", "attributes", "last"),
    ("session", "attributes", "reflection"), ("session", "attributes", "topic"),
    ("session", "attributes", "pending"), ("session", "attributes", "cause"),
    ("session", "attributes", "recent"), ("session", "attributes", "last", "reprompt"),
    ("session", "attributes", "reflection", "step"), ("session", "attributes", "topic", "id"),
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=FIELDS, value=JSON, base=st.sampled_from(ALEXA_REQUESTS[:25]))
def test_any_corruption_of_a_real_request_gets_a_valid_response(field, value, base):
    event = copy.deepcopy(load(base))
    node = event
    for key in field[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    node[field[-1]] = value
    envelope = lambda_handler(event, None)
    check_response(event, envelope)
    json.dumps(envelope)
    # Corrupted state is survived by the handlers themselves, not by the catch-all apology.
    card = envelope["response"].get("card", {}).get("content", "")
    assert not any(apology in card for apology in CONTENT.phrases["error"]), card
