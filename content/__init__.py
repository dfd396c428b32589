"""The spoken content of Closer Again: YAML files, their loader and validator."""

from content.errors import ContentError
from content.items import Content, Idea
from content.loader import load_content

__all__ = ["Content", "ContentError", "Idea", "load_content"]
