"""`python -m local_runner` (or `closer-local`): talk to Closer Again without a device.

  chat                 interactive conversation (the default)
  ask "UTTERANCE"      one turn in a new session, for scripts
  match                utterances on stdin, one JSON match per line on stdout
  dialog FILE.yaml ... scripted conversations with expectations; exit 1 on a failure
  render [--out DIR]   every spoken line of the content to WAV, with a table of lengths
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import json
import os
import sys
import tempfile
from pathlib import Path

from local_runner.alexa_api import SimulatedAlexaApi
from local_runner.runner import PERMISSION_PROMPT, Runner, Turn
from local_runner.speech import SpeechUnavailable, Voice, play, segments


def _text(ssml: str) -> str:
    return " ".join(text for text, _ in segments(ssml) if text)


class Speaker:
    """Speaks answers when it can; says once why it cannot, then carries on in text."""

    def __init__(self, enabled: bool, save: Path | None = None, rate: int | None = None,
                 voice: str | None = None) -> None:
        self.enabled = enabled
        self.save = save
        self.voice = Voice(rate=rate, voice=voice)
        self.warned = False

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

    def _warn(self, message: str) -> None:
        if not self.warned:
            print(f"(speech) {message}", file=sys.stderr)
            self.warned = True
            self.enabled = False


def show(turn: Turn, raw: bool) -> None:
    if turn.match is not None:
        slots = ", ".join(f"{k}={v.value!r}->{v.resolved_id}" for k, v in turn.match.slots.items())
        print(f"  [{turn.match.intent} {turn.match.confidence:.2f}{' ' + slots if slots else ''}]")
    else:
        print(f"  [{turn.request['request']['type']}]")
    if raw:
        print(json.dumps(turn.request, indent=2))
        print(json.dumps(turn.response, indent=2))
    if turn.speech:
        print(f"Alexa: {_text(turn.speech)}")
    if turn.screen is not None:
        print(describe_screen(turn.screen))
    if any(d.get("name") == "AskFor" for d in turn.directives):
        print(PERMISSION_PROMPT)
    if turn.ended:
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
  /json                           show the raw request and response
  /voice                          speech on or off
  /help, /quit"""


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


def _runner(args: argparse.Namespace, api: SimulatedAlexaApi) -> Runner:
    return Runner(locale=args.locale, api=api, screen=args.screen, apl_out=args.apl_out)


def _api(args: argparse.Namespace) -> SimulatedAlexaApi:
    return SimulatedAlexaApi(time_zone=args.time_zone, consent=not args.no_consent)


def chat(args: argparse.Namespace) -> int:
    with _api(args) as api:
        return _chat(args, _runner(args, api), api)


def _chat(args: argparse.Namespace, runner: Runner, api: SimulatedAlexaApi) -> int:
    _with_history()
    speaker = Speaker(enabled=not args.no_audio, rate=args.rate, voice=args.voice)
    raw = False
    print("Closer Again, local runner. Say 'open closer again' to begin; /help for commands.")
    while True:
        try:
            line = input("you> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not line:
            continue
        if line in ("/quit", "/exit"):
            return 0
        if line == "/help":
            print(HELP)
            continue
        if line == "/json":
            raw = not raw
            print(f"  raw JSON {'on' if raw else 'off'}")
            continue
        if line == "/voice":
            speaker.enabled = not speaker.enabled
            print(f"  voice {'on' if speaker.enabled else 'off'}")
            continue
        if line == "/reminders":
            print("\n".join(describe_reminder(r) for r in api.reminders) or "  (no reminders)")
            continue
        if line.startswith("/permission"):
            choice = line.split()[1:]
            if choice not in (["reminders", "grant"], ["reminders", "deny"]):
                print("  usage: /permission reminders grant|deny")
                continue
            api.grant() if choice[1] == "grant" else api.deny()
            print(f"  reminders permission {'granted' if api.consent else 'denied'}")
            continue
        if line.startswith("/touch"):
            turn = runner.touch(line[len("/touch"):])
            if turn is None:
                print("  nothing on the screen has that label")
                continue
            turns = [turn]
        elif line == "/launch":
            turns = [runner.launch()]
        elif line == "/end":
            turns = [runner.end()]
        elif line.startswith("/intent"):
            parts = line.split()
            if len(parts) < 2:
                print("  usage: /intent NAME [slot=value ...]")
                continue
            slots = {}
            for pair in parts[2:]:
                name, _, value = pair.partition("=")
                slots[name] = runner.matcher.resolve(value)
            turns = [runner.intent(parts[1], slots)]
        else:
            turns = runner.say(line)
        for turn in turns:
            show(turn, raw)
            speaker.speak(turn.speech)


def ask(args: argparse.Namespace) -> int:
    with _api(args) as api:
        turns = _runner(args, api).say(args.utterance)
    speaker = Speaker(enabled=not args.no_audio, save=args.save, rate=args.rate, voice=args.voice)
    for turn in turns:
        if args.json:
            print(json.dumps({"request": turn.request, "response": turn.response}))
        else:
            show(turn, raw=False)
    speaker.speak(turns[-1].speech)
    return 0


def match(args: argparse.Namespace) -> int:
    runner = Runner()
    sys.stdin.reconfigure(errors="replace")  # a stray byte is one odd utterance, not a crash
    for line in sys.stdin:
        utterance = line.rstrip("\n")
        print(json.dumps(runner.matcher.match(utterance).as_json()), flush=True)
    return 0


def dialog(args: argparse.Namespace) -> int:
    from local_runner.dialog import DialogError, DialogRunner

    runner = DialogRunner(screen=args.screen, apl_out=args.apl_out)
    failed = 0
    for path in args.files:
        print(f"{path}")
        try:
            results = runner.run_file(path)
        except DialogError as error:
            print(f"  ERROR {error}")
            failed += 1
            continue
        for result in results:
            print(f"  {'PASS' if result.passed else 'FAIL'} {result.number:>2} {result.label}")
            for failure in result.failures:
                print("       " + failure.replace("\n", "\n       "))
        failed += sum(not r.passed for r in results)
    print(f"{'all steps passed' if not failed else f'{failed} failed'}")
    return 1 if failed else 0


def render(args: argparse.Namespace) -> int:
    from content import load_content
    from local_runner.render import render_all, table

    voice = Voice(rate=args.rate, voice=args.voice)
    try:
        rows = render_all(load_content(), args.out, voice, args.only)
    except SpeechUnavailable as error:
        print(f"\n(speech) {error}", file=sys.stderr)
        return 1
    print(table(rows))
    print(f"{len(rows)} lines written to {args.out}/")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="closer-local", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--locale", default="en-US")
    parser.add_argument("--rate", type=int, help="speaking rate in words per minute")
    parser.add_argument("--voice", help="a pyttsx3 voice id, such as en-gb (espeak-ng --voices lists them)")
    parser.add_argument("--screen", action="store_true",
                        help="be an Echo Show: requests advertise APL and a viewport")
    parser.add_argument("--apl-out", type=Path, metavar="DIR",
                        help="write each screen's APL document and datasources here")
    parser.add_argument("--time-zone", default="America/New_York",
                        help="the device time zone the simulated Alexa API reports")
    parser.add_argument("--no-consent", action="store_true",
                        help="start without the reminders permission granted")
    commands = parser.add_subparsers(dest="command")
    chat_parser = commands.add_parser("chat", help="interactive conversation")
    chat_parser.add_argument("--no-audio", action="store_true")
    ask_parser = commands.add_parser("ask", help="one turn in a new session")
    ask_parser.add_argument("utterance")
    ask_parser.add_argument("--json", action="store_true")
    ask_parser.add_argument("--no-audio", action="store_true")
    ask_parser.add_argument("--save", type=Path, help="write the spoken answer to this WAV file")
    commands.add_parser("match", help="match stdin utterances to intents, JSON lines out")
    dialog_parser = commands.add_parser("dialog", help="run scripted conversations with expectations")
    dialog_parser.add_argument("files", nargs="+", type=Path)
    render_parser = commands.add_parser("render", help="every spoken line of the content to WAV")
    render_parser.add_argument("--out", type=Path, default=Path("renders"))
    render_parser.add_argument("--only", default="", help="only items whose name starts with this")
    args = parser.parse_args(argv)
    if args.command in (None, "chat"):
        args.no_audio = getattr(args, "no_audio", False)
        return chat(args)
    return {"ask": ask, "match": match, "dialog": dialog, "render": render}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
