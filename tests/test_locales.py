"""One English for each of five countries: lines worded per locale, checked as each locale hears them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import CATALOG, CONTENT, Talk
from content import ContentError, load_content
from content.loader import DATA_DIR
from content.locales import differences

LOCALES = CATALOG.skill["locales"]
# Words an American listener would not hear as meant ("row" is heard as a line, not a fight).
BRITISH_ONLY = [r"\brows?\b", r"\bflatmates?\b", r"\brotas?\b", r"\ba lie in\b", r"\bmums?\b", r"\bnappy\b",
                r"\bnappies\b", r"\bfortnight\b", r"\bqueue\b", r"\bpostnatal\b", r"\bGP\b", r"\bpram\b",
                r"\bholidays?\b", r"\bwhilst\b", r"\bmobile phone\b", r"\bhealth visitor\b"]
# And the reverse, where it matters to a British, Australian or Indian listener.
AMERICAN_ONLY = [r"\bmoms?\b", r"\bdiapers?\b", r"\bvacations?\b", r"\bpostpartum\b", r"\bstroller\b",
                 r"\bsleeping in\b", r"\bcell phone\b", r"\bpediatrician\b"]
NOT_AMERICAN = ("en-GB", "en-AU", "en-IN")


def spoken_texts(value) -> list[str]:
    """Every line the content can speak, found by walking it (ids have no spaces and start lower case)."""
    if isinstance(value, str):
        return [value] if " " in value or value[:1].isupper() else []
    if isinstance(value, dict):
        return [text for item in value.values() for text in spoken_texts(item)]
    if isinstance(value, (tuple, list)):
        return [text for item in value for text in spoken_texts(item)]
    if hasattr(value, "__dict__"):
        return [text for key, item in vars(value).items() if not key.startswith("_") and key not in UNSPOKEN
                for text in spoken_texts(item)]
    return []


# Never spoken as they are: disclosure patterns, the variants table, and safety (walked per locale below).
UNSPOKEN = ("variants", "variant_fields", "screening", "safety")


def heard_in(locale: str) -> list[str]:
    content = CONTENT.localized(locale)
    return spoken_texts(content) + spoken_texts(content.safety_for(locale))


def found(patterns: list[str], texts: list[str]) -> list[str]:
    return [f"{pattern}: {text[:70]}" for text in texts for pattern in patterns
            if re.search(pattern, text, re.IGNORECASE if pattern != r"\bGP\b" else 0)]


def test_the_content_serves_exactly_the_skills_locales():
    assert set(CONTENT.safety) - {"default"} == set(LOCALES)
    assert set(CONTENT.variants) <= set(LOCALES)


def test_no_british_only_words_reach_an_american_listener():
    assert len(heard_in("en-US")) > 500
    assert found(BRITISH_ONLY, heard_in("en-US")) == []


@pytest.mark.parametrize("locale", NOT_AMERICAN)
def test_no_american_only_words_reach_british_australian_or_indian_listeners(locale):
    assert found(AMERICAN_ONLY, heard_in(locale)) == []


def test_the_word_check_would_catch_a_stray_word():
    assert found(BRITISH_ONLY, ["After a row, take a walk."]) and found(AMERICAN_ONLY, ["Ask your mom."])
    assert not found(BRITISH_ONLY, ["Sit in a row of chairs? No: after a fight, walk."][1:])


@pytest.mark.parametrize("locale,word", [
    ("en-US", "roommates"), ("en-GB", "flatmates"), ("en-AU", "housemates"), ("en-IN", "roommates"),
    ("en-CA", "roommates"),
])
def test_each_locale_hears_its_own_words_through_the_skill(locale, word):
    talk = Talk(locale)
    heard = talk.intent("ConversationStarterIntent", topic="feeling like roommates").card
    heard += talk.intent("AMAZON.NextIntent").card  # the topic's other opener
    assert f"feel like {word}" in heard, heard


@pytest.mark.parametrize("locale,help_from", [
    ("en-US", "1-833-852-6262"), ("en-GB", "health visitor"), ("en-AU", "1 3 0 0, 7 2 6, 3 0 6"),
    ("en-IN", "1 4 4 1 6"), ("en-CA", "family doctor"),
])
def test_new_parents_hear_where_to_get_help_in_their_own_country(locale, help_from):
    idea = CONTENT.localized(locale).idea("pnd_where_to_call")
    assert help_from in idea.say and idea.sources
    talk = Talk(locale)
    heard = [talk.intent("ReconnectionIdeaIntent", situation="we just had a baby").card]
    heard += [talk.intent("AMAZON.NextIntent").card for _ in range(12)]
    assert any(help_from in card for card in heard)


def test_localized_content_is_the_default_with_only_the_variants_swapped():
    british = CONTENT.localized("en-GB")
    assert british is CONTENT.localized("en-GB") and CONTENT.localized("en-US") is CONTENT
    assert british.localized("en-US") is CONTENT  # always from the default wording
    changed = [(a, b) for a, b in differences(CONTENT, british)]
    assert len(changed) == len(CONTENT.variants["en-GB"])


# --- an editor's mistakes: one clear message -------------------------------

@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def set_idea_say(directory: Path, value) -> None:
    path = directory / "ideas.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["ways"][0]["ideas"][0]["say"] = value
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("value,problem", [
    ({"default": "Hold hands tonight.", "en-NZ": "Hold hands tonight, mate."},
     "override 'en-NZ' is not a locale the skill serves"),
    ({"en-US": "Hold hands.", "en-GB": "Hold hands."}, "no default and no text for en-AU, en-CA, en-IN"),
    ({"default": "Hold hands tonight.", "en-GB": "word " * 31},
     "31 words, more than the 30 allowed (in the en-GB"),
    ({"default": "Hold hands tonight.", "en-AU": "Hold <b>hands</b>."}, "< or >"),
])
def test_a_wrong_variant_is_named_with_its_file_item_and_locale(data, value, problem):
    set_idea_say(data, value)
    with pytest.raises(ContentError) as caught:
        load_content(data)
    assert str(caught.value).startswith("ideas.yaml: gentle_opener"), str(caught.value)
    assert problem in str(caught.value)


def test_a_line_worded_for_every_locale_needs_no_default(data):
    set_idea_say(data, {locale: f"Hold hands tonight, said for {locale}." for locale in LOCALES})
    content = load_content(data)
    assert content.localized("en-AU").ideas[0].say == "Hold hands tonight, said for en-AU."
    assert content.ideas[0].say == "Hold hands tonight, said for en-US."
