"""A whole content folder: every file the skill speaks from, checked together.

The main files are parsed as one (content/loader.py); programmes.yaml and
keeping.yaml are read on first use by the skill, but an editor or a build
must hear about a mistake in them as early as one in ideas.yaml.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from content import keeping, programmes
from content.items import Content
from content.loader import DATA_DIR, FILES, load_content

ALL_FILES: tuple[str, ...] = (*FILES, programmes.FILE, keeping.FILE)


class Checked(NamedTuple):
    content: Content
    programmes: programmes.Programmes
    keeping: keeping.Keeping


def check_folder(directory: Path | str = DATA_DIR) -> Checked:
    """Every file loaded and validated; ContentError (one line) names the first problem."""
    content = load_content(directory)
    return Checked(content, programmes.load_programmes(content, directory), keeping.load_keeping(directory))
