"""Every spoken line of the content to WAV, so an editor can listen to all of it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from content import Content
from content.timing import MAX_RESPONSE_SECONDS, WORDS_PER_MINUTE
from intents.handlers.hands_free import reflection_parts, reflection_seconds, step_parts
from intents.handlers.safety import safety_parts
from skill import apla
from skill.ssml import Part, to_ssml
from skill.ssml import to_text as plain_text

LONG_SECONDS = 20.0  # a listener's turn should stay near this


def spoken_lines(content: Content) -> Iterator[tuple[str, list[Part]]]:
    """(item name, parts) for every line the skill can say."""
    for idea in content.ideas:
        yield f"ideas.{idea.id}.say", [idea.say]
        yield f"ideas.{idea.id}.more", [idea.more]
    for index, say in enumerate(content.causes_overview.say):
        yield f"causes.overview.say.{index}", [say]
    yield "causes.overview.more", [content.causes_overview.more]
    for cause in content.causes.values():
        yield f"causes.{cause.id}.say", [cause.say]
        yield f"causes.{cause.id}.more", [cause.more]
    for name, topic in content.topics.items():
        yield f"topics.{name}.say", [topic.say]
        yield f"topics.{name}.more", [topic.more]
    for part in ("first", "rest"):
        for index, say in enumerate(getattr(content.signs, part)):
            yield f"topics.signs.{part}.{index}", [say]
    yield "topics.signs.more", [content.signs.more]
    for opener in content.openers:
        yield f"openers.{opener.id}.say", [opener.say]
        yield f"openers.{opener.id}.more", [opener.more]
    for category, options in {**content.phrases, **{f"followups.{k}": v
                                                    for k, v in content.followups.items()}}.items():
        for index, text in enumerate(options):
            yield f"{category if '.' in category else 'phrases.' + category}.{index}", [text]
    for reflection in content.reflections.values():
        yield f"reflection.{reflection.id}.intro", [reflection.intro]
        for step in reflection.steps:
            yield f"reflection.{reflection.id}.{step.id}", step_parts(step)
        yield f"reflection.{reflection.id}.closing", [reflection.closing]  # goodnight is the last word
    yield from _together_lines(content)
    yield from _nights_lines(content)
    for locale, info in content.safety.items():
        for name in info.messages:
            yield f"safety.{locale}.{name}", safety_parts(info, name)


def _nights_lines(content: Content) -> Iterator[tuple[str, list[Part]]]:
    """Programmes (programmes.yaml) and the lines about what is kept (keeping.yaml)."""
    from content.keeping import load_keeping
    from content.programmes import load_programmes

    programmes = load_programmes(content)
    for programme in programmes.by_id.values():
        yield f"programmes.{programme.id}.intro", [programme.intro.replace("{abuse}", "the abuse line")]
        if programme.intro_default != programme.intro:
            yield f"programmes.{programme.id}.intro_default", [programme.intro_default]
        for step in programme.steps:
            yield f"programmes.{programme.id}.{step.id}", [step.say]
        yield f"programmes.{programme.id}.closing", [programme.closing]
    for key, options in programmes.lines.items():
        for index, text in enumerate(options):
            yield f"programmes.lines.{key}.{index}", [text]
    for key, options in load_keeping().lines.items():
        for index, text in enumerate(options):
            yield f"keeping.{key}.{index}", [text]


def render_all(content: Content, out: Path, voice, only: str = "") -> list[tuple[str, int, float]]:
    """Render the lines whose name starts with `only`; returns (item, words, seconds) rows."""
    lines = [(name, parts) for name, parts in spoken_lines(content) if name.startswith(only)]
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    bar = sys.stderr.isatty()  # redrawn in place: only a terminal shows it as a bar, a log gets garbage
    for number, (name, parts) in enumerate(lines, start=1):
        if bar:
            _progress(number, len(lines), name)
        seconds = voice.render(to_ssml(parts), out / f"{name}.wav")
        rows.append((name, len(plain_text(parts).split()), seconds))
    if bar:
        print(file=sys.stderr)
    return rows + render_whole_reflections(content, out, voice, only)


Row = tuple[str, int, float]


def render_whole_reflections(content: Content, out: Path, voice, only: str = "") -> list[Row]:
    """Each reflection as a speaker plays it: its whole APLA document as one WAV, at Alexa's pace
    unless a rate was asked for."""
    from local_runner.apla_render import Renderer  # numpy: only when reflections are rendered
    from local_runner.speech import Voice

    renderer = Renderer(Voice(rate=voice.rate or WORDS_PER_MINUTE, voice=voice.voice))
    rows = []
    for reflection in content.reflections.values():
        name = f"reflection.{reflection.id}.whole"
        if not name.startswith(only):
            continue
        parts = reflection_parts(reflection)
        seconds = renderer.render(apla.document(parts, reflection.name), out / f"{name}.wav")
        rows.append((name, len(plain_text(parts).split()), seconds))
    return rows


def reflection_lengths(rows: list[tuple[str, int, float]], content: Content) -> str:
    """Each whole reflection's length: planned at 150 words a minute with its silences, and rendered."""
    rendered = {name: seconds for name, _, seconds in rows if name.endswith(".whole")}
    lines = ["whole reflections (one APLA response each; Alexa plays at most 240 s):"]
    for reflection in content.reflections.values():
        seconds = rendered.get(f"reflection.{reflection.id}.whole")
        if seconds is not None:
            planned = reflection_seconds(reflection)
            lines.append(f"  {reflection.id:<16} planned {planned:5.0f} s   rendered {seconds:5.1f} s")
    return "\n".join(lines) if len(lines) > 1 else ""


def _progress(done: int, total: int, name: str) -> None:
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:40]:<40}")
    sys.stderr.flush()


def table(rows: list[tuple[str, int, float]]) -> str:
    width = max([len(name) for name, _, _ in rows] + [4])
    lines = [f"{'item':<{width}}  words  seconds", f"{'-' * width}  -----  -------"]
    for name, words, seconds in rows:
        flag = "  long" if seconds > LONG_SECONDS and not name.startswith("reflection.") else ""
        if name.endswith(".whole") and not apla_fits(seconds):
            flag = "  over 240 s: Alexa will not play it"
        lines.append(f"{name:<{width}}  {words:>5}  {seconds:>7.1f}{flag}")
    return "\n".join(lines)


def apla_fits(seconds: float) -> bool:
    return seconds <= MAX_RESPONSE_SECONDS


def _together_lines(content: Content) -> Iterator[tuple[str, list[Part]]]:
    """Questions for two and the check-in."""
    questions = content.questions
    for depth, asked in questions.by_depth.items():
        for question in asked:
            yield f"questions.{depth}.{question.id}", [question.ask]
    for name in ("intro", "first", "reshuffled", "deepest", "lightest"):
        for index, text in enumerate(getattr(questions, name)):
            yield f"questions.{name}.{index}", [text]
    checkin = content.checkin
    for name, options in checkin.phrases.items():
        for index, text in enumerate(options):
            yield f"checkin.{name}.{index}", [text]
    for question in checkin.questions:
        yield f"checkin.questions.{question.id}", [question.ask]
    for cause, options in checkin.findings.items():
        for index, text in enumerate(options):
            yield f"checkin.findings.{cause}.{index}", [text]
