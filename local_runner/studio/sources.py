"""Where each spoken line is written: the YAML scalar it comes from, found in the round-trip tree.

Nothing here knows the content's layout. Every string in every content file is
indexed with the keys and ids above it; a spoken line is matched to the string
its words come from (a `{number}` template matches the words it is spoken as),
and when the same words are written in two places, the one whose keys and ids
share most with the line's name wins. A new file or key is found the same way.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from skill.ssml import Part
from skill.ssml import to_text as plain_text

_PLACEHOLDER = re.compile(r"\{\w+\}")


@dataclass(frozen=True)
class Location:
    """One string in one file: the keys and list positions leading to it."""

    file: str
    path: tuple[str | int, ...]
    text: str  # as the loader reads it: whitespace collapsed
    line: int  # 0-based line of the value in the file


def round_trip() -> YAML:
    """ruamel.yaml set to write back our files' layout: 2-space maps, lists indented under their key."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # folded text keeps its own line breaks (see `folded`), nothing else is wrapped
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(text: str) -> Any:
    return round_trip().load(text)


def dump(tree: Any) -> str:
    out = io.StringIO()
    round_trip().dump(tree, out)
    return out.getvalue()


def normal(text: str) -> str:
    return " ".join(text.split())


def strings(file: str, tree: Any) -> list[tuple[Location, tuple[str, ...]]]:
    """Every string value in a file, with the words naming its place (keys, ids, positions)."""
    found: list[tuple[Location, tuple[str, ...]]] = []

    def walk(node: Any, path: tuple[str | int, ...], names: tuple[str, ...]) -> None:
        if isinstance(node, CommentedMap):
            own = names + ((str(node["id"]),) if isinstance(node.get("id"), str) else ())
            for key, value in node.items():
                if isinstance(value, str):
                    found.append((Location(file, path + (key,), normal(value), node.lc.value(key)[0]),
                                  own + (str(key),)))
                else:
                    walk(value, path + (key,), own + (str(key),))
        elif isinstance(node, CommentedSeq):
            for index, value in enumerate(node):
                if isinstance(value, str):
                    found.append((Location(file, path + (index,), normal(value), node.lc.item(index)[0]),
                                  names + (str(index),)))
                else:
                    walk(value, path + (index,), names + (str(index),))

    walk(tree, (), (file.removesuffix(".yaml"), file.removesuffix(".yaml").rstrip("s")))
    return found


class SourceIndex:
    """Every string of every content file, and the spoken lines matched to them."""

    def __init__(self, trees: dict[str, Any]) -> None:
        self._by_text: dict[str, list[tuple[Location, tuple[str, ...]]]] = {}
        self._templates: list[tuple[list[str], Location, tuple[str, ...]]] = []
        for file, tree in trees.items():
            for location, names in strings(file, tree):
                self._by_text.setdefault(location.text, []).append((location, names))
                if _PLACEHOLDER.search(location.text):
                    pieces = [piece.strip() for piece in _PLACEHOLDER.split(location.text)]
                    self._templates.append((pieces, location, names))

    def locate(self, name: str, parts: list[Part]) -> Location | str:
        """The string a line is spoken from, or why it cannot be edited here."""
        candidates = [pair for part in parts if isinstance(part, str) for pair in self._by_text.get(part, [])]
        spoken = plain_text(parts)
        candidates += [(location, names) for pieces, location, names in self._templates
                       if _spoken_as(pieces, spoken)]
        if not candidates:
            return "its words are not written as one string in a content file"
        wanted = set(name.split("."))
        # The place named most like the line, then the string that says most of it.
        scored = {((len(wanted & set(names)), len(location.text)), location)
                  for location, names in candidates}
        top = max(score for score, _location in scored)
        best = [location for score, location in scored if score == top]
        if len(best) > 1:
            places = ", ".join(f"{loc.file} line {loc.line + 1}" for loc in best)
            return f"the same words are written in several places ({places}); edit the file by hand"
        return best[0]


def _spoken_as(pieces: list[str], spoken: str) -> bool:
    """Whether a {placeholder} text, split at its placeholders, can be heard as `spoken`."""
    if not (spoken.startswith(pieces[0]) and spoken.endswith(pieces[-1])):
        return False
    position = len(pieces[0])
    for piece in pieces[1:-1]:
        position = spoken.find(piece, position)
        if position < 0:
            return False
        position += len(piece)
    return position <= len(spoken) - len(pieces[-1])
