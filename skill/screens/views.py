"""The APL documents and what fills them: one document per view, datasources built from the turn.

Views and the datasource each document binds as `payload`:

  answer      {"answer": {"title", "text", "actions": [ACTION]}}
  question    {"question": {"title", "text", "hint", "actions": [ACTION]}}
  check_in    {"checkIn": {"title", "question", "choices": [ACTION]}}
  reflection  {"step": {"title", "progress", "number", "count", "text", "breathSeconds", "actions": [ACTION]}}

ACTION is {"label", "intent", "slot", "value"}: a touch sends the intent (with
the slot set to the value, when a slot is named), answered as that voice
request would be.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

DOCUMENTS_DIR = Path(__file__).parent / "documents"
DOCUMENT_FILES = {
    "answer": "answer.json",
    "question": "question.json",
    "check_in": "checkin.json",
    "reflection": "reflection.json",
}
DATASOURCE_KEYS = {"answer": "answer", "question": "question", "check_in": "checkIn", "reflection": "step"}
BREATH_SECONDS = 4  # one slow breath in, one out, with the circle


@functools.cache
def document(view: str) -> dict[str, Any]:
    return json.loads((DOCUMENTS_DIR / DOCUMENT_FILES[view]).read_text(encoding="utf-8"))


@functools.cache
def settings() -> dict[str, Any]:
    return json.loads((Path(__file__).parent / "views.json").read_text(encoding="utf-8"))


def title(kind: str | None) -> str:
    titles = settings()["titles"]
    return titles.get(kind or "", titles["default"])


def action(label: str, intent: str, slot: str = "", value: str = "") -> dict[str, str]:
    """Every key present, so the document never binds to something missing."""
    return {"label": label, "intent": intent, "slot": slot, "value": value}


def actions(kind: str | None) -> list[dict[str, str]]:
    table = settings()["actions"]
    return [action(**entry) for entry in table.get(kind or "", table["default"])]


def menu() -> dict[str, Any]:
    data = settings()["menu"]
    return {"title": data["title"], "question": data["question"],
            "choices": [action(**entry) for entry in data["choices"]]}


def question_for_two(text: str) -> dict[str, Any]:
    """A question for two in large type, with a button for the next one."""
    return {"title": title("question_for_two"), "text": text, "hint": settings()["question_hint"],
            "actions": actions("question_for_two")}


def check_in_question(question: str, choices: dict[str, str]) -> dict[str, Any]:
    """A check-in question with its answers as buttons: yes, no and not sure, or its own choices.

    `choices` maps an answer id of CheckInAnswerType to its label; each button
    sends CheckInAnswerIntent with that id, as the spoken answer would.
    """
    answers = choices or settings()["check_in_answers"]
    return {"title": title("check_in"), "question": question,
            "choices": [action(label, "CheckInAnswerIntent", "answer", answer_id)
                        for answer_id, label in answers.items()]}


def reflection_step(number: int, count: int, text: str) -> dict[str, Any]:
    return {
        "title": title("reflection"),
        "progress": f"Step {number} of {count}",
        "number": number,
        "count": count,
        "text": text,
        "breathSeconds": BREATH_SECONDS,
        # Every step ends "say, Alexa, next", the last one too (it leads to goodnight).
        "actions": actions("reflection"),
    }


def datasources(view: str, data: dict[str, Any]) -> dict[str, Any]:
    return {DATASOURCE_KEYS[view]: data}
