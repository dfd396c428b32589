"""The interactive chat: typed utterances and /commands, answers shown and spoken."""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import sys
import tempfile
import wave
from pathlib import Path
from typing import TYPE_CHECKING

from content.timing import WORDS_PER_MINUTE
from local_runner.envelopes import SKILL_EVENTS, asks_permission
from local_runner.runner import PERMISSION_PROMPT, Runner, Turn, audio_parts
from local_runner.speech import SpeechUnavailable, Voice, play, segments
from skill.logs import NAME as LOGGER_NAME
from skill.screening import answers_in_safety_mode

if TYPE_CHECKING:  # the simulated API's TLS and HTTP server cost `ask` a tenth of a second
    from local_runner.alexa_api import SimulatedAlexaApi


MIC_SECONDS = 8  # how long an Echo listens after a prompt before giving up


def spoken_text(ssml: str) -> str:
    return " ".join(text for text, _ in segments(ssml) if text)


def describe_audio(document: dict) -> str:
    """What a hands-free turn plays: its words, and how long its long silences last."""
    parts = list(audio_parts(document.get("mainTemplate") or {}))
    words = " ".join(text for text, _ in parts if text)
    quiet = sum(seconds for _, seconds in parts)
    return f"Alexa (one APLA response, {quiet:.0f} s of it silence; no answer needed): {words}"


def mic_note(turn: Turn) -> str:
    """When the microphone is open after this turn, and what eight silent seconds bring."""
    if turn.ended or asks_permission(turn.response):
        return "  (session ended) the microphone stays closed; \"Alexa, ...\" now goes to Alexa"
    if turn.reprompt:
        return (f"  [mic open] about {MIC_SECONDS} s for an answer; if nobody speaks, the reprompt "
                f"\"{spoken_text(turn.reprompt)}\" [mic open] {MIC_SECONDS} s more, then the session ends")
    return f"  [mic open] about {MIC_SECONDS} s for an answer; if nobody speaks, the session ends"


class Speaker:
    """Speaks answers when it can; says once why it cannot, then carries on in text."""

    def __init__(self, enabled: bool, save: Path | None = None, rate: int | None = None,
                 voice: str | None = None) -> None:
        self.enabled = enabled
        self.save = save
        self.voice = Voice(rate=rate, voice=voice)
        self.unavailable: str | None = None  # why speech cannot work here, once known

    def speak(self, ssml: str) -> None:
        if not ssml or not (self.enabled or self.save):
            return
        if self.save:
            target = self.save
        else:
            handle, name = tempfile.mkstemp(suffix=".wav")
            os.close(handle)
            target = Path(name)
        try:
            self.voice.render(ssml, target)
            if self.enabled and not play(target):
                self._warn("no audio device works here; carrying on with text")
        except SpeechUnavailable as error:
            self._warn(str(error))
        finally:
            if not self.save:
                target.unlink(missing_ok=True)

    def play_audio(self, document: dict) -> None:
        """A hands-free turn's APLA document, rendered to one WAV and played like any answer."""
        if not (self.enabled or self.save):
            return
        from local_runner.apla_render import AplaPreviewError, Renderer

        target = self.save or Path(tempfile.mkstemp(suffix=".wav")[1])
        try:
            Renderer(Voice(rate=self.voice.rate or WORDS_PER_MINUTE, voice=self.voice.voice)).render(
                document, target)
            if self.enabled and not play(target):
                self._warn("no audio device works here; carrying on with text")
        except (SpeechUnavailable, AplaPreviewError) as error:
            self._warn(str(error))
        finally:
            if not self.save:
                target.unlink(missing_ok=True)

    def toggle(self) -> str:
        """What /voice answers: it never claims a voice that cannot be heard."""
        if not self.enabled and not self.unavailable and not audio_device_works():
            self.unavailable = "no audio device works here"
        if self.unavailable:
            return f"voice unavailable: {self.unavailable}"
        self.enabled = not self.enabled
        return f"voice {'on' if self.enabled else 'off'}"

    def _warn(self, message: str) -> None:
        if self.unavailable is None:
            print(f"(speech) {message}", file=sys.stderr)
            self.unavailable = message.split(";")[0]
        self.enabled = False


def audio_device_works() -> bool:
    """Plays a twentieth of a second of silence: the only sure test of a sound device."""
    handle, name = tempfile.mkstemp(suffix=".wav")
    os.close(handle)
    try:
        with wave.open(name, "wb") as writer:
            writer.setnchannels(1)
            writer.setsampwidth(2)
            writer.setframerate(22050)
            writer.writeframes(b"\0" * 2205)
        return play(Path(name))
    finally:
        Path(name).unlink(missing_ok=True)


def show_skill_logs() -> None:
    """The skill's own log lines (a session's end and its reason, warnings) in the transcript."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("  (skill log) %(message)s"))
    log = logging.getLogger(LOGGER_NAME)
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def show(turn: Turn, raw: bool) -> None:
    request = turn.request["request"]
    if turn.match is not None:
        slots = ", ".join(f"{k}={v.value!r}->{v.resolved_id}" for k, v in turn.match.slots.items())
        print(f"  [{turn.match.intent} {turn.match.confidence:.2f}{' ' + slots if slots else ''}]")
    elif request["type"] == "SessionEndedRequest":
        print(f"  [SessionEndedRequest reason={request.get('reason')}]")
    elif request["type"] == "IntentRequest":
        print(f"  [{request['intent']['name']}, sent directly]")
    else:
        print(f"  [{request['type']}]")
    if raw:
        print(json.dumps(turn.request, indent=2))
        print(json.dumps(turn.response, indent=2))
    if turn.speech:
        print(f"Alexa: {spoken_text(turn.speech)}")
    if turn.audio is not None:
        print(describe_audio(turn.audio))
    if turn.screen is not None:
        print(describe_screen(turn.screen))
    if any(d.get("name") == "AskFor" for d in turn.directives):
        print(PERMISSION_PROMPT)
    elif request["type"] != "SessionEndedRequest":
        print(mic_note(turn))
    else:
        print("  (session ended)")


def describe_screen(directive: dict) -> str:
    """One line for what the screen shows: its view, title and buttons."""
    (view, data), = (directive.get("datasources") or {"?": {}}).items()
    buttons = [b.get("label", "") for key in ("actions", "choices") for b in data.get(key) or []]
    title = data.get("title", "")
    return f"  [screen: {view} '{title}'{'; touch: ' + ', '.join(buttons) if buttons else ''}]"


def describe_reminder(reminder: dict) -> str:
    trigger = reminder.get("trigger") or {}
    recurrence = trigger.get("recurrence") or {}
    when = trigger.get("scheduledTime") or recurrence.get("startDateTime")
    rules = "; ".join(recurrence.get("recurrenceRules") or [])
    spoken = (reminder.get("alertInfo") or {}).get("spokenInfo") or {}
    texts = [c.get("text") for c in spoken.get("content") or []]
    return f"  {when} {trigger.get('timeZoneId', '')}{' ' + rules if rules else ''}: {' / '.join(texts)}"


HELP = """Type what you would say to Alexa. Commands:
  /intent NAME [slot=value ...]   send an intent directly
  /launch                         open a new session
  /end                            end the session (SessionEndedRequest)
  /touch LABEL                    press a button on the screen (with --screen)
  /reminders                      the reminders set so far
  /permission reminders grant|deny   switch the reminders permission
  /events disable|enable|permission-accepted|permission-changed   send that skill event
  /later [DAYS]                   the next night (or DAYS later): a new session
  /json                           show the raw request and response
  /voice                          speech on or off
  /help, /quit"""
COMMANDS = ("/intent", "/launch", "/end", "/touch", "/reminders", "/permission", "/events", "/later", "/json",
            "/voice", "/help", "/quit", "/exit")
HISTORY_FILE = Path.home() / ".closer_again_history"


def _with_history() -> None:
    """Line editing for input(), and the utterances of earlier runs on the up arrow."""
    try:
        import readline
    except ImportError:  # Windows without pyreadline: plain input still works
        return
    with contextlib.suppress(OSError):
        readline.read_history_file(HISTORY_FILE)
    readline.set_history_length(500)
    atexit.register(_save_history, readline)


def _save_history(readline) -> None:
    with contextlib.suppress(OSError):
        readline.write_history_file(HISTORY_FILE)


def _forget_last_line() -> None:
    """Keep a disclosure, and all that follows it in its session, out of the history file."""
    try:
        import readline
    except ImportError:
        return
    length = readline.get_current_history_length()
    if length:
        readline.remove_history_item(length - 1)


def intent_command(runner: Runner, line: str) -> list[Turn]:
    """/intent NAME slot=value ...: warnings for what Alexa would not send, then the turn."""
    parts = line.split()
    if len(parts) < 2:
        print("  usage: /intent NAME [slot=value ...]")
        return []
    name = parts[1]
    declared = runner.matcher.slot_types.get(name)
    if declared is None:
        print(f"  warning: {name} is not an intent of the interaction model")
        declared = {}
    slots = {}
    for pair in parts[2:]:
        slot, equals, value = pair.partition("=")
        if not equals:
            print(f"  usage: slot=value, not {pair!r}")
            return []
        if slot not in declared:
            print(f"  warning: {name} has no slot {slot!r}")
        slots[slot] = runner.matcher.resolve(value, declared.get(slot, "CauseType"))
        if slot in declared and slots[slot].resolved_id is None:
            print(f"  warning: {value!r} is not a value or synonym of {slots[slot].slot_type}; "
                  "sent unresolved, as Alexa would")
    return [runner.intent(name, slots)]


def chat(runner: Runner, api: SimulatedAlexaApi, audio: bool, rate: int | None, voice: str | None) -> int:
    _with_history()
    show_skill_logs()
    speaker = Speaker(enabled=audio, rate=rate, voice=voice)
    echo = not sys.stdin.isatty()  # piped input: show what was said in the transcript
    raw = False
    print("Closer Again, local runner. Say 'open closer again' to begin; /help for commands.")
    while True:
        try:
            line = input("you> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if echo:
            print(line)
        if not line:
            continue
        command = line.split()[0] if line.startswith("/") else ""
        if command in ("/quit", "/exit"):
            return 0
        if command and command not in COMMANDS:
            print(f"  unknown command {command}; /help lists the commands")
            continue
        if command == "/help":
            print(HELP)
            continue
        if command == "/json":
            raw = not raw
            print(f"  raw JSON {'on' if raw else 'off'}")
            continue
        if command == "/voice":
            print(f"  {speaker.toggle()}")
            continue
        if command == "/reminders":
            print("\n".join(describe_reminder(r) for r in api.reminders) or "  (no reminders)")
            continue
        if command == "/permission":
            choice = line.split()[1:]
            if choice not in (["reminders", "grant"], ["reminders", "deny"]):
                print("  usage: /permission reminders grant|deny")
                continue
            api.grant() if choice[1] == "grant" else api.deny()
            print(f"  reminders permission {'granted' if api.consent else 'denied'}")
            continue
        if command == "/later":
            days = line.split()[1:] or ["1"]
            if len(days) != 1 or not days[0].isdigit() or not 1 <= int(days[0]) <= 365:
                print("  usage: /later [DAYS], from 1 to 365")
                continue
            runner.session.later(int(days[0]))
            print(f"  {days[0]} day{'s' if days[0] != '1' else ''} later; say open closer again")
            continue
        if command == "/events":
            kind = SKILL_EVENTS.get((line.split()[1:] or [""])[0])
            if kind is None:
                print(f"  usage: /events {'|'.join(SKILL_EVENTS)}")
                continue
            runner.skill_event(kind)
            print(f"  sent {kind}")
            continue
        if command == "/touch":
            touched = runner.touch(line[len("/touch"):])
            if touched is None:
                print("  nothing on the screen has that label")
                continue
            turns = [touched]
        elif command == "/launch":
            turns = [runner.launch()]
        elif command == "/end":
            if runner.session.ended:
                print("  no session is open; nothing to end")
                continue
            turns = [runner.end()]
        elif command == "/intent":
            turns = intent_command(runner, line)
        else:
            turns = runner.say(line)
        if any(answers_in_safety_mode(turn.response) for turn in turns):
            _forget_last_line()
        for turn in turns:
            show(turn, raw)
            speaker.speak(turn.speech)
            if turn.audio is not None:
                speaker.play_audio(turn.audio)
