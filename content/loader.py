"""Loading the content through a cache of validated content.

Parsing and validating the YAML (content/parser.py) happens only when a file
changed since the cache was written. The types live in content/items.py.
"""

# No `from __future__ import annotations` here: NamedTuple would turn every
# string annotation into a compiled ForwardRef, which slows cold starts.

import json
import os
import zlib
from pathlib import Path
from typing import Any

from content import items
from content.errors import ContentError
from content.items import Content

DATA_DIR = Path(__file__).parent / "data"


def __getattr__(name: str) -> Any:
    """The content types moved to content/items.py; importing them from here still works."""
    try:
        return getattr(items, name)
    except AttributeError:
        raise AttributeError(f"module 'content.loader' has no attribute {name!r}") from None


FILES = ("causes.yaml", "checkin.yaml", "ideas.yaml", "openers.yaml", "phrases.yaml", "questions.yaml",
         "reflections.yaml", "safety.yaml", "screening.yaml", "topics.yaml")
# Bump when the cached shape changes, so old caches are ignored.
CACHE_FORMAT = 9  # 9: issue 16 (timed reflection scripts) on top of 8
CACHE_FILE = Path("__pycache__") / "content.json"


def load_content(directory: Path | str = DATA_DIR) -> Content:
    """Load and validate every content file; raise ContentError on the first problem.

    Validated content is cached as JSON beside the data, keyed by a checksum of
    the YAML, so a cold start skips importing and running the YAML parser
    unless a file changed since it was last validated.
    """
    directory = Path(directory)
    sources = read_sources(directory)
    checksum = _checksum(sources)
    content = _read_cache(directory / CACHE_FILE, checksum)
    if content is None:
        from content.parser import parse  # only on a cache miss: it needs PyYAML

        content = parse(sources)
        _write_cache(directory / CACHE_FILE, checksum, content)
    return content


def read_sources(directory: Path) -> dict[str, str]:
    sources = {}
    for name in FILES:
        try:
            sources[name] = (directory / name).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ContentError(name, "-", f"file is missing from {directory}") from None
        except (OSError, UnicodeDecodeError) as error:
            raise ContentError(name, "-", f"cannot be read ({error})") from None
    return sources


def _checksum(sources: dict[str, str]) -> str:
    value = CACHE_FORMAT
    for name in FILES:
        value = zlib.crc32(f"{name}\0{len(sources[name])}\0{sources[name]}".encode(), value)
    return f"{CACHE_FORMAT}:{value:08x}"


def _read_cache(path: Path, checksum: str) -> Content | None:
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if cached.get("checksum") != checksum:
            return None
        return _from_plain(cached["content"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no cache, or an unusable one: parse the YAML instead


def _write_cache(path: Path, checksum: str, content: Content) -> None:
    plain = {
        "ways": content.ways, "ideas": content.ideas, "causes": content.causes,
        "causes_overview": content.causes_overview, "topics": content.topics,
        "signs": content.signs, "phrases": content.phrases, "followups": content.followups,
        "reflections": content.reflections, "safety": content.safety, "screening": content.screening,
        "questions": content.questions, "checkin": content.checkin,
        "situations": content.situations, "opener_topics": content.opener_topics,
        "openers": content.openers, "lead_with": content.lead_with, "variants": content.variants,
        "variant_fields": content.variant_fields,
    }
    write_json_cache(path, {"checksum": checksum, "content": plain})


def write_json_cache(path: Path, document: Any) -> None:
    """Write a validated-content cache atomically: readers see the old cache or the new one."""
    try:
        path.parent.mkdir(exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(document), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        pass  # a read-only install simply parses the YAML when it is needed


def _from_plain(plain: dict[str, Any]) -> Content:
    overview_say, overview_more = plain["causes_overview"]
    first, rest, signs_more = plain["signs"]
    return Content(
        ways=tuple(items.Way(id_, name, tuple(ids)) for id_, name, ids in plain["ways"]),
        ideas=tuple(items.Idea(id_, way, tuple(causes), say, more, tuple(situations), tuple(refers),
                               tuple(sources))
                    for id_, way, causes, say, more, situations, refers, sources in plain["ideas"]),
        causes={key: items.Cause(*value) for key, value in plain["causes"].items()},
        causes_overview=items.Varied(tuple(overview_say), overview_more),
        topics={key: items.Passage(say, more, tuple(refers))
                for key, (say, more, refers) in plain["topics"].items()},
        signs=items.Signs(tuple(first), tuple(rest), signs_more),
        phrases={key: tuple(value) for key, value in plain["phrases"].items()},
        followups={key: tuple(value) for key, value in plain["followups"].items()},
        reflections={
            key: items.Reflection(id_, name, intro,
                                  tuple(items.ReflectionStep(i, tuple(beats)) for i, beats in steps), closing)
            for key, (id_, name, intro, steps, closing) in plain["reflections"].items()
        },
        situations=dict(plain["situations"]),
        opener_topics=dict(plain["opener_topics"]),
        openers=tuple(items.Opener(id_, topic, say, more, tuple(refers), tuple(situations))
                      for id_, topic, say, more, refers, situations in plain["openers"]),
        lead_with=dict(plain["lead_with"]),
        variants={locale: dict(swaps) for locale, swaps in plain["variants"].items()},
        variant_fields={locale: list(fields) for locale, fields in plain["variant_fields"].items()},
        safety={
            key: items.SafetyInfo(
                {name: items.SafetyNumber(*number[:4], tuple(number[4])) for name, number in numbers.items()},
                messages,
            )
            for key, (numbers, messages) in plain["safety"].items()
        },
        screening=_screening_from_plain(plain["screening"]),
        questions=_questions_from_plain(plain["questions"]),
        checkin=_checkin_from_plain(plain["checkin"]),
    )


def _questions_from_plain(plain: list[Any]) -> items.QuestionSet:
    *lines, by_depth = plain
    return items.QuestionSet(
        *(tuple(options) for options in lines),
        by_depth={depth: tuple(items.Question(*q) for q in qs) for depth, qs in by_depth.items()},
    )


def _checkin_from_plain(plain: list[Any]) -> items.CheckIn:
    phrases, questions, findings, asked = plain
    return items.CheckIn(
        phrases={key: tuple(value) for key, value in phrases.items()},
        questions=tuple(items.CheckInQuestion(*q) for q in questions),
        findings={key: tuple(value) for key, value in findings.items()},
        asked=asked,
    )


def _screening_from_plain(plain: list[Any]) -> items.Screening:
    spellings, groups, crisis, abuse, survivor, threats = plain
    return items.Screening(spellings, groups, tuple(crisis), tuple(abuse), tuple(survivor), tuple(threats))
