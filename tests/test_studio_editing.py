"""The studio's editor: every spoken line found in its file, and a change written as that line alone."""

from __future__ import annotations

import difflib
import shutil

import pytest

from conftest import CONTENT
from content.loader import DATA_DIR, FILES, load_content, read_sources
from local_runner.render import spoken_lines
from local_runner.studio.editing import Editor, EditRefused, replaced
from local_runner.studio.sources import Location, SourceIndex, dump, load, normal

LINES = list(spoken_lines(CONTENT))
INDEX = SourceIndex({name: load(text) for name, text in read_sources(DATA_DIR).items()})


def test_every_content_file_is_written_back_byte_for_byte_when_nothing_changes():
    for name, text in read_sources(DATA_DIR).items():
        assert dump(load(text)) == text, name


def test_every_spoken_line_is_found_in_one_file_and_its_words_are_there():
    for name, parts in LINES:
        place = INDEX.locate(name, parts)
        assert isinstance(place, Location), f"{name}: {place}"
        spoken = " ".join(p for p in parts if isinstance(p, str))
        assert place.text in spoken or "{" in place.text, name


def one_line_per_kind() -> list[tuple[str, list]]:
    """The first and last line of each kind (ideas' say, a phrase, a reflection step, a safety message...)."""
    kinds: dict[tuple[str, ...], list[tuple[str, list]]] = {}
    for name, parts in LINES:
        head, *middle, last = name.split(".")
        kind = (head, str(len(middle)), last if last in ("say", "more", "intro", "closing") else "")
        kinds.setdefault(kind, []).append((name, parts))
    ends = [{lines[0][0]: lines[0], lines[-1][0]: lines[-1]} for lines in kinds.values()]
    return [line for both in ends for line in both.values()]


@pytest.mark.parametrize(("name", "parts"), one_line_per_kind(), ids=lambda value: value
                         if isinstance(value, str) else "")
def test_an_edit_changes_that_line_and_nothing_else_in_its_file(name, parts):
    place = INDEX.locate(name, parts)
    before = read_sources(DATA_DIR)[place.file]
    new_text = place.text.replace(".", ", truly.", 1) if "." in place.text else place.text + " again"
    after = replaced(before, place, new_text)
    blocks = [op for op in difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(),
                                                   autojunk=False).get_opcodes() if op[0] != "equal"]
    assert len(blocks) == 1, name
    _tag, i1, i2, j1, j2 = blocks[0]
    assert i1 >= place.line
    old_lines, new_lines = before.splitlines()[i1:i2], after.splitlines()[j1:j2]
    if not before.splitlines()[place.line].rstrip().endswith((">-", ">", "|", "|-")):  # one-line value
        assert len(new_lines) == 1, name
    else:  # folded text folded as before
        assert all(len(line) <= max(80, *map(len, old_lines)) for line in new_lines), name
    reread = load(after)
    for key in place.path:
        reread = reread[key]
    assert normal(str(reread)) == normal(new_text)


def test_a_save_is_refused_with_the_checkers_message_and_the_files_left_alone(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    editor = Editor(copy, FILES)
    name, parts = next((n, p) for n, p in LINES if n.startswith("safety.") and "{" in INDEX.locate(n, p).text)
    place = editor.locate(name, parts)
    before = {path.name: path.read_bytes() for path in copy.glob("*.yaml")}
    with pytest.raises(EditRefused, match=r"^safety\.yaml: \S+: must say"):
        editor.save(name, place, "Please look after yourself tonight.")
    with pytest.raises(EditRefused, match="the line is empty"):
        editor.save(name, place, "   ")
    assert {path.name: path.read_bytes() for path in copy.glob("*.yaml")} == before
    assert editor.changes == []


def test_a_saved_edit_is_loaded_by_the_skills_loader_and_listed_as_a_change(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    editor = Editor(copy, FILES)
    name, parts = next((n, p) for n, p in LINES if n.startswith("reflection.") and n.endswith(".closing"))
    place = editor.locate(name, parts)
    change = editor.save(name, place, "Stay here together a little while. Goodnight.")
    assert change.diff.count("\n+  ") + change.diff.count("\n+ ") >= 1
    assert "Goodnight." in change.diff and change.before == place.text
    reflection = next(r for r in load_content(copy).reflections.values() if r.id in name.split("."))
    assert reflection.closing == "Stay here together a little while. Goodnight."
    assert [c.name for c in editor.changes] == [name]
