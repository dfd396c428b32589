"""AWS Lambda entry point: handler `skill.lambda_function.lambda_handler`."""

from __future__ import annotations

from typing import Any

from skill.builder import build_skill
from skill.invoke import answer
from skill.persistence import adapter_from_environment

# Built once per container, at cold start, so content is validated before the
# first request and every warm request reuses it.
SKILL = build_skill(persistence_adapter=adapter_from_environment())


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return answer(SKILL, event, context)
