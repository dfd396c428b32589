"""The skill's logger, imported on first use.

Importing logging adds about 2 ms to a cold start (a tenth of what the skill
may add over a bare SDK skill), and most requests log nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging

NAME = "closer_again"


def logger() -> logging.Logger:
    import logging

    log = logging.getLogger(NAME)
    if log.level == logging.NOTSET:
        log.setLevel(logging.INFO)  # session-end reasons and rejections are worth keeping
    return log


def clip(value: object, limit: int = 300) -> str:
    """A value safe to log: at most `limit` characters, so hostile input cannot flood the log."""
    text = str(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"
