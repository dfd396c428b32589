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
from intents.handlers.clock import today
from intents.handlers.followup import FollowUp
from intents.handlers.ideas import OPEN_QUESTION
from intents.handlers.safety import caution_for, safety_parts
from intents.handlers.shared import ANYTHING_ELSE, no_thanks
from intents.handlers.slots import slot_id
from intents.handlers.turn import Turn
from intents.kept import LAST_ITEM, PROGRAMME, PROGRAMMES_DONE, clean
from intents.modes.registry import PROGRAMME_NIGHT as MODE  # the mode its turns leave the session in
from skill.screens import views
from skill.screens.render import show
from skill.ssml import Part

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
    show(turn.input, "answer", _view(programme, current["night"] + 1, question, tonight_button=True))
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
    show(turn.input, "answer", _view(programme, 0, " ".join(p for p in parts if isinstance(p, str)),
                                     tonight_button=True))
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
    parts += caution_for(turn, step)  # the safety caution comes with every referral to couples therapy
    turn.session[LAST_ITEM] = {"kind": "step", "id": step.id}
    show(turn.input, "answer", _view(programme, index + 1, step.say))
    if index + 1 < count:
        turn.session[PROGRAMME] = {"id": programme.id, "night": index + 1, "paused": False,
                                   "last": today(turn.input).isoformat()}
        return turn.reply(parts, ask=ANYTHING_ELSE, mode=MODE)
    return finish(turn, programme, parts)


def finish(turn: Turn, programme: Programme, parts: list[Part]) -> Response:
    turn.session.pop(PROGRAMME, None)
    done = [i for i in clean(PROGRAMMES_DONE, turn.session.get(PROGRAMMES_DONE)) if i != programme.id]
    turn.session[PROGRAMMES_DONE] = [*done, programme.id]
    following = programmes(turn.content).by_id[programme.next]
    parts += [programme.closing, line(turn, "finished", name=programme.name),
              line(turn, "suggest_next", next=following.name)]
    return turn.reply(parts, ask=ANYTHING_ELSE)


def first_to_offer(turn: Turn) -> str:
    """The programme to suggest when none is named: the first not yet finished."""
    done = set(clean(PROGRAMMES_DONE, turn.session.get(PROGRAMMES_DONE)))
    ids = list(programmes(turn.content).by_id)
    return next((i for i in ids if i not in done), ids[0])


def none_running(turn: Turn, key: str = "none_running") -> Response:
    """No programme under way: the three there are, and an offer of the first not yet finished."""
    question = line(turn, key, name=programmes(turn.content).by_id[first_to_offer(turn)].name)
    return turn.reply([question], pending=CHOOSE, reprompt=[question])


def _view(programme: Programme, night: int, text: str, tonight_button: bool = False) -> dict[str, Any]:
    """The answer view with the programme's progress in its title; a touch can say yes to the step."""
    progress = f"night {night} of {len(programme.steps)}" if night else f"{len(programme.steps)} nights"
    actions = [views.action("Tonight's step", "AMAZON.YesIntent")] if tonight_button else []
    return {"title": f"{programme.name.capitalize()} · {progress}", "text": text, "actions": actions}


def not_now(turn: Turn) -> Response:
    """No to tonight's step: it keeps, with no reproach."""
    current = state(turn)
    if current is None:
        return no_thanks(turn)
    return turn.reply([line(turn, "not_now", name=programme_of(turn, current).name)], ask=OPEN_QUESTION)


def begin_suggested(turn: Turn) -> Response:
    return begin(turn, first_to_offer(turn))


def tonight_if_running(turn: Turn) -> Response:
    """Yes to 'would you like tonight's step?' (or to 'shall we begin night one?')."""
    current = state(turn)
    if current is None or current.get("stopped"):
        return begin_suggested(turn)
    return tonight_or_offer(turn)


def again(turn: Turn) -> Response:
    """'Start over' or 'resume' just after a step: tonight's step again, not the whole programme."""
    return tonight_or_offer(turn)


def running(turn: Turn) -> bool:
    current = state(turn)
    return current is not None and not current.get("stopped")


# "Would you like tonight's step?" (a welcome's offer, or after a programme's opening words).
TONIGHT = FollowUp("programme_tonight", yes=tonight_if_running, no=not_now,
                   others={"AMAZON.NextIntent": tonight_if_running,
                           "AMAZON.ResumeIntent": tonight_if_running})
# "Would you like to begin the reconnection week?", when no programme is under way.
CHOOSE = FollowUp("programme_choice", yes=begin_suggested, no=no_thanks)


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

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        named = slot_id(handler_input, "programme", programmes(self.content).by_id)
        current = state(turn)
        if named and not (current and current["id"] == named and not current.get("stopped")):
            return begin(turn, named)
        return tonight_or_offer(turn)


class ProgrammeControlHandler(IntentHandler):
    """Pause, stop, resume, or start it again."""

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.content)
        # "Start it again" names no control: it means starting again.
        return control(turn, slot_id(handler_input, "control", CONTROLS) or "restart")


def control(turn: Turn, requested: str) -> Response:
    """What pause, stop, resume and restart do to the programme under way."""
    current = state(turn)
    if current is None:
        nothing = "nothing_paused" if requested in ("resume", "restart") else "none_running"
        return none_running(turn, nothing)
    programme = programme_of(turn, current)
    if requested == "restart":
        turn.session[PROGRAMME] = {"id": programme.id, "night": 0, "paused": False}
        return tell_tonight(turn, [line(turn, "restarted", name=programme.name)])
    if requested == "resume":
        turn.session[PROGRAMME] = {**current, "paused": False, "stopped": False}
        return tell_tonight(turn, [line(turn, "resumed", name=programme.name)])
    if requested == "pause":
        turn.session[PROGRAMME] = {**current, "paused": True}
        said = line(turn, "paused", name=programme.name, night=current["night"] + 1)
    else:
        turn.session[PROGRAMME] = {**current, "paused": True, "stopped": True}
        said = line(turn, "stopped", name=programme.name)
    return turn.reply([said], ask=ANYTHING_ELSE)
