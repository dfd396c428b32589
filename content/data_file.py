"""Reading one content file that is loaded on its own, with clear errors for an editor."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from content.errors import ContentError
from content.validator import FileChecker


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
