"""Hears a disclosure in what someone said: thoughts of suicide or self-harm, abuse,
or abuse survived in the past.

The patterns live in content/data/screening.yaml, so the skill (which screens
every slot value before a handler answers) and the local runner (which screens
every typed utterance before matching) share one list. Patterns are compiled on
first use: most requests carry no slot value, and a cold start should not pay.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

from content.items import Screening

if TYPE_CHECKING:
    from ask_sdk_core.handler_input import HandlerInput

Kind = Literal["crisis", "abuse", "survivor"]
CRISIS: Kind = "crisis"
ABUSE: Kind = "abuse"
# Abuse lived through in the past, told as such: a gentle answer, not safety mode.
SURVIVOR: Kind = "survivor"
# The session attribute that holds the Kind once a session heard a disclosure.
SAFETY_ATTRIBUTE = "safety"

_NOT_WORD = re.compile(r"[^a-z0-9' ]+")
_Compiled = tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str], dict[str, str]]
_compiled: dict[int, tuple[Screening, _Compiled]] = {}


def words(text: str, spellings: dict[str, str] | None = None) -> str:
    """Lowercase words and apostrophes, single-spaced, typed shorthand respelt."""
    text = _NOT_WORD.sub(" ", text.lower().replace("\u2019", "'").replace("-", " "))
    tokens = text.split()
    if spellings:
        tokens = [spellings.get(token, token) for token in tokens]
    return " ".join(tokens)


def _patterns(screening: Screening) -> _Compiled:
    cached = _compiled.get(id(screening))
    if cached is None or cached[0] is not screening:
        def alternation(patterns: tuple[str, ...]) -> re.Pattern[str]:
            if not patterns:
                return re.compile(r"(?!)")  # matches nothing
            joined = "|".join(f"(?:{screening.expand(p)})" for p in patterns)
            return re.compile(rf"\b(?:{joined})\b")

        cached = (screening, (alternation(screening.crisis), alternation(screening.abuse),
                              alternation(screening.survivor), alternation(screening.threats),
                              screening.spellings))
        _compiled[id(screening)] = cached
    return cached[1]


def screen(text: str, screening: Screening) -> Kind | None:
    """'crisis', 'abuse', 'survivor' or None when the text discloses none of them.

    Crisis wins over abuse, except that a partner's suicide threat used to
    control ("he says he'll kill himself if i leave") is abuse. Past abuse is
    told apart only when nothing else in the words discloses abuse now: "i was
    abused as a child and now he hits me" is abuse.
    """
    if not text:
        return None
    crisis, abuse, survivor, threats, spellings = _patterns(screening)
    heard = words(text, spellings)
    own = threats.sub(" ", heard)  # what is left once a partner's threats are set aside
    if crisis.search(own):
        return CRISIS
    if own != heard:
        return ABUSE
    past = survivor.sub(" ", heard)
    if past != heard:
        # Words such as "abuse" left beside the past ("childhood trauma from abuse") belong to it.
        past = re.sub(rf"\b{screening.groups.get('past_words', '(?!)')}\b", " ", past)
        return ABUSE if abuse.search(past) else SURVIVOR
    if abuse.search(heard) and not _wanted(heard, screening):
        return ABUSE
    return None


def _wanted(heard: str, screening: Screening) -> bool:
    """Whether the words say the act is wanted by both, and nothing says it is not."""
    def said(group: str) -> bool:
        pattern = screening.groups.get(group)
        return bool(pattern and re.search(rf"\b{pattern}", heard))

    return said("wanted") and not said("unwanted")


def slot_values(request: Any) -> list[str]:
    """Every value the listener filled in an IntentRequest's slots, as heard."""
    intent = getattr(request, "intent", None)
    slots = getattr(intent, "slots", None) or {}
    values = []
    for slot in slots.values():
        value = getattr(slot, "value", None)
        if isinstance(value, str) and value:
            values.append(value)
        # Multi-value slots carry their values in slotValue.values.
        nested = getattr(getattr(slot, "slot_value", None), "values", None) or []
        values.extend(v.value for v in nested if isinstance(getattr(v, "value", None), str))
    return values


def screen_request(request: Any, screening: Screening) -> Kind | None:
    """The most serious disclosure in any slot value of the request, if there is one."""
    found = [screen(value, screening) for value in slot_values(request)]
    return next((kind for kind in (CRISIS, ABUSE, SURVIVOR) if kind in found), None)


def in_safety_mode(handler_input: HandlerInput) -> bool:
    """Whether this session has heard a disclosure: then nothing is stored, offered, scheduled or shown."""
    return bool(handler_input.attributes_manager.session_attributes.get(SAFETY_ATTRIBUTE))


def answers_in_safety_mode(response: Any) -> bool:
    """Whether a response JSON answers a disclosure, or a later turn of its session."""
    attributes = response.get("sessionAttributes") if isinstance(response, dict) else None
    return isinstance(attributes, dict) and bool(attributes.get(SAFETY_ATTRIBUTE))
