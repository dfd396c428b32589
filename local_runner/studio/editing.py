"""Editing one spoken line in its YAML file: checked against the whole content first, changed alone.

The file is read and written with ruamel.yaml's round trip, so comments, key
order, quotes and folded text stay as they were. A save is refused, with the
validator's one-line message, when the content would no longer load; and it is
refused too when anything but that one string would change in the file.
"""

from __future__ import annotations

import difflib
import os
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from content.errors import ContentError
from content.loader import Content, read_sources
from local_runner.studio.sources import Location, SourceIndex, dump, load, normal

FOLD_WIDTH = 74  # folded text with no line breaks yet: wrapped like the rest of the files


class EditRefused(ValueError):
    """The edit was not saved; the message says why in one line."""


@dataclass
class Change:
    name: str
    file: str
    before: str
    after: str
    diff: str


def parse_sources(sources: dict[str, str]) -> Content:
    from content.parser import parse  # PyYAML: only the studio's editing needs it here

    return parse(sources)


def replaced(file_text: str, location: Location, new_text: str) -> str:
    """The file with the string at `location` set to `new_text`, written in the same style."""
    tree = load(file_text)
    if dump(tree) != file_text:
        raise EditRefused(f"{location.file}: its layout cannot be kept by the editor; edit it by hand")
    parent = tree
    for key in location.path[:-1]:
        parent = parent[key]
    old = parent[location.path[-1]]
    parent[location.path[-1]] = _styled(old, new_text)
    changed = dump(tree)
    _only_that_string(file_text, changed, location)
    return changed


def _styled(old: Any, text: str) -> Any:
    """`text` in the old value's style: folded text folded at the old width, quotes kept."""
    if isinstance(old, FoldedScalarString):
        width = max(_segment_lengths(str(old), getattr(old, "fold_pos", [])) or [FOLD_WIDTH])
        new = FoldedScalarString(text)
        lines = textwrap.wrap(text, max(width, 20), break_long_words=False, break_on_hyphens=False)
        positions, at = [], 0
        for line in lines[:-1]:
            at += len(line)
            positions.append(at)
            at += 1
        new.fold_pos = positions
        return new
    if isinstance(old, LiteralScalarString):
        return LiteralScalarString(text + ("\n" if str(old).endswith("\n") else ""))
    if type(old) is not str:  # quoted: the same quotes around the new words
        return type(old)(text)
    return text


def _segment_lengths(text: str, folds: list[int]) -> list[int]:
    if len(folds) == 0:
        return []
    edges = [0, *[f + 1 for f in folds], len(text) + 1]
    return [edges[i + 1] - edges[i] - 1 for i in range(len(edges) - 1)]


def _only_that_string(before: str, after: str, location: Location) -> None:
    """One changed block of lines, starting at the edited value: nothing else in the file moved."""
    blocks = [op for op in difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(),
                                                   autojunk=False).get_opcodes() if op[0] != "equal"]
    if len(blocks) != 1 or blocks[0][1] < location.line:
        raise EditRefused(f"{location.file}: saving would change more than this line; edit it by hand")


def unified(file: str, before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                        f"a/{file}", f"b/{file}", n=1))


class Editor:
    """The content folder being edited: where each line lives, and what was changed in it."""

    def __init__(self, directory: Path, files: tuple[str, ...]) -> None:
        self.directory = directory
        self.files = files
        self.changes: list[Change] = []
        self.index = SourceIndex({})
        self.reindex()

    def reindex(self) -> None:
        self.index = SourceIndex({name: load(text) for name, text in read_sources(self.directory).items()})

    def locate(self, name: str, parts: list) -> Location | str:
        return self.index.locate(name, parts)

    def edited_sources(self, location: Location, text: str) -> dict[str, str]:
        """Every content file's text, with this one string changed."""
        sources = read_sources(self.directory)
        sources[location.file] = replaced(sources[location.file], location, normal(text))
        return sources

    def check(self, location: Location, text: str) -> Content:
        """The content after the edit; EditRefused with the validator's message if it would break."""
        if not normal(text):
            raise EditRefused(f"{location.file}: the line is empty")
        try:
            return parse_sources(self.edited_sources(location, text))
        except ContentError as error:
            raise EditRefused(str(error)) from None

    def save(self, name: str, location: Location, text: str) -> Change:
        self.check(location, text)
        path = self.directory / location.file
        before = path.read_text(encoding="utf-8")
        after = replaced(before, location, normal(text))
        partial = path.with_suffix(f".{os.getpid()}.editing")
        partial.write_text(after, encoding="utf-8")
        os.replace(partial, path)  # atomic: a crash leaves the old file or the new one, never half
        change = Change(name, location.file, location.text, normal(text),
                        unified(location.file, before, after))
        self.changes.append(change)
        self.reindex()
        return change
