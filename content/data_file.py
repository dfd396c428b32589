"""Reading one content file that is loaded on its own, with clear errors for an editor."""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from content.errors import ContentError
from content.loader import write_json_cache
from content.validator import FileChecker

T = TypeVar("T")


def read(directory: Path, name: str) -> tuple[FileChecker, Any]:
    """A checker for `name` and its parsed YAML; ContentError when missing or not YAML."""
    import yaml  # only when such a file is first used: a cold start never pays for it

    from content import strict_yaml

    try:
        raw = strict_yaml.load((directory / name).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(name, "-", f"file is missing from {directory}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError(name, "-", f"cannot be read ({error})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "-"
        problem = getattr(error, "problem", None) or error
        raise ContentError(name, where, f"not valid YAML: {problem}") from None
    return FileChecker(name), raw


CACHE_FORMAT = 1  # bump when a cached shape changes
_memo: dict[tuple[str, str], tuple[tuple[int, int], Any]] = {}


def cached(directory: Path, name: str, key: str, parse: Callable[[], T], rebuild: Callable[[Any], T]) -> T:
    """The file's validated value: from memory while the file is unchanged, else from a JSON
    cache beside it (so a cold start need not import PyYAML), else parsed and cached.

    `key` names whatever else validation depended on (other files' ids). NamedTuples
    and dicts go to JSON as lists and objects; `rebuild` makes the value from them again.
    """
    path = directory / name
    try:
        status = path.stat()
    except FileNotFoundError:
        raise ContentError(name, "-", f"file is missing from {directory}") from None
    stamp = (status.st_mtime_ns, status.st_size)
    memo = _memo.get((str(path), key))
    if memo is not None and memo[0] == stamp:
        return memo[1]
    checksum = f"{CACHE_FORMAT}:{zlib.crc32(path.read_bytes()):08x}:{zlib.crc32(key.encode()):08x}"
    cache = directory / "__pycache__" / f"{path.stem}.json"
    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
        value = rebuild(stored["value"]) if stored.get("checksum") == checksum else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        value = None  # no cache, or an unusable one: parse the YAML instead
    if value is None:
        value = parse()
        write_json_cache(cache, {"checksum": checksum, "value": value})
    _memo[(str(path), key)] = (stamp, value)
    return value
