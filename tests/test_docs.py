"""The README stays a short first read, and every relative link in it and in docs/ resolves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import CATALOG
from intents.modes.registry import MODES

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
README_LIMIT = 10_000  # bytes: what a newcomer reads first
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$", re.MULTILINE)


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lowercase, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    seen: dict[str, int] = {}
    found = set()
    for heading in _HEADING.findall(text):
        base = slug(heading)
        count = seen.get(base, 0)
        found.add(base if count == 0 else f"{base}-{count}")
        seen[base] = count + 1
    return found


def links(page: Path) -> list[str]:
    text = _CODE.sub("", page.read_text(encoding="utf-8"))
    return [target for target in _LINK.findall(text) if not re.match(r"[a-z]+:", target)]


def broken(page: Path) -> list[str]:
    problems = []
    for target in links(page):
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        if not resolved.exists():
            problems.append(f"{page.name}: {target} (no such file)")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            problems.append(f"{page.name}: {target} (no such heading)")
    return problems


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_relative_link_resolves(page):
    assert broken(page) == []


def test_the_link_check_catches_a_missing_file_and_a_missing_heading(tmp_path):
    page = tmp_path / "page.md"
    (tmp_path / "other.md").write_text("# Other\n\n## A heading, with `code`\n", encoding="utf-8")
    page.write_text("[ok](other.md#a-heading-with-code) [gone](nowhere.md) [bad](other.md#nope) "
                    "[web](https://example.org) `[not](a-link.md)`\n", encoding="utf-8")
    assert broken(page) == ["page.md: nowhere.md (no such file)", "page.md: other.md#nope (no such heading)"]


def test_the_readme_stays_under_10_kb():
    assert len((ROOT / "README.md").read_bytes()) < README_LIMIT


def test_the_readme_names_the_two_commands_and_links_every_docs_page():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    linked = {Path(target.partition("#")[0]).name for target in links(ROOT / "README.md")}
    assert {"architecture.md", "content-editors.md", "skill-owners.md", "operations.md"} <= linked


def test_the_handler_table_names_every_intent_and_mode():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = page[page.index("## The handler table"):]
    missing = [i.name for i in CATALOG.intents if f"`{i.name}`" not in table]
    missing += [name for name in MODES if f"`{name}`" not in page]
    assert missing == []
