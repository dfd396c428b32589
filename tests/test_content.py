"""The content files: coverage of the article, limits, and clear errors when broken."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import CATALOG, CONTENT, FIXTURES
from content import ContentError, load_content
from content.loader import DATA_DIR
from content.validator import word_count
from intents.handlers.topics import NEXT_STEP


def test_at_least_24_ideas_across_the_seven_ways():
    assert len(CONTENT.ideas) >= 24
    assert len(CONTENT.ways) == 7
    assert all(len(way.idea_ids) >= 3 for way in CONTENT.ways)


def test_every_idea_is_short_tagged_and_has_a_longer_form():
    for idea in CONTENT.ideas:
        assert idea.causes
        assert word_count(idea.say) <= 45
        assert word_count(idea.more) <= 90
        assert word_count(idea.more) > word_count(idea.say)


def test_every_cause_has_several_ideas():
    for cause in CONTENT.causes:
        assert sum(cause in idea.causes for idea in CONTENT.ideas) >= 3, cause


def test_causes_match_the_cause_slot_type():
    assert set(CONTENT.causes) == {"stress", "conflict", "needs", "body_image", "routine"}
    assert {value.id for value in CATALOG.slot_types["CauseType"]} == set(CONTENT.causes)


def test_the_five_signs_are_all_named_two_or_three_at_a_time():
    for first in CONTENT.signs.first:
        for rest in CONTENT.signs.rest:
            signs = f"{first} {rest}".lower()
            for sign in ("routine", "affection", "lonely", "afterwards", "avoid"):
                assert sign in signs, (sign, first, rest)
    assert all(sum(s in first.lower() for s in ("routine", "affection", "lonely")) == 3
               for first in CONTENT.signs.first)


def test_signs_and_causes_have_at_least_two_phrasings():
    assert len(set(CONTENT.signs.first)) >= 2 and len(set(CONTENT.signs.rest)) >= 2
    assert len(set(CONTENT.causes_overview.say)) >= 2


def test_the_first_opener_warns_against_blame():
    starter = CONTENT.opener("miss_us")
    assert "how has it been for you" in starter.say.lower()
    assert "blame" in starter.more.lower() or "faults" in starter.say.lower()


def test_seek_help_mentions_couples_therapy():
    assert "couples therapist" in CONTENT.topics["seek_help"].say


def test_every_phrase_list_has_three_or_more_distinct_phrasings():
    for name, options in {**CONTENT.phrases, **CONTENT.followups}.items():
        assert len(set(options)) >= 3, name


def test_every_short_turn_fits_about_twenty_seconds():
    """At Alexa's pace of about 160 words a minute, 55 words is roughly 20 seconds."""
    longest = {kind: max(word_count(q) for q in CONTENT.followups[kind]) for kind in CONTENT.followups}
    intros = CONTENT.phrases["idea_intro"] + CONTENT.phrases["cause_idea_intro"]
    intro = max(word_count(p) + 3 for p in intros)  # room for the longest cause name
    caution = max(word_count(info.messages["therapy_caution"]) for info in CONTENT.safety.values())

    referral = max(word_count(p) for p in CONTENT.phrases["referral_intro"])
    situation = max(word_count(p) + 5 for p in CONTENT.phrases["situation_idea_intro"])  # the longest name

    def idea_turn(idea) -> int:  # a referral has its own intro; couples therapy carries the safety caution
        lead = referral if idea.refers else max(intro, situation if idea.situations else 0)
        return lead + word_count(idea.say) + (caution if "couples_therapist" in idea.refers else 0)

    turns = [idea_turn(idea) + longest["another_idea"] for idea in CONTENT.ideas]
    turns += [word_count(t.say) + longest[NEXT_STEP[name]] for name, t in CONTENT.topics.items()]
    turns.append(word_count(CONTENT.topics["seek_help"].say) + caution + longest["reflection"])
    turns += [word_count(c.say) + longest["idea_for_cause"] for c in CONTENT.causes.values()]
    turns += [word_count(p) + longest["open"] for p in CONTENT.phrases["help"] + CONTENT.phrases["welcome"]]
    assert max(turns) <= 55


def test_every_reflection_has_five_to_seven_steps():
    assert all(5 <= len(r.steps) <= 7 for r in CONTENT.reflections.values())


def test_nothing_is_copied_from_the_article():
    """No run of eight words is shared with the source article."""

    def words(text: str) -> list[str]:
        return re.findall(r"[a-z']+", text.lower().replace("\u2019", "'"))

    source = words((FIXTURES / "source-article.txt").read_text(encoding="utf-8"))
    grams = {tuple(source[i:i + 8]) for i in range(len(source) - 7)}
    for path in DATA_DIR.glob("*.yaml"):
        text = words(path.read_text(encoding="utf-8"))
        copied = [" ".join(text[i:i + 8]) for i in range(len(text) - 7) if tuple(text[i:i + 8]) in grams]
        assert not copied, f"{path.name} copies the article: {copied[0]}"


# --- broken content: one clear message naming the file, the item and the problem ---

@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit(directory: Path, name: str, change) -> None:
    path = directory / name
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")


def first_idea(raw):
    return raw["ways"][0]["ideas"][0]


BROKEN = [
    ("ideas.yaml", lambda r: first_idea(r).pop("more"), "gentle_opener", "missing required key more"),
    ("ideas.yaml", lambda r: first_idea(r).update(say=42), "gentle_opener.say", "expected text"),
    ("ideas.yaml", lambda r: first_idea(r).update(say="   "), "gentle_opener.say", "text is empty"),
    ("ideas.yaml", lambda r: first_idea(r).update(say="word " * 46), "gentle_opener.say", "46 words"),
    ("ideas.yaml", lambda r: first_idea(r).update(more="word " * 91), "gentle_opener.more", "91 words"),
    ("ideas.yaml", lambda r: first_idea(r).update(causes=["boredom"]), "gentle_opener", "'boredom'"),
    ("ideas.yaml", lambda r: first_idea(r).update(mroe="typo"), "gentle_opener", "unknown key 'mroe'"),
    # A misspelt key is named as unknown, with its likely meaning, not only as a missing one.
    ("ideas.yaml", lambda r: first_idea(r).update(mroe=first_idea(r).pop("more")), "gentle_opener",
     "unknown key 'mroe' (did you mean 'more'?)"),
    ("ideas.yaml", lambda r: first_idea(r).update(say="Hold <b>hands</b>"), "gentle_opener.say", "< or >"),
    ("ideas.yaml", lambda r: first_idea(r).update(say="Hi\x07 there"), "gentle_opener.say", "control"),
    ("ideas.yaml", lambda r: first_idea(r).update(id="feel_loved_when"), "ideas", "duplicate id"),
    ("ideas.yaml", lambda r: first_idea(r).update(id="Bad Id"), "Bad Id", "lowercase"),
    ("causes.yaml", lambda r: r["causes"][0].update(more=None), "stress.more", "expected text, got nothing"),
    ("topics.yaml", lambda r: r.pop("signs"), "-", "missing required key signs"),
    ("phrases.yaml", lambda r: r.update(help=["only one"]), "help", "at least 3"),
    ("phrases.yaml", lambda r: r.update(goodbye=["Bye {name}.", "b", "c"]), "goodbye[0]", "placeholder"),
    ("phrases.yaml", lambda r: r["followups"].pop("idea"), "followups", "missing required key idea"),
    ("reflections.yaml", lambda r: r["reflections"][0].update(steps=r["reflections"][0]["steps"][:4]),
     "reconnect.steps", "at least 5"),
    ("reflections.yaml", lambda r: r["reflections"][0]["steps"][0]["script"].append({"breathe": [4, 20]}),
     "reconnect.settle.script[5].breathe", "from 2 to 8"),
    ("reflections.yaml", lambda r: r["reflections"][1]["steps"][0]["script"].append(31),
     "wind_down.arrive.script[5]", "from 1 to 30"),
    ("reflections.yaml", lambda r: r["reflections"][1]["steps"][0].update(pause_seconds=20),
     "wind_down.arrive", "unknown key 'pause_seconds'"),
    ("reflections.yaml", lambda r: r["reflections"][1].update(closing="Goodnight, you two."),
     "wind_down.closing", "must end with the word goodnight"),
    ("reflections.yaml", lambda r: r["reflections"][2]["steps"][0]["script"].extend([30, 30, 30]),
     "appreciation", "it must come to 150 to 240"),
    ("reflections.yaml", lambda r: r["reflections"][3]["steps"][0].update(script=[5]),
     "repair.calm.script", "says nothing"),
    ("reflections.yaml", lambda r: r["reflections"][1].update(id="reconnect"), "reconnect", "duplicate id"),
    ("ideas.yaml", lambda r: first_idea(r).update(situations=["on_holiday"]), "gentle_opener",
     "situation tag 'on_holiday'"),
    ("ideas.yaml", lambda r: r["situations"].pop("new_parents"), "pnd_how_are_you_really",
     "situation tag 'new_parents'"),
    ("openers.yaml", lambda r: r["openers"][0].update(topic="money"), "miss_us", "topic 'money'"),
    ("openers.yaml", lambda r: r["openers"][0].update(more="word " * 91), "miss_us.more", "91 words"),
    ("openers.yaml", lambda r: r.update(openers=r["openers"][:-1]), "topics.appreciation",
     "has 1 openers"),
    ("topics.yaml", lambda r: r["signs"].update(rest=["Only one way of saying it."]), "signs.rest",
     "at least 2"),
    ("causes.yaml", lambda r: r["overview"].update(say="Just one."), "overview.say", "expected a list"),
    ("phrases.yaml", lambda r: r.update(situation_idea_intro=["For {cause}.", "b", "c"]),
     "situation_idea_intro[0]", "unknown placeholder {cause}"),
    ("safety.yaml", lambda r: r["locales"]["en-US"]["numbers"].pop("sexual_assault"),
     "locales.en-US.messages.abuse_more", "unknown placeholder {sexual_assault}"),
    ("safety.yaml", lambda r: r["locales"]["en-US"]["numbers"]["abuse_text"].update(read_as="letters"),
     "locales.en-US.numbers.abuse_text", "read_as"),
    ("safety.yaml", lambda r: r["locales"]["en-GB"]["numbers"].pop("crisis"), "locales.en-GB.numbers",
     "missing required number crisis"),
    ("safety.yaml", lambda r: r["locales"]["en-AU"]["numbers"]["abuse"].update(sources=[]),
     "locales.en-AU.numbers.abuse.sources", "at least 1"),
    ("safety.yaml", lambda r: r["locales"]["en-AU"]["numbers"]["abuse"].update(sources=["example.org"]),
     "locales.en-AU.numbers.abuse.sources", "not an https:// address"),
    ("safety.yaml", lambda r: r["locales"]["en-IN"]["messages"].update(abuse="Call {abuse} or {emergency}."),
     "locales.en-IN.messages.abuse", "must say {emergency}, then {abuse}, then {abuse}"),
    ("safety.yaml", lambda r: r["locales"]["en-CA"]["messages"].update(crisis="word " * 41),
     "locales.en-CA.messages.crisis", "41 words"),
    ("screening.yaml", lambda r: r["abuse"].append("(?:unclosed"), "abuse[" , "not a valid pattern"),
    ("screening.yaml", lambda r: r["crisis"].append("{nobody} hurts"), "crisis[", "unknown group {nobody}"),
]


@pytest.mark.parametrize("name,change,item,problem", BROKEN)
def test_broken_content_fails_with_one_clear_message(data, name, change, item, problem):
    edit(data, name, change)
    with pytest.raises(ContentError) as caught:
        load_content(data)
    message = str(caught.value)
    assert message.startswith(f"{name}: {item}"), message
    assert problem in message


def test_invalid_yaml_names_the_file_and_line(data):
    (data / "topics.yaml").write_text("signs:\n  say: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"^topics\.yaml: line \d+: not valid YAML"):
        load_content(data)


def test_a_duplicate_key_is_an_error_not_a_silent_replacement(data):
    path = data / "topics.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nsigns:\n  say: again\n  more: again\n",
                    encoding="utf-8")
    with pytest.raises(ContentError, match=r"^topics\.yaml: line \d+: not valid YAML: duplicate key 'signs'"):
        load_content(data)


def test_missing_file_is_named(data):
    (data / "safety.yaml").unlink()
    with pytest.raises(ContentError, match=r"^safety\.yaml: -: file is missing"):
        load_content(data)


def test_a_skill_built_on_broken_content_refuses_to_start(data):
    from skill.builder import build_skill

    edit(data, "ideas.yaml", lambda r: first_idea(r).pop("say"))
    with pytest.raises(ContentError, match="ideas.yaml: gentle_opener: missing required key say"):
        build_skill(load_content(data))


def test_validated_content_is_cached_and_an_edit_is_picked_up(data):
    first = load_content(data)
    assert (data / "__pycache__" / "content.json").exists()
    assert load_content(data).ideas == first.ideas
    edit(data, "topics.yaml", lambda r: r["seek_help"].update(say="Edited help."))
    assert load_content(data).topics["seek_help"].say == "Edited help."


def test_a_corrupt_cache_is_ignored(data):
    load_content(data)
    (data / "__pycache__" / "content.json").write_text("{not json", encoding="utf-8")
    assert len(load_content(data).ideas) == len(CONTENT.ideas)
    edit(data, "ideas.yaml", lambda r: first_idea(r).pop("say"))
    with pytest.raises(ContentError):
        load_content(data)
