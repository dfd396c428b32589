"""Scripted conversations with expectations, in the spirit of Bespoken's YAML tests.

A dialog file:

    name: ideas with another and more
    locale: en-US                 # optional
    steps:
      - say: open closer again    # an utterance, matched like chat does
        expect:
          intent: LaunchRequest   # the request type, or the matched intent
          speech: Welcome         # substring of the spoken text
          ended: false
      - intent: ReconnectionIdeaIntent   # or send an intent directly
        slots: {cause: we keep fighting}
        expect:
          speech: {content: ideas.say}   # any idea's short form
          attributes: {pending: another_idea}
      - request: SessionEndedRequest

Text expectations (speech, reprompt, card, ssml) take a substring, or
{regex: ...}, {any_of: [...]}, {all_of: [expectation, ...]}, {content: phrases.help}
(any phrasing of that content), or {not: ...}.

Days and skill events: a step with `days: N` happens N days after the step
before (a new session, as on a later night); `event: disable` (or enable,
permission-accepted, permission-changed) sends that AlexaSkillEvent. `kept:
nothing` expects nothing stored for the listener, `kept: [programme, ...]`
those stored fields among others.

Reminders and screens: a file with `alexa_api: {reminders: granted|denied,
time_zone: Europe/London}` talks to the simulated Alexa API (requests carry an
API token, and a consent token when granted); `screen: true` makes the device
an Echo Show. Steps can `touch: LABEL` (a button on the last screen), and
expect `reminders: N` (how many are set), `screen: VIEW` (the view shown, or
`none`) and `permission: asked` (Alexa asks for the reminders permission).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from content import Content, load_content
from local_runner.alexa_api import SimulatedAlexaApi
from local_runner.envelopes import SKILL_EVENTS
from local_runner.matcher import Matcher
from local_runner.runner import Runner, Turn, audio_parts
from local_runner.speech import segments
from skill.invoke import parse_envelope

FILE_KEYS = ("name", "locale", "steps", "alexa_api", "screen")
STEP_KEYS = ("say", "intent", "slots", "touch", "request", "reason", "event", "days", "expect")
EXPECT_KEYS = ("speech", "reprompt", "card", "ssml", "intent", "ended", "attributes", "reminders", "screen",
               "permission", "kept")


class DialogError(ValueError):
    """A dialog file that cannot be run; the message names the file and step."""


def _suggestion(key: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _known_keys(mapping: dict, known: tuple[str, ...], where: str) -> None:
    """A misspelt key would otherwise make a step check nothing and pass."""
    for key in mapping:
        if key not in known:
            raise DialogError(f"{where}: unknown key {key!r}{_suggestion(str(key), known)}")


@dataclass
class StepResult:
    number: int
    label: str
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def content_texts(content: Content, reference: str) -> list[str]:
    """Every text a content reference such as `phrases.help` or `ideas.more` stands for."""
    parts = reference.split(".")
    head, rest = parts[0], parts[1:]
    if head == "phrases" and len(rest) == 1 and rest[0] in content.phrases:
        return [t.split("{")[0] for t in content.phrases[rest[0]]]
    if head == "followups" and len(rest) == 1 and rest[0] in content.followups:
        return list(content.followups[rest[0]])
    if head == "ideas" and rest in (["say"], ["more"]):
        return [getattr(idea, rest[0]) for idea in content.ideas]
    if head == "ideas" and len(rest) == 2 and content.idea(rest[0]):
        return [getattr(content.idea(rest[0]), rest[1])]
    if head == "topics" and len(rest) == 2 and rest[0] in content.topics:
        return [getattr(content.topics[rest[0]], rest[1])]
    if head == "signs" and rest in (["first"], ["rest"], ["more"]):
        return _texts(getattr(content.signs, rest[0]))
    if head == "openers" and rest in (["say"], ["more"]):
        return [getattr(opener, rest[0]) for opener in content.openers]
    if head == "openers" and len(rest) == 2 and content.opener(rest[0]):
        return [getattr(content.opener(rest[0]), rest[1])]
    if head == "openers" and len(rest) == 3 and rest[0] == "topic" and rest[1] in content.opener_topics:
        return [getattr(o, rest[2]) for o in content.openers if o.topic == rest[1]]
    if head == "ideas" and len(rest) == 3 and rest[0] == "situation" and rest[1] in content.situations:
        return [getattr(i, rest[2]) for i in content.ideas if rest[1] in i.situations]
    if head == "causes" and len(rest) == 2 and rest[0] == "overview":
        return _texts(getattr(content.causes_overview, rest[1]))
    if head == "causes" and len(rest) == 2 and rest[0] in content.causes:
        return [getattr(content.causes[rest[0]], rest[1])]
    reflection = content.reflections.get(rest[0]) if head == "reflections" and rest else None
    if reflection and rest[1:] in (["intro"], ["closing"]):
        return [getattr(reflection, rest[1])]
    if reflection and len(rest) == 3 and rest[1] == "steps" and rest[2].isdigit() \
            and int(rest[2]) < len(reflection.steps):
        return [reflection.steps[int(rest[2])].prompt]
    together = _together_texts(content, head, rest)
    if together:
        return together
    raise DialogError(f"unknown content reference {reference!r}")


def _texts(value: str | tuple[str, ...]) -> list[str]:
    return list(value) if isinstance(value, tuple) else [value]


def _together_texts(content: Content, head: str, rest: list[str]) -> list[str]:
    """Questions for two (`questions.deeper`, `questions.first`) and the check-in
    (`checkin.questions` for any, `checkin.questions.0`, `checkin.findings.stress`, `checkin.thanks`)."""
    questions, checkin = content.questions, content.checkin
    if head == "questions" and len(rest) == 1:
        if rest[0] in questions.by_depth:
            return [q.ask for q in questions.by_depth[rest[0]]]
        if rest[0] in ("intro", "first", "reshuffled", "deepest", "lightest"):
            return list(getattr(questions, rest[0]))
    if head == "checkin" and rest == ["questions"]:  # any question of the pool: each check-in draws its own
        return [question.ask for question in checkin.questions]
    if head == "checkin" and len(rest) == 2 and rest[0] == "questions" and rest[1].isdigit() \
            and int(rest[1]) < len(checkin.questions):
        return [checkin.questions[int(rest[1])].ask]
    if head == "checkin" and len(rest) == 2 and rest[0] == "findings" and rest[1] in checkin.findings:
        return list(checkin.findings[rest[1]])
    if head == "checkin" and len(rest) == 1 and rest[0] in checkin.phrases:
        return list(checkin.phrases[rest[0]])
    return []


def check_text(name: str, expected: Any, heard: str, content: Content) -> list[str]:
    """Failures (empty when the text meets the expectation)."""
    if isinstance(expected, str):
        if expected in heard:
            return []
        diff = "\n".join(difflib.unified_diff([expected], [heard], "expected", "heard", lineterm=""))
        return [f"{name} does not contain the expected text\n{diff}"]
    if isinstance(expected, dict) and len(expected) == 1:
        (kind, value), = expected.items()
        if kind == "regex":
            return [] if re.search(value, heard) else [f"{name} does not match /{value}/: {heard!r}"]
        if kind == "any_of":
            return [] if any(v in heard for v in value) else [f"{name} contains none of {value}: {heard!r}"]
        if kind == "all_of":  # every expectation listed, each of any kind above
            return [failure for each in value for failure in check_text(name, each, heard, content)]
        if kind == "content":
            options = content_texts(content, value)
            return [] if any(" ".join(o.split()) in heard for o in options) else \
                [f"{name} says none of {value}: {heard!r}"]
        if kind == "not":
            return [f"{name} should not satisfy {value!r}: {heard!r}"] \
                if not check_text(name, value, heard, content) else []
    raise DialogError(f"cannot read the {name} expectation {expected!r}")


class DialogRunner:
    def __init__(self, matcher: Matcher | None = None, content: Content | None = None,
                 screen: bool = False, apl_out: Path | None = None) -> None:
        self._matcher = matcher  # trained on first use: it takes about a second
        self.content = content or load_content()
        self.screen = screen
        self.apl_out = apl_out

    def run_file(self, path: Path) -> list[StepResult]:
        try:
            script = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            raise DialogError(f"{path}: cannot be read ({error})") from None
        if not isinstance(script, dict) or not isinstance(script.get("steps"), list):
            raise DialogError(f"{path}: needs a list of steps")
        _known_keys(script, FILE_KEYS, str(path))
        if self._matcher is None:
            self._matcher = Matcher()
        settings = script.get("alexa_api")
        if settings is not None and (not isinstance(settings, dict) or
                                     settings.get("reminders", "granted") not in ("granted", "denied")):
            raise DialogError(f"{path}: alexa_api takes reminders: granted|denied and time_zone")
        api = None
        if settings is not None:
            api = SimulatedAlexaApi(time_zone=str(settings.get("time_zone", "America/New_York")),
                                    consent=settings.get("reminders", "granted") == "granted").start()
        try:
            # Each dialog is a new listener, so one file's memory never leaks into the next.
            runner = Runner(self._matcher, script.get("locale", "en-US"), user_id=None, api=api,
                            screen=bool(script.get("screen", self.screen)), apl_out=self.apl_out)
            return [self._run_step(runner, number, step, path)
                    for number, step in enumerate(script["steps"], start=1)]
        finally:
            if api is not None:
                api.stop()

    def _run_step(self, runner: Runner, number: int, step: Any, path: Path) -> StepResult:
        if not isinstance(step, dict):
            raise DialogError(f"{path}: step {number} must be a mapping")
        _known_keys(step, STEP_KEYS, f"{path}: step {number}")
        turn, label, matched = self._send(runner, step, f"{path}: step {number}")
        result = StepResult(number, label)
        expect = step.get("expect") or {}
        # A hands-free turn speaks through its APLA document: its words count as the speech.
        audio = [t for t, _ in audio_parts(turn.audio["mainTemplate"])] if turn.audio else []
        texts = {
            "speech": " ".join(t for t, _ in segments(turn.speech) if t) + " ".join(t for t in audio if t),
            "reprompt": " ".join(t for t, _ in segments(_reprompt(turn)) if t),
            "card": turn.card,
            "ssml": turn.speech,
        }
        for key, expected in expect.items():
            if key in texts:
                result.failures += check_text(key, expected, texts[key], self.content)
            elif key == "intent":
                if matched != expected:
                    result.failures.append(f"intent was {matched}, expected {expected}")
            elif key == "ended":
                if turn.ended != bool(expected):
                    result.failures.append(f"session {'ended' if turn.ended else 'stayed open'}, "
                                           f"expected ended: {expected}")
            elif key == "reminders":
                held = len(runner.api.reminders) if runner.api is not None else 0
                if held != expected:
                    result.failures.append(f"{held} reminders set, expected {expected}")
            elif key == "screen":
                shown = next(iter(turn.screen["datasources"]), "?") if turn.screen else "none"
                if shown != expected:
                    result.failures.append(f"the screen shows {shown}, expected {expected}")
            elif key == "permission":
                asked = "asked" if runner.asking is not None else "not asked"
                if asked != expected:
                    result.failures.append(f"permission {asked}, expected {expected}")
            elif key == "kept":
                result.failures += _check_kept(runner, expected)
            elif key == "attributes":
                attributes = turn.response.get("sessionAttributes") or {}
                for name, value in expected.items():
                    actual = attributes.get(name)
                    if value == "absent" and name in attributes:
                        result.failures.append(f"attribute {name} should be absent, is {actual!r}")
                    elif value != "absent" and actual != value:
                        result.failures.append(f"attribute {name} is {actual!r}, expected {value!r}")
            else:
                raise DialogError(f"{path}: step {number}: unknown expectation {key!r}"
                                  f"{_suggestion(key, EXPECT_KEYS)}")
        return result

    def _send(self, runner: Runner, step: dict, where: str) -> tuple[Turn, str, str]:
        if "days" in step:
            days = step["days"]
            if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 365:
                raise DialogError(f"{where}: days must be a whole number from 1 to 365")
            runner.session.later(days)
        if "event" in step:
            kind = SKILL_EVENTS.get(str(step["event"]))
            if kind is None:
                raise DialogError(f"{where}: event must be one of {', '.join(SKILL_EVENTS)}")
            return runner.skill_event(kind), f"event {step['event']}", kind
        if "say" in step:
            utterance = _spoken(step["say"])
            turn = runner.say(utterance)[-1]
            matched = turn.match.intent if turn.match else turn.request["request"]["type"]
            return turn, f"say {utterance!r}", matched
        if "intent" in step:
            slots = {name: runner.matcher.resolve_for(step["intent"], name, str(spoken))
                     for name, spoken in (step.get("slots") or {}).items()}
            return runner.intent(step["intent"], slots), f"intent {step['intent']}", step["intent"]
        if "touch" in step:
            touched = runner.touch(str(step["touch"]))
            if touched is None:
                raise DialogError(f"{where}: nothing on the screen is labelled {step['touch']!r}")
            # The intent the button stands for, which the skill answers the touch as.
            return touched, f"touch {step['touch']!r}", touched.request["request"]["arguments"][1]
        request = step.get("request")
        if request == "LaunchRequest":
            return runner.launch(), "LaunchRequest", "LaunchRequest"
        if request == "SessionEndedRequest":
            return runner.end(step.get("reason", "USER_INITIATED")), "SessionEndedRequest", request
        raise DialogError(f"{where}: needs say, intent, touch or request")


def _check_kept(runner: Runner, expected: Any) -> list[str]:
    """What the skill stores for this listener: `nothing`, or a list of fields it must hold."""
    from skill.lambda_function import SKILL

    adapter = SKILL.persistence_adapter
    if adapter is None:
        return ["kept: memory is switched off (CLOSER_PERSISTENCE=none), so nothing can be checked"]
    system = {"user": {"userId": runner.session.user_id}}
    envelope = parse_envelope({"version": "1.0", "context": {"System": system},
                               "request": {"type": "LaunchRequest", "requestId": "kept-check",
                                           "timestamp": "2026-01-01T00:00:00Z"}})
    stored = adapter.get_attributes(envelope)
    if expected == "nothing":
        return [f"kept should be nothing, holds {sorted(stored)}"] if stored else []
    if not isinstance(expected, list):
        raise DialogError(f"kept takes nothing or a list of field names, not {expected!r}")
    missing = [name for name in expected if name not in stored]
    return [f"kept lacks {', '.join(missing)} (holds {sorted(stored)})"] if missing else []


def _spoken(value: Any) -> str:
    """YAML reads a bare `yes` or `no` as a boolean; a dialog means the word."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _reprompt(turn: Turn) -> str:
    reprompt = turn.response.get("response", {}).get("reprompt") or {}
    return (reprompt.get("outputSpeech") or {}).get("ssml", "")
