"""Programmes: a short series of nights, one small step a night, kept across sessions.

The state (intents/kept.py PROGRAMME) is the programme's id, the index of the
next night, the date the last night was heard, and whether it is paused. A
night is a date: a second session the same day hears tonight's step again, and
a gap of days is never counted against anyone: "welcome back, shall we pick up
where you left off?".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from content import Content
from content.loader import SafetyInfo
from content.programmes import ABUSE_LINE, Programme, Programmes, load_programmes
from intents.handlers.base import IntentHandler
from intents.handlers.checkin import today
from intents.handlers.safety import safety_parts, therapy_caution
from intents.handlers.slots import slot_id
from intents.handlers.turn import PENDING, Turn
from intents.kept import LAST_ITEM, PROGRAMME, PROGRAMMES_DONE, clean
from skill.screens.render import show
from skill.ssml import Part

TONIGHT = "programme_tonight"  # pending: "would you like tonight's step?"
CHOOSE = "programme_choice"  # pending: "would you like to begin the reconnection week?"
CONTROLS = ("pause", "stop", "resume", "restart")  # the ProgrammeControlType ids
DUE, MISSED, HEARD_TONIGHT, PAUSED, STOPPED = "due", "missed", "heard_tonight", "paused", "stopped"


def programmes(content: Content) -> Programmes:
    return load_programmes(content)


def state(turn: Turn) -> dict[str, Any] | None:
    """The programme under way (or paused or stopped), checked against the content."""
    value = clean(PROGRAMME, turn.session.get(PROGRAMME))
    if value is None:
        return None
    programme = programmes(turn.content).by_id.get(value["id"])
    if programme is None or value["night"] >= len(programme.steps):
        return None
    return value


def status(turn: Turn, current: dict[str, Any]) -> str:
    if current.get("stopped"):
        return STOPPED
    if current["paused"]:
        return PAUSED
    if "last" not in current:
        return DUE
    days = (today(turn.input) - date.fromisoformat(current["last"])).days
    if days <= 0:
        return HEARD_TONIGHT
    return DUE if days == 1 else MISSED


def line(turn: Turn, key: str, **fields: Any) -> str:
    text = turn.choose(f"programme.{key}", programmes(turn.content).lines[key])
    return text.format(**fields) if fields else text


def programme_of(turn: Turn, current: dict[str, Any]) -> Programme:
    return programmes(turn.content).by_id[current["id"]]


def intro_parts(turn: Turn, programme: Programme) -> list[Part]:
    """The programme's opening words; {abuse} speaks this locale's domestic abuse line."""
    info = turn.content.safety_for(turn.locale)
    if "{" + ABUSE_LINE + "}" not in programme.intro:
        return [programme.intro]
    if ABUSE_LINE not in info.numbers:
        return [programme.intro_default]
    return safety_parts(SafetyInfo(info.numbers, {"intro": programme.intro}), "intro")


def offer_tonight(turn: Turn, missed: bool) -> Response:
    """The welcome's one offer: tonight's step (after missed nights, an invitation back)."""
    current = state(turn)
    programme = programme_of(turn, current)
    question = line(turn, "welcome_missed" if missed else "offer", name=programme.name,
                    night=current["night"] + 1)
    return turn.reply([question], pending=TONIGHT, reprompt=[question])


def begin(turn: Turn, programme_id: str) -> Response:
    """Start a programme at its first night: its intro now, the first step after a yes."""
    programme = programmes(turn.content).by_id[programme_id]
    current = state(turn)
    parts: list[Part] = []
    if current and current["id"] != programme_id and not current.get("stopped"):
        parts.append(line(turn, "set_aside", name=programme_of(turn, current).name))
    turn.session[PROGRAMME] = {"id": programme_id, "night": 0, "paused": False}
    parts += [line(turn, "begin", name=programme.name, nights=len(programme.steps)),
              *intro_parts(turn, programme)]
    question = line(turn, "ready")
    show(turn.input, "answer", _view(programme, 0, " ".join(p for p in parts if isinstance(p, str))))
    return turn.reply([*parts, question], pending=TONIGHT, reprompt=[question])


def tell_tonight(turn: Turn, lead: list[Part] | None = None) -> Response:
    """Tonight's step: the next night, or the one heard tonight again; finishing says so kindly."""
    current = state(turn)
    programme = programme_of(turn, current)
    parts: list[Part] = list(lead or [])
    index = current["night"]
    if status(turn, current) == HEARD_TONIGHT:
        index -= 1  # one step a night: tonight's, again
        parts.append(line(turn, "again"))
    step = programme.steps[index]
    count = len(programme.steps)
    parts += [line(turn, "night", night=index + 1, nights=count), step.say]
    if "couples_therapist" in step.refers:
        parts += therapy_caution(turn)  # the safety caution comes with every referral to couples therapy
    turn.session[LAST_ITEM] = {"kind": "step", "id": step.id}
    show(turn.input, "answer", _view(programme, index + 1, step.say))
    if index + 1 < count:
        turn.session[PROGRAMME] = {"id": programme.id, "night": index + 1, "paused": False,
                                   "last": today(turn.input).isoformat()}
        return turn.reply(parts, ask="anything_else")
    return finish(turn, programme, parts)


def finish(turn: Turn, programme: Programme, parts: list[Part]) -> Response:
    turn.session.pop(PROGRAMME, None)
    done = [i for i in clean(PROGRAMMES_DONE, turn.session.get(PROGRAMMES_DONE)) if i != programme.id]
    turn.session[PROGRAMMES_DONE] = [*done, programme.id]
    following = programmes(turn.content).by_id[programme.next]
    parts += [programme.closing, line(turn, "finished", name=programme.name),
              line(turn, "suggest_next", next=following.name)]
    return turn.reply(parts, ask="anything_else")


def first_to_offer(turn: Turn) -> str:
    """The programme to suggest when none is named: the first not yet finished."""
    done = set(clean(PROGRAMMES_DONE, turn.session.get(PROGRAMMES_DONE)))
    ids = list(programmes(turn.content).by_id)
    return next((i for i in ids if i not in done), ids[0])


def none_running(turn: Turn, name: str = "none_running") -> Response:
    question = line(turn, name)
    return turn.reply([question], pending=CHOOSE, reprompt=[question])


def _view(programme: Programme, night: int, text: str) -> dict[str, Any]:
    """The answer view with the programme's progress in its title."""
    progress = f"night {night} of {len(programme.steps)}" if night else f"{len(programme.steps)} nights"
    return {"title": f"{programme.name.capitalize()} · {progress}", "text": text, "actions": []}


def tonight_or_offer(turn: Turn) -> Response:
    """'What's tonight?': tonight's step of the programme under way, or the programmes there are."""
    current = state(turn)
    if current is None or current.get("stopped"):
        return none_running(turn)
    programme = programme_of(turn, current)
    kind = status(turn, current)
    if kind == PAUSED:
        turn.session[PROGRAMME] = {**current, "paused": False}
        return tell_tonight(turn, [line(turn, "resumed", name=programme.name)])
    if kind == MISSED:
        return tell_tonight(turn, [line(turn, "resumed", name=programme.name)])
    return tell_tonight(turn)


class ProgrammeHandler(IntentHandler):
    """'Start the reconnection week', or without a name, 'what's tonight?'."""

    intent_names = ("ProgrammeIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        named = slot_id(handler_input, "programme", programmes(self.content).by_id)
        current = state(turn)
        if named and not (current and current["id"] == named and not current.get("stopped")):
            return begin(turn, named)
        return tonight_or_offer(turn)


class ProgrammeControlHandler(IntentHandler):
    """Pause, stop, resume, or start it again."""

    intent_names = ("ProgrammeControlIntent",)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        control = slot_id(handler_input, "control", CONTROLS) or "restart"  # "start it again" names none
        current = state(turn)
        if current is None:
            nothing = "nothing_paused" if control in ("resume", "restart") else "none_running"
            return none_running(turn, nothing)
        programme = programme_of(turn, current)
        if control == "restart":
            turn.session[PROGRAMME] = {"id": programme.id, "night": 0, "paused": False}
            return tell_tonight(turn, [line(turn, "restarted", name=programme.name)])
        if control == "resume":
            turn.session[PROGRAMME] = {**current, "paused": False, "stopped": False}
            return tell_tonight(turn, [line(turn, "resumed", name=programme.name)])
        if control == "pause":
            turn.session[PROGRAMME] = {**current, "paused": True}
            said = line(turn, "paused", name=programme.name, night=current["night"] + 1)
        else:
            turn.session[PROGRAMME] = {**current, "paused": True, "stopped": True}
            said = line(turn, "stopped", name=programme.name)
        return turn.reply([said], ask="anything_else")


class ProgrammeAnswerHandler(IntentHandler):
    """Yes or no to 'would you like tonight's step?' or 'shall we begin the reconnection week?'."""

    intent_names = ("AMAZON.YesIntent", "AMAZON.NoIntent", "AMAZON.NextIntent", "AMAZON.ResumeIntent")

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return super().can_handle(handler_input) and \
            handler_input.attributes_manager.session_attributes.get(PENDING) in (TONIGHT, CHOOSE)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        pending = turn.session.get(PENDING)
        current = state(turn)
        if handler_input.request_envelope.request.intent.name == "AMAZON.NoIntent":
            if pending == TONIGHT and current is not None:
                said = line(turn, "not_now", name=programme_of(turn, current).name)
                return turn.reply([said], ask="open")
            return turn.reply([turn.phrase("no_thanks")], ask="anything_else")
        if pending == CHOOSE or current is None or current.get("stopped"):
            return begin(turn, first_to_offer(turn))
        return tonight_or_offer(turn)
