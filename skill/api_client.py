"""The client the skill calls Alexa's APIs with: the SDK's DefaultApiClient, bounded in time.

DefaultApiClient waits forever by default, and Alexa gives a skill about eight
seconds to answer, so every call here has a timeout. It is created on first
use, because importing it imports `requests`, which no cold start should pay
for unless a turn really calls an Alexa API.
"""

from __future__ import annotations

import contextvars
import functools
import os
from typing import Any

from ask_sdk_model.services import ApiClient, ApiClientRequest, ApiClientResponse

TIMEOUT_SECONDS = 3.0
TIMEOUT_VARIABLE = "CLOSER_ALEXA_API_TIMEOUT"  # seconds, to shorten or lengthen the default
# The CA file to verify Alexa's API with instead of the usual roots: only the
# local runner's simulated Alexa API sets it.
CA_VARIABLE = "CLOSER_ALEXA_API_CA"


# The HTTP status of the last Alexa API answer in this context. The SDK raises
# a SerializationException, losing the status, when an error body does not fit
# its model; this keeps the status so the failure can still be reported.
_last_status: contextvars.ContextVar[int] = contextvars.ContextVar("last_status", default=0)


def last_status() -> int:
    return _last_status.get()


def timeout() -> float:
    try:
        return float(os.environ.get(TIMEOUT_VARIABLE) or TIMEOUT_SECONDS)
    except ValueError:
        return TIMEOUT_SECONDS


class TimedApiClient(ApiClient):
    def __init__(self) -> None:
        self._client: Any = None

    def invoke(self, request: ApiClientRequest) -> ApiClientResponse:
        if self._client is None:
            self._client = _bounded_default_client()
        _last_status.set(0)
        response = self._client.invoke(request)
        _last_status.set(response.status_code or 0)
        return response


def _bounded_default_client() -> Any:
    from ask_sdk_core.api_client import DefaultApiClient

    class _Bounded(DefaultApiClient):
        def _resolve_method(self, request: ApiClientRequest) -> Any:
            method = super()._resolve_method(request)
            options: dict[str, Any] = {"timeout": timeout()}
            ca_file = os.environ.get(CA_VARIABLE)
            if ca_file:
                options["verify"] = ca_file
            return functools.partial(method, **options)

    return _Bounded()
