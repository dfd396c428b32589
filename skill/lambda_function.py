"""AWS Lambda entry point: handler `skill.lambda_function.lambda_handler`."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# The SDK, imported first and as any skill imports it (outside the pause below).
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder  # noqa: F401

from skill.invoke import answer


@contextmanager
def long_lived() -> Iterator[None]:
    """For objects that live as long as the container: the collector neither runs while they
    are made nor looks at them again afterwards.

    Loading the handlers and the content makes thousands of such objects; the
    collector, triggered by the count of new objects, would scan them again and
    again and find nothing to free: a few milliseconds of every cold start
    (Mercurial pauses it the same way while it builds large structures,
    `util.nogc`), more in every later full collection, and more again when the
    interpreter exits. `gc.freeze` (Python 3.7+) moves them to a permanent
    generation that no collection visits; Instagram's web servers do this for
    what they build before serving.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _build() -> CustomSkill:
    with long_lived():
        # Imported here, inside the pause: these are the modules the cold start builds.
        from skill.builder import build_skill
        from skill.persistence import adapter_from_environment

        return build_skill(persistence_adapter=adapter_from_environment())


# Built once per container, at cold start, so content is validated before the
# first request and every warm request reuses it.
SKILL = _build()


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return answer(SKILL, event, context)
