"""Shared helpers: a simulated Alexa session that talks through lambda_handler."""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Before the skill is imported: its memory goes to a throwaway database, never
# the user's own, and the matcher trains into a throwaway cache (subprocesses
# started by tests inherit both). The folder is removed when the run ends.
os.environ["CLOSER_TESTS_SCRATCH"] = tempfile.mkdtemp(prefix="closer-tests-")
os.environ.setdefault("CLOSER_DB", str(Path(os.environ["CLOSER_TESTS_SCRATCH"]) / "memory.db"))
os.environ.setdefault("XDG_CACHE_HOME", str(Path(os.environ["CLOSER_TESTS_SCRATCH"]) / "cache"))

from content import load_content
from intents.catalog import load_catalog
from local_runner.envelopes import Session, SlotValue
from skill.lambda_function import lambda_handler

atexit.register(shutil.rmtree, os.environ["CLOSER_TESTS_SCRATCH"], ignore_errors=True)

FIXTURES = Path(__file__).parent / "fixtures"
ALEXA_REQUESTS = sorted((FIXTURES / "alexa-requests").glob("*.json"))
CONTENT = load_content()
CATALOG = load_catalog()
_BREAK = re.compile(r'<break time="(\d+)ms"/>')


class Reply:
    def __init__(self, envelope: dict[str, Any]) -> None:
        self.envelope = envelope
        self.response = envelope.get("response", {})

    @property
    def speech(self) -> str:
        return (self.response.get("outputSpeech") or {}).get("ssml", "")

    @property
    def reprompt(self) -> str:
        return ((self.response.get("reprompt") or {}).get("outputSpeech") or {}).get("ssml", "")

    @property
    def card(self) -> str:
        return (self.response.get("card") or {}).get("content", "")

    @property
    def ended(self) -> bool:
        return self.response.get("shouldEndSession") is True

    @property
    def attributes(self) -> dict[str, Any]:
        return self.envelope.get("sessionAttributes") or {}

    @property
    def pauses(self) -> list[float]:
        return [int(ms) / 1000 for ms in _BREAK.findall(self.speech)]

    def says(self, text: str) -> bool:
        return " ".join(text.split()) in self.card

    @property
    def audio(self) -> dict[str, Any] | None:
        """The APL for Audio document played (a hands-free reflection), if any."""
        for directive in self.response.get("directives") or []:
            if directive.get("type") == "Alexa.Presentation.APLA.RenderDocument":
                return directive["document"]
        return None

    @property
    def heard(self) -> str:
        """Every word the speaker says on this turn, from outputSpeech or the APLA document's Speech."""
        ssml = [self.speech]
        stack = [self.audio["mainTemplate"]] if self.audio else []
        while stack:
            item = stack.pop(0)
            if item.get("type") == "Speech":
                ssml.append(item["content"])
            stack[:0] = item.get("items") or []
        return " ".join(re.sub(r"<[^>]+>", " ", " ".join(ssml)).replace("&amp;", "&").split())

    def hears(self, text: str) -> bool:
        return " ".join(text.split()) in self.heard


class Talk:
    """One listener talking to the skill, with attributes carried as on Alexa."""

    def __init__(self, locale: str = "en-US") -> None:
        self.session = Session(locale)

    def send(self, event: dict[str, Any]) -> Reply:
        envelope = lambda_handler(event, None)
        self.session.absorb(envelope)
        return Reply(envelope)

    def launch(self) -> Reply:
        return self.send(self.session.launch())

    def intent(self, name: str, **slots: str) -> Reply:
        declared = CATALOG.intent(name).slots if not name.startswith("AMAZON.") else ()
        types = {slot.name: slot.type for slot in declared}
        filled = {slot: slot_value(value, types.get(slot, "CauseType")) for slot, value in slots.items()}
        return self.send(self.session.intent(name, filled, tuple(types)))

    def end(self, reason: str = "USER_INITIATED", error: dict[str, str] | None = None) -> Reply:
        return self.send(self.session.end(reason, error))


def held_out() -> list[tuple[str, str, dict[str, str] | None]]:
    """The held-out set as (intent, utterance, slot ids or None when slots are not checked),
    read as `closer-local eval` reads it."""
    from local_runner.labelled import load_examples

    return [(e.intent, e.utterance, e.slots) for e in load_examples(FIXTURES / "heldout_utterances.yaml")]


def spoken(category: str) -> list[str]:
    """The phrasings of a phrase category as heard, with shared fields filled in."""
    encouragement = CONTENT.topics["encouragement"].say
    return [p.replace("{encouragement}", encouragement) for p in CONTENT.phrases[category]]


def slot_value(spoken: str, slot_type: str = "CauseType") -> SlotValue:
    """Resolve a spoken value as Alexa would, from the slot type's values and synonyms."""
    for value in CATALOG.slot_types[slot_type]:
        if spoken in (value.name, *value.synonyms):
            return SlotValue(spoken, slot_type, value.id, value.name)
    return SlotValue(spoken, slot_type)


@pytest.fixture
def talk() -> Talk:
    return Talk()


@contextlib.contextmanager
def moto_table(monkeypatch: pytest.MonkeyPatch, name: str) -> Iterator[Any]:
    """A DynamoDB table under moto, with the environment that points the skill at it.

    Deleted afterwards: moto keeps its tables from one server to the next in a run.
    """
    from moto.server import ThreadedMotoServer

    from bench.servers import free_port

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    for key, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                       "AWS_DEFAULT_REGION": "us-east-1", "CLOSER_PERSISTENCE": "dynamodb",
                       "CLOSER_TABLE": name, "CLOSER_DYNAMODB_ENDPOINT": endpoint}.items():
        monkeypatch.setenv(key, value)
    import boto3

    table = boto3.resource("dynamodb", endpoint_url=endpoint).create_table(
        TableName=name, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    try:
        yield table
    finally:
        table.delete()
        server.stop()
