"""YAML loading that refuses duplicate keys.

PyYAML keeps the last of two equal keys without a word, so a second `say:` in
an idea, or a second `help:` list, would silently replace the first. Here it
is an error with its line number.
"""

from typing import Any

import yaml

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when PyYAML has it


class _UniqueKeyLoader(_Base):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


def load(text: str) -> Any:
    """Parse YAML safely; yaml.YAMLError (with a problem_mark) on a duplicate key."""
    return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
