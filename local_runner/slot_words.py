"""Words that point to one slot value, for phrasings the listed synonyms miss.

Alexa fills a slot with words it has not been given as synonyms, from what it
learnt of the slot type; "our newborn" still means new parents. Locally, a
word that occurs in the values and synonyms of exactly one value of a type
(such as "newborn", "cheated" or "wheelchair") stands for that value when no
listed synonym of the type is in the sentence. Common words, and any word of
the intents' own samples ("talk", "partner", "help"), never count.
"""

from __future__ import annotations

import contextlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

# Words too common to say which value was meant, whatever the slot type.
_COMMON = frozenset("""
a about after again all always an and any are as at back be been being but by can couple days did
do does doesn't don't each even every feel feeling feels for from get gets go going got had has
have he he's her here him his how i i'm i've in is it it's just last like lost lot me more most much my
never no not now of off on one only or other our out over really she she's so some still than
that the their them then there they this those time to too two up us very want wanted wants
was we we're we've were what when where which who why will with won't would you your you're
""".split()) | frozenset("""
across almost alone apart arrived attack away became becoming blow broken brother busy changing city
cold country daughter deal different drive drives fall falling feet fell fine finishes first gain great
heart heavy higher hour hours interest job laid leaves levels light long lots lower lying making marks
match miles night nights often original pass physical post pretty problem quality quite real same
searching second seen shell ships simple skip snap sort soul spread starts states term thin twelve
usual week weekend wind work
""".split())  # everyday words the synonyms grown in issue 19 contain: "hang on a second" is no baby
MIN_LETTERS = 4


def value_words(
    synonyms: Iterable[tuple[str, str, str, str]], carrier: Iterable[str]
) -> dict[str, dict[str, tuple[str, str]]]:
    """For each slot type: word -> (value id, value name), only for words of a single value.

    `synonyms` are (phrase, slot type, value id, value name); `carrier` is the
    text of every sample, whose words say what is asked, not which value.
    """
    ignored = _COMMON | {word for text in carrier for word in text.split()}
    owners: dict[str, dict[str, set[tuple[str, str]]]] = defaultdict(lambda: defaultdict(set))
    for phrase, slot_type, value_id, name in synonyms:
        for word in phrase.split():
            if len(word) >= MIN_LETTERS and word not in ignored:
                owners[slot_type][word].add((value_id, name))
    return {slot_type: {word: next(iter(values)) for word, values in words.items() if len(values) == 1}
            for slot_type, words in owners.items()}


WordsBySlotType = dict[str, dict[str, tuple[str, str]]]


def cached_value_words(
    cache: Path, synonyms: list[tuple[str, str, str, str]], samples: list[str],
    near_misses: Callable[[], set[str]],
) -> WordsBySlotType:
    """value_words, with the model's near misses left out of the carrier, kept in `cache`.

    Near misses ("our toddler hits us in his sleep") are whole everyday
    sentences, not ways of asking, so their words may still name a value. Only
    the intent definitions say which samples they are, and reading those costs
    a cold start, so the result is cached beside the trained matcher.
    """
    with contextlib.suppress(OSError, ValueError, TypeError):
        return {slot_type: {word: (value[0], value[1]) for word, value in words.items()}
                for slot_type, words in json.loads(cache.read_text(encoding="utf-8")).items()}
    leave_out = near_misses()
    words = value_words(synonyms, [text for text in samples if text not in leave_out])
    with contextlib.suppress(OSError):
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(words), encoding="utf-8")
    return words
