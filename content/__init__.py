"""The spoken content of Closer Again: YAML files, their loader and validator."""

from content.loader import Content, Idea, load_content
from content.validator import ContentError

__all__ = ["Content", "ContentError", "Idea", "load_content"]
