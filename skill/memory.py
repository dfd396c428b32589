"""Memory across sessions: which ideas, questions, openers and reflections were
heard, where a reflection paused (its id and step), the last check-in, the
ids of situations known for the couple (never their words),
(intents/kept.py) programme progress, favourites and the follow-up, by id; and,
since a question, an idea or an opener ends its session (issue 16), what
"another" or "tell me more" would mean next time (the last one's kind and id,
the question depth, the idea's cause or situation id) and whether this device
needs reflections as SSML.
Wired around the conversation by skill/builder.py, above intents/ (it knows
the conversation's session keys).

Of a check-in only the date and the cause it found are kept. That is all it
keeps. Never what the person said, and nothing that would be read back aloud,
since a speaker may be shared by a household. A session that heard a
disclosure (session attribute `safety`) stores nothing at all.
"""

from __future__ import annotations

import zlib
from typing import Any

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from intents.handlers.ideas import STEER_RECALLED
from intents.handlers.leave_to_talk import KEPT_TOPICS
from intents.handlers.state import (
    ASKED,
    CAUSE,
    CHECKIN_DATE,
    FOCUS,
    HEARD,
    KNOWN_SITUATIONS,
    MODE,
    NOTHING_SAVED,
    OPENERS,
    QUESTION,
    REFLECTION,
    REFLECTIONS,
    RETURNING,
    SAFETY,
    SAVED,
    SITUATION,
    SSML_REFLECTIONS,
    TOPIC,
    asked,
    current_depth,
)
from intents.kept import recall as recall_kept
from intents.kept import record as kept_record
from intents.modes.registry import COME_BACK as COME_BACK_MODE
from intents.modes.registry import REFLECTION as REFLECTION_MODE
from skill.logs import logger
from skill.persistence import MemoryUnavailable

_CONVERSATION_REQUESTS = ("LaunchRequest", "IntentRequest", "SessionEndedRequest")
RECALLED = "recalled"  # request attribute: the record read at the start of this session
# Lists of ids remembered so nothing repeats across days: record key -> session key.
_HEARD_LISTS = {"heard": HEARD, "openers_heard": OPENERS, "reflections_heard": REFLECTIONS}
_STEERS = {"idea_cause": CAUSE, "idea_situation": SITUATION}  # record key -> session key


def fingerprint(record: dict[str, Any]) -> str:
    """A short digest of a record: the session carries it, not a second copy of the record.

    `repr` of these plain dicts and lists is the same in every process (no
    hash seed), so a session answered by several containers agrees on it.
    """
    if not record:
        return NOTHING_SAVED
    text = repr(record).encode()
    return f"{zlib.crc32(text):08x}-{len(text):x}"


def record_of(session: dict[str, Any]) -> dict[str, Any]:
    """What to remember from the session attributes."""
    record: dict[str, Any] = {}
    for record_key, session_key in _HEARD_LISTS.items():
        heard = session.get(session_key)
        if isinstance(heard, list) and heard:
            record[record_key] = [i for i in heard if isinstance(i, str)]
    reflection = session.get(REFLECTION)
    if isinstance(reflection, dict) and isinstance(reflection.get("step"), int):
        record["reflection_step"] = reflection["step"]
        if isinstance(reflection.get("id"), str):
            record["reflection_id"] = reflection["id"]
    questions = asked(session)
    if any(questions.values()):
        record["asked"] = {depth: ids for depth, ids in questions.items() if ids}
    known = session.get(KNOWN_SITUATIONS)
    if isinstance(known, list) and known:  # ids only: never a word the couple said
        record["situations"] = [i for i in known if isinstance(i, str)]
    record.update(_come_back_record(session))
    checkin_date = session.get(CHECKIN_DATE)
    if isinstance(checkin_date, str):
        record["checkin"] = {"date": checkin_date}
        if isinstance(session.get(FOCUS), str):
            record["checkin"]["focus"] = session[FOCUS]
    record.update(kept_record(session))  # programme, favourites, follow-up: ids and dates only
    return record


def _come_back_record(session: dict[str, Any]) -> dict[str, Any]:
    """Issue 16: what a later session needs once a suggestion has ended this one. Ids only."""
    record: dict[str, Any] = {}
    depth = current_depth(session)
    if depth:  # "another question" later continues at this depth
        record["question_depth"] = depth
    if session.get(SSML_REFLECTIONS) is True:  # this device failed to play an APLA document
        record[SSML_REFLECTIONS] = True
    topic = session.get(TOPIC)
    if isinstance(topic, dict) and topic.get("kind") in KEPT_TOPICS and isinstance(topic.get("id"), str):
        record["last_topic"] = {key: value for key, value in topic.items()
                                if key in ("kind", "id", "topic") and isinstance(value, str)}
    for record_key, session_key in _STEERS.items():  # "another idea" keeps to the same cause or situation
        if isinstance(session.get(session_key), str):
            record[record_key] = session[session_key]
    return record


def _recall_come_back(stored: dict[str, Any], session: dict[str, Any]) -> None:
    """Bring back what `_come_back_record` kept; a kept suggestion puts the session in the
    come-back mode (intents/modes/come_back.py), unless a paused reflection waits."""
    if isinstance(stored.get("question_depth"), str):
        session[QUESTION] = {"depth": stored["question_depth"]}  # checked where it is read
    if stored.get(SSML_REFLECTIONS) is True:
        session[SSML_REFLECTIONS] = True
    if isinstance(stored.get("last_topic"), dict):
        session[TOPIC] = stored["last_topic"]  # checked where it is read
        session.setdefault(MODE, COME_BACK_MODE)
    for record_key, session_key in _STEERS.items():
        if isinstance(stored.get(record_key), str):
            session[session_key] = stored[record_key]  # checked where it is read
            session[STEER_RECALLED] = True


class RecallInterceptor(AbstractRequestInterceptor):
    """At the start of a session, bring back what was remembered."""

    def process(self, handler_input: HandlerInput) -> None:
        envelope = handler_input.request_envelope
        if envelope.session is None or not envelope.session.new or \
                envelope.request.object_type not in _CONVERSATION_REQUESTS:
            return
        manager = handler_input.attributes_manager
        try:
            stored = manager.persistent_attributes
        except MemoryUnavailable:
            return  # logged once by the adapter when it broke
        except Exception:  # noqa: BLE001 - memory is a comfort, never a reason to fail a turn
            logger().exception("could not read remembered attributes")
            return
        session = manager.session_attributes
        for record_key, session_key in _HEARD_LISTS.items():
            if isinstance(stored.get(record_key), list):
                session[session_key] = [i for i in stored[record_key] if isinstance(i, str)]
        if isinstance(stored.get("reflection_step"), int):
            # A record from before there were several reflections has no id:
            # Turn reads that as the first one, which was the only one then.
            session[REFLECTION] = {"step": stored["reflection_step"], "paused": True}
            session[MODE] = REFLECTION_MODE  # the paused reflection waits for "next" or "resume"
            if isinstance(stored.get("reflection_id"), str):
                session[REFLECTION]["id"] = stored["reflection_id"]
        if isinstance(stored.get("asked"), dict):
            session[ASKED] = stored["asked"]  # checked where it is read
        if isinstance(stored.get("situations"), list):
            session[KNOWN_SITUATIONS] = [i for i in stored["situations"] if isinstance(i, str)]
        _recall_come_back(stored, session)
        checkin = stored.get("checkin")
        if isinstance(checkin, dict) and isinstance(checkin.get("date"), str):
            session[CHECKIN_DATE] = checkin["date"]
            if isinstance(checkin.get("focus"), str):
                session[FOCUS] = checkin["focus"]
        recall_kept(stored, session)
        if stored:
            session[RETURNING] = True
        # Compared with what this turn leaves, at its end; `saved` is set then, once.
        manager.request_attributes[RECALLED] = stored


class RememberInterceptor(AbstractResponseInterceptor):
    """After each turn, store what changed. Never deletes: only "forget me" does that."""

    def process(self, handler_input: HandlerInput, response: Response) -> None:
        envelope = handler_input.request_envelope
        if envelope.session is None or envelope.request.object_type not in _CONVERSATION_REQUESTS:
            return
        manager = handler_input.attributes_manager
        session = manager.session_attributes
        if session.get(SAFETY):
            return  # a session that heard a disclosure leaves no trace on a shared speaker
        record = record_of(session)
        digest = fingerprint(record)
        recalled = manager.request_attributes.get(RECALLED)
        if recalled is not None:  # the session's first turn: compare with the record read
            stored_something, unchanged = bool(recalled), record == recalled
        else:
            saved = session.get(SAVED)
            stored_something, unchanged = isinstance(saved, str) and saved != NOTHING_SAVED, digest == saved
        # An empty record is only a change when this session had stored something
        # (a "start over"); a request that merely lacks the attributes, as some
        # mid-session requests do, must never wipe what was remembered.
        if unchanged or (not record and not stored_something):
            if recalled is not None:
                session[SAVED] = digest
            return
        try:
            manager.persistent_attributes = record
            manager.save_persistent_attributes()
        except MemoryUnavailable:
            return  # logged once by the adapter when it broke
        except Exception:  # noqa: BLE001 - the answer still reaches the listener
            logger().exception("could not store remembered attributes")
            return
        session[SAVED] = digest
