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
{regex: ...}, {any_of: [...]}, {content: phrases.help} (any phrasing of that
content), or {not: ...}.

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
from local_runner.matcher import Matcher
from local_runner.runner import Runner, Turn
from local_runner.speech import segments


class DialogError(ValueError):
    """A dialog file that cannot be run; the message names the file and step."""


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
    if head == "causes" and len(rest) == 2 and rest[0] == "overview":
        return [getattr(content.causes_overview, rest[1])]
    if head == "causes" and len(rest) == 2 and rest[0] in content.causes:
        return [getattr(content.causes[rest[0]], rest[1])]
    if head == "reflection" and rest in (["intro"], ["closing"]):
        return [getattr(content.reflection, rest[0])]
    if head == "reflection" and len(rest) == 2 and rest[0] == "steps" and rest[1].isdigit():
        return [content.reflection.steps[int(rest[1])].prompt]
    raise DialogError(f"unknown content reference {reference!r}")


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
        turn, label, matched = self._send(runner, step, f"{path}: step {number}")
        result = StepResult(number, label)
        expect = step.get("expect") or {}
        texts = {
            "speech": " ".join(t for t, _ in segments(turn.speech) if t),
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
            elif key == "attributes":
                attributes = turn.response.get("sessionAttributes") or {}
                for name, value in expected.items():
                    actual = attributes.get(name)
                    if value == "absent" and name in attributes:
                        result.failures.append(f"attribute {name} should be absent, is {actual!r}")
                    elif value != "absent" and actual != value:
                        result.failures.append(f"attribute {name} is {actual!r}, expected {value!r}")
            else:
                raise DialogError(f"{path}: step {number}: unknown expectation {key!r}")
        return result

    def _send(self, runner: Runner, step: dict, where: str) -> tuple[Turn, str, str]:
        if "say" in step:
            utterance = _spoken(step["say"])
            turn = runner.say(utterance)[-1]
            matched = turn.match.intent if turn.match else turn.request["request"]["type"]
            return turn, f"say {utterance!r}", matched
        if "intent" in step:
            slots = {name: runner.matcher.resolve(str(spoken))
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


def _spoken(value: Any) -> str:
    """YAML reads a bare `yes` or `no` as a boolean; a dialog means the word."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _reprompt(turn: Turn) -> str:
    reprompt = turn.response.get("response", {}).get("reprompt") or {}
    return (reprompt.get("outputSpeech") or {}).get("ssml", "")
