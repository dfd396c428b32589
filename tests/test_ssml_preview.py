"""The local preview speaks SSML as Alexa does: the words, and the timing in the WAV."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from local_runner.speech import Voice
from local_runner.spoken_numbers import cardinal, date, ordinal, telephone
from local_runner.ssml_preview import Silence, Speech, preview


def say_as(kind: str, text: str, **attributes: str) -> str:
    extra = "".join(f' {k}="{v}"' for k, v in attributes.items())
    return f'<speak><say-as interpret-as="{kind}"{extra}>{text}</say-as></speak>'


@pytest.mark.parametrize("number,words", [
    ("911", "nine one one"),
    ("1-800-799-7233", "one, eight hundred, seven nine nine, seven two three three"),
    ("1800 737 732", "one eight hundred, seven three seven, seven three two"),
    ("0808 2000 247", "zero eight zero eight, two zero zero zero, two four seven"),
    ("(555) 010-4477", "five five five, zero one zero, four four seven seven"),
    ("18007997233", "one, eight hundred, seven nine nine, seven two three three"),
])
def test_telephone_numbers_are_read_in_groups_as_alexa_reads_them(number, words):
    assert telephone(number) == words
    assert preview(say_as("telephone", number)).words == words


@pytest.mark.parametrize("kind,text,words", [
    ("digits", "88788", "eight eight seven eight eight"),
    ("cardinal", "1,234", "one thousand two hundred thirty four"),
    ("cardinal", "12", "twelve"),
    ("number", "-3.5", "minus three point five"),
    ("ordinal", "1", "first"), ("ordinal", "22nd", "twenty second"), ("ordinal", "40", "fortieth"),
    ("spell-out", "hug", "H U G"),
    ("date", "20261130", "November thirtieth, twenty twenty six"),
    ("date", "????0214", "February fourteenth"),
    ("date", "2005-07-04", "July fourth, two thousand five"),
])
def test_say_as_kinds_become_the_words_alexa_says(kind, text, words):
    assert preview(say_as(kind, text)).words == words


def test_dates_follow_the_format_attribute():
    assert date("30/11/2026", "dmy") == "November thirtieth, twenty twenty six"
    assert preview(say_as("date", "11/30", format="md")).words == "November thirtieth"
    assert ordinal("12") == "twelfth" and cardinal("1000000") == "one million"


def test_prosody_emphasis_and_breaks_become_rates_and_silences():
    spoken = preview('<speak>Breathe in.<break time="1500ms"/><prosody rate="x-slow">slowly</prosody>'
                     '<break strength="strong"/><emphasis level="strong">now</emphasis>'
                     '<prosody rate="150%">quickly</prosody><break time="12s"/>end</speak>')
    assert spoken.segments == [
        Speech("Breathe in.", 1.0), Silence(1.5), Speech("slowly", 0.6), Silence(0.75),
        Speech("now", 0.85), Speech("quickly", 1.5), Silence(10.0), Speech("end", 1.0)]
    assert spoken.unknown == []


def test_entities_sub_and_known_tags_keep_their_words():
    spoken = preview('<speak><p>Tom &amp; Ann</p><s><sub alias="for example">e.g.</sub></s>'
                     '<amazon:emotion name="excited">yes</amazon:emotion>'
                     '<lang xml:lang="fr-FR">oui</lang></speak>')
    assert spoken.words == "Tom & Ann for example yes oui"
    assert spoken.unknown == []


def test_unknown_tags_are_reported_once_and_their_words_kept():
    spoken = preview('<speak><whisper>one</whisper> <whisper>two</whisper>'
                     '<say-as interpret-as="shout">three</say-as></speak>')
    assert spoken.words == "one two three"
    assert spoken.unknown == ["whisper", 'say-as interpret-as="shout"']


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as reader:
        return reader.getnframes() / reader.getframerate()


@pytest.fixture(scope="module")
def voice() -> Voice:
    return Voice()


def test_rendered_timing_follows_rate_and_breaks(voice, tmp_path):
    text = "We can take this one small step at a time, together."
    normal = voice.render(f"<speak>{text}</speak>", tmp_path / "normal.wav")
    slow = voice.render(f'<speak><prosody rate="x-slow">{text}</prosody></speak>', tmp_path / "slow.wav")
    fast = voice.render(f'<speak><prosody rate="x-fast">{text}</prosody></speak>', tmp_path / "fast.wav")
    assert slow > 1.3 * normal and fast < 0.85 * normal
    paused = voice.render(f'<speak>{text}<break time="2s"/>{text}</speak>', tmp_path / "paused.wav")
    assert 2 * normal + 1.9 <= paused <= 2 * normal + 2.2
    assert wav_seconds(tmp_path / "paused.wav") == pytest.approx(paused, abs=0.01)


def test_telephone_number_takes_as_long_as_its_words(voice, tmp_path):
    # Read digit by digit in groups, the hotline takes far longer than "eighteen billion..." would.
    grouped = voice.render(say_as("telephone", "1-800-799-7233"), tmp_path / "phone.wav")
    words = voice.render("<speak>one, eight hundred, seven nine nine, seven two three three</speak>",
                         tmp_path / "words.wav")
    assert grouped == pytest.approx(words, rel=0.05)


def test_voice_reports_an_unknown_tag_once(voice, tmp_path, capsys):
    for name in ("a", "b"):
        voice.render("<speak><whisper>quietly</whisper> now</speak>", tmp_path / f"{name}.wav")
    assert capsys.readouterr().err.count("does not know <whisper>") == 1
