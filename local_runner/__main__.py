"""`python -m local_runner` (or `closer-local`): talk to Closer Again without a device.

  chat                   interactive conversation (the default)
  ask "UTTERANCE"        one request in a new session, as "Alexa, ask closer again UTTERANCE"
  match                  utterances on stdin, one JSON match per line on stdout
  eval FILE              an NLU report on labelled utterances (TSV or YAML);
                         eval --conflicts lists samples that compete between intents
  dialog FILE.yaml ...   scripted conversations with expectations; exit 1 on a failure
  render [--out DIR]     every spoken line of the content to WAV, with a table of lengths,
                         and each whole reflection as Alexa plays it, with its length
  studio                 a local web page to chat, listen to every line and run dialogs
  train                  train the matcher now and cache it (make model does this)

Options such as --rate, --voice and --locale work before or after the command.
A content mistake stops every command with one line and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from content.errors import ContentError


def _api(args: argparse.Namespace):  # -> SimulatedAlexaApi, imported on use
    from local_runner.alexa_api import SimulatedAlexaApi

    return SimulatedAlexaApi(time_zone=args.time_zone, consent=not args.no_consent)


def _runner(args: argparse.Namespace, api):  # -> Runner
    from local_runner.runner import Runner

    return Runner(locale=args.locale, api=api, screen=args.screen, apl_out=args.apl_out)


def _chat(args: argparse.Namespace) -> int:
    from local_runner.chat import chat

    with _api(args) as api:
        return chat(_runner(args, api), api, not args.no_audio, args.rate, args.voice)


def _ask(args: argparse.Namespace) -> int:
    if args.save is not None and not args.save.parent.is_dir():
        print(f"closer-local: cannot save to {args.save}: the folder {args.save.parent} does not exist",
              file=sys.stderr)
        return 2
    from local_runner.chat import Speaker, show

    # One turn can only use Alexa's APIs to set a reminder, so only then is the
    # simulated API started: its certificates and server would slow every `ask`.
    runner = _runner(args, None)
    if runner.matcher.match(args.utterance).intent == "ReminderIntent":
        with _api(args) as api:
            turn = _runner(args, api).ask(args.utterance)
    else:
        turn = runner.ask(args.utterance)
    if args.json:
        print(json.dumps({"request": turn.request, "response": turn.response}))
    else:
        show(turn, raw=False)
    Speaker(enabled=not args.no_audio, save=args.save, rate=args.rate, voice=args.voice).speak(turn.speech)
    return 0


def _match(args: argparse.Namespace) -> int:
    from local_runner.matcher import Matcher

    matcher = Matcher()
    sys.stdin.reconfigure(errors="replace")  # a stray byte is one odd utterance, not a crash
    for line in sys.stdin:
        utterance = line.rstrip("\n")
        print(json.dumps(matcher.match(utterance).as_json()), flush=True)
    return 0


def _conflicts() -> int:
    from intents.catalog import DefinitionError, load_catalog
    from local_runner import conflicts
    from local_runner.matcher import MODEL_PATH

    try:
        catalog = load_catalog()
    except DefinitionError as error:
        print(f"closer-local eval: {error}", file=sys.stderr)
        return 2
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
    result = conflicts.report(model, catalog)
    print(conflicts.as_text(result))
    return 1 if result.conflicts else 0


def _eval(args: argparse.Namespace) -> int:
    if args.conflicts:
        return _conflicts()
    from local_runner.eval_report import as_text, write_report
    from local_runner.evaluation import cross_validate, evaluate, summarise
    from local_runner.labelled import LabelError, load_examples
    from local_runner.matcher import Matcher

    if args.file is None and not args.cross_validate:
        print("closer-local eval: give a labelled FILE, --cross-validate K or --conflicts", file=sys.stderr)
        return 2
    if args.cross_validate is not None and args.cross_validate < 2:
        print("closer-local eval: --cross-validate needs K of 2 or more", file=sys.stderr)
        return 2
    try:
        examples = load_examples(args.file) if args.file is not None else None
    except LabelError as error:
        print(f"closer-local eval: {error}", file=sys.stderr)
        return 2
    matcher = Matcher()
    if examples is not None:
        summary = summarise(evaluate(examples, matcher), str(args.file))
    else:
        summary = summarise(cross_validate(matcher, args.cross_validate),
                            f"{args.cross_validate}-fold cross-validation of the interaction model")
    print(as_text(summary))
    if args.report is not None:
        try:
            written = write_report(summary, args.report)
        except OSError as error:
            print(f"closer-local eval: cannot write the report to {args.report} ({error.strerror})",
                  file=sys.stderr)
            return 2
        print(f"\nreport: {', '.join(str(path) for path in written)}")
    if args.min is not None and summary["intent_accuracy"] * 100 < args.min:
        print(f"intent accuracy {summary['intent_accuracy'] * 100:.1f}% is below --min {args.min:g}%",
              file=sys.stderr)
        return 1
    if args.min_slots is not None and summary["slot_accuracy"] is not None \
            and summary["slot_accuracy"] * 100 < args.min_slots:
        print(f"slot accuracy {summary['slot_accuracy'] * 100:.1f}% is below --min-slots {args.min_slots:g}%",
              file=sys.stderr)
        return 1
    return 0


def _dialog(args: argparse.Namespace) -> int:
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


def _render(args: argparse.Namespace) -> int:
    from content import load_content
    from local_runner.render import reflection_lengths, render_all, table
    from local_runner.speech import SpeechUnavailable, Voice

    voice = Voice(rate=args.rate, voice=args.voice)
    content = load_content()
    try:
        rows = render_all(content, args.out, voice, args.only)
    except SpeechUnavailable as error:
        print(f"\n(speech) {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"closer-local render: cannot write to {args.out} ({error.strerror})", file=sys.stderr)
        return 2
    print(table(rows))
    lengths = reflection_lengths(rows, content)
    if lengths:
        print(lengths)
    print(f"{len(rows)} lines written to {args.out}/")
    return 0


def _studio(args: argparse.Namespace) -> int:
    from content.loader import DATA_DIR
    from local_runner.studio.app import serve

    return serve(args.host, args.port, locale=args.locale, rate=args.rate, voice=args.voice,
                 content_dir=args.content or DATA_DIR)


def _train(args: argparse.Namespace) -> int:
    from local_runner.matcher import MODEL_PATH, train
    from local_runner.model_cache import model_file

    target = model_file(MODEL_PATH)
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
    train(model, target)
    print(f"matcher trained on {MODEL_PATH.name}, saved to {target}")
    return 0


def _options(suppress: bool) -> argparse.ArgumentParser:
    """The options every command takes; after the command they leave earlier ones alone."""
    default = {"default": argparse.SUPPRESS} if suppress else {}
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--locale", **(default or {"default": "en-US"}))
    options.add_argument("--rate", type=int, help="speaking rate in words per minute", **default)
    options.add_argument("--voice", help="a pyttsx3 voice id, such as en-gb (espeak-ng --voices lists them)",
                         **default)
    options.add_argument("--screen", action="store_true", help="be an Echo Show: requests advertise APL "
                         "and a viewport", **default)
    options.add_argument("--apl-out", type=Path, metavar="DIR",
                         help="write each screen's APL document and datasources here", **default)
    options.add_argument("--time-zone", help="the device time zone the simulated Alexa API reports",
                         **(default or {"default": "America/New_York"}))
    options.add_argument("--no-consent", action="store_true",
                         help="start without the reminders permission granted", **default)
    return options


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="closer-local", description=__doc__, parents=[_options(False)],
                                          formatter_class=argparse.RawDescriptionHelpFormatter)
    shared = [_options(True)]
    commands = main_parser.add_subparsers(dest="command")
    chat = commands.add_parser("chat", parents=shared, help="interactive conversation")
    chat.add_argument("--no-audio", action="store_true")
    ask = commands.add_parser("ask", parents=shared, help="one request in a new session")
    ask.add_argument("utterance")
    ask.add_argument("--json", action="store_true")
    ask.add_argument("--no-audio", action="store_true")
    ask.add_argument("--save", type=Path, help="write the spoken answer to this WAV file")
    commands.add_parser("match", parents=shared, help="match stdin utterances to intents, JSON lines out")
    evaluate = commands.add_parser("eval", parents=shared, help="an NLU report on labelled utterances")
    evaluate.add_argument("file", nargs="?", type=Path, help="labelled utterances, .tsv or .yaml")
    evaluate.add_argument("--report", type=Path, help="write JSON, Markdown and two PNG charts here")
    evaluate.add_argument("--cross-validate", type=int, metavar="K",
                          help="K-fold cross-validation over the interaction model's own samples")
    evaluate.add_argument("--min", type=float, metavar="PERCENT", help="exit 1 below this intent accuracy")
    evaluate.add_argument("--min-slots", type=float, metavar="PERCENT",
                          help="exit 1 below this slot accuracy (of the utterances with slot labels)")
    evaluate.add_argument("--conflicts", action="store_true",
                          help="list samples of different intents that read the same; exit 1 if any")
    dialog = commands.add_parser("dialog", parents=shared, help="run scripted conversations")
    dialog.add_argument("files", nargs="+", type=Path)
    render = commands.add_parser("render", parents=shared, help="every spoken line of the content to WAV")
    render.add_argument("--out", type=Path, default=Path("renders"))
    render.add_argument("--only", default="", help="only items whose name starts with this")
    studio = commands.add_parser("studio", parents=shared, help="a local web page for content editors")
    studio.add_argument("--host", default="127.0.0.1")
    studio.add_argument("--port", type=int, default=8765)
    studio.add_argument("--content", type=Path, metavar="DIR",
                        help="edit the content files in DIR rather than content/data")
    commands.add_parser("train", parents=shared, help="train and cache the matcher now")
    return main_parser


COMMANDS = {"chat": _chat, "ask": _ask, "match": _match, "eval": _eval, "dialog": _dialog,
            "render": _render, "studio": _studio, "train": _train}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command is None:
        args.command, args.no_audio = "chat", False
    try:
        return COMMANDS[args.command](args)
    except ContentError as error:
        print(f"closer-local: content error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
