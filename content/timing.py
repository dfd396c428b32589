"""How long a reflection lasts when Alexa plays it, and its paced breaths.

A step's script is a list of beats: text (spoken) and numbers (seconds of
silence). A counted breath is expanded here into words and short silences,
so the handlers, the APLA builder and the preview all hear the same thing.
Plain data only: no SSML is written here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

WORDS_PER_MINUTE = 150  # Alexa's pace, taken as the planning figure
MAX_RESPONSE_SECONDS = 240  # Amazon: the whole audio of one APLA response
MIN_REFLECTION_SECONDS = 150  # a reflection is at least two and a half minutes
COUNT_GAP_SECONDS = 0.6  # between counted numbers: with the word, about a second a count
BREATH_TURN_SECONDS = 0.5  # between the in-breath and the out-breath
_NUMBERS = ("one", "two", "three", "four", "five", "six", "seven", "eight")
MAX_COUNT = len(_NUMBERS)

Beat = str | float  # text to say, or seconds of silence


def breath(count_in: int, count_out: int) -> list[Beat]:
    """'In, two, three, four. Out, two, ... six.' with a short silence after each count."""
    beats: list[Beat] = []
    for first, count in (("In", count_in), ("Out", count_out)):
        words = [first, *_NUMBERS[1:count]]
        for index, word in enumerate(words):
            last = index == len(words) - 1
            beats.append(word + ("." if last else ","))
            beats.append(BREATH_TURN_SECONDS if last else COUNT_GAP_SECONDS)
    return beats


def word_count(text: str) -> int:
    return len(text.split())


def spoken_seconds(text: str) -> float:
    return word_count(text) * 60 / WORDS_PER_MINUTE


def seconds(beats: Iterable[Beat]) -> float:
    """Speech at 150 words a minute plus every silence."""
    return sum(b if isinstance(b, (int, float)) else spoken_seconds(b) for b in beats)


def words(beats: Sequence[Beat]) -> str:
    """The spoken words alone, as one line (a screen, a card)."""
    return " ".join(b for b in beats if isinstance(b, str))


def silence(beats: Sequence[Beat]) -> float:
    return sum(b for b in beats if isinstance(b, (int, float)) and not isinstance(b, bool))
