"""What programmes, favourites and the follow-up keep across sessions, and how it is read back.

Only ids, counts and ISO dates: never anything a listener said. Every value
that comes back from a request or the store is checked here, since either can
carry anything. The session attribute and the stored field share one name.
"""

from __future__ import annotations

from datetime import date
from typing import Any

# {"id", "night": index of the next step, "last": ISO date heard, "paused": bool, "stopped": bool}
PROGRAMME = "programme"
FAVOURITES = "favourites"  # [{"kind", "id"}], oldest first
LAST_ITEM = "last_item"  # {"kind", "id"}: the last idea, question, opener, reflection or step heard
FOLLOW = "follow"  # {"idea": id, "date": ISO date}: the idea to ask about next session
ASKED_ABOUT = "asked_about"  # ids of ideas already asked about, so none is asked twice
WAY_SCORES = "way_scores"  # {way id: score}: what "how did it go" taught, steering ideas
PROGRAMMES_DONE = "programmes_done"  # ids of programmes finished

KEPT_KEYS = (PROGRAMME, FAVOURITES, LAST_ITEM, FOLLOW, ASKED_ABOUT, WAY_SCORES, PROGRAMMES_DONE)
# Session only, never stored, but cleared by "forget me" with the rest.
FOLLOW_NEXT = "follow_next"  # the idea heard this turn; FOLLOW once a later turn passes without a disclosure
ASKING_ABOUT = "follow_up_idea"  # the idea "how did it go?" is asking about
PLAYING_KIND = "favourite_kind"  # the kind of favourite asked for, so "another" brings the same kind
SESSION_KEYS = (FOLLOW_NEXT, ASKING_ABOUT, PLAYING_KIND)
MAX_FAVOURITES = 100
MAX_ASKED_ABOUT = 200
SCORE_LIMIT = 6  # a way's score stays within ±6, so one kind never locks the others out
ITEM_KINDS = frozenset({"idea", "question", "opener", "reflection", "step"})


def _id(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 80


def _iso_date(value: Any) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def item(value: Any) -> dict[str, str] | None:
    if isinstance(value, dict) and value.get("kind") in ITEM_KINDS and _id(value.get("id")):
        return {"kind": value["kind"], "id": value["id"]}
    return None


def programme(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict) or not _id(value.get("id")):
        return None
    night = value.get("night")
    if isinstance(night, bool) or not isinstance(night, int) or not 0 <= night < 100:
        return None
    clean: dict[str, Any] = {"id": value["id"], "night": night, "paused": value.get("paused") is True}
    if value.get("stopped") is True:
        clean["stopped"] = True
    if _iso_date(value.get("last")):
        clean["last"] = value["last"]
    return clean


def favourites(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list):
        return []
    kept = [entry for entry in (item(v) for v in value) if entry is not None]
    return kept[-MAX_FAVOURITES:]


def follow(value: Any) -> dict[str, str] | None:
    if isinstance(value, dict) and _id(value.get("idea")) and _iso_date(value.get("date")):
        return {"idea": value["idea"], "date": value["date"]}
    return None


def ids(value: Any, limit: int = MAX_ASKED_ABOUT) -> list[str]:
    if not isinstance(value, list):
        return []
    return [v for v in value if _id(v)][-limit:]


def way_scores(value: Any) -> dict[str, int]:
    if not isinstance(value, dict):
        return {}
    return {way: max(-SCORE_LIMIT, min(SCORE_LIMIT, score)) for way, score in value.items()
            if _id(way) and isinstance(score, int) and not isinstance(score, bool) and score}


_CHECKS = {
    PROGRAMME: programme, FAVOURITES: favourites, LAST_ITEM: item, FOLLOW: follow,
    ASKED_ABOUT: ids, WAY_SCORES: way_scores, PROGRAMMES_DONE: ids,
}


def clean(key: str, value: Any) -> Any:
    """The value checked for its key; None or empty when it is not sound."""
    return _CHECKS[key](value)


def record(session: dict[str, Any]) -> dict[str, Any]:
    """The kept fields of a session worth storing (sound and not empty)."""
    kept = {}
    for key in KEPT_KEYS:
        value = clean(key, session.get(key))
        if value:
            kept[key] = value
    return kept


def recall(stored: dict[str, Any], session: dict[str, Any]) -> None:
    """Put the stored kept fields back into a new session."""
    for key in KEPT_KEYS:
        value = clean(key, stored.get(key))
        if value:
            session[key] = value
