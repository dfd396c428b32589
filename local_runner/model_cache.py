"""Where a trained matcher is kept, and the key that says whether it is still current.

The key hashes everything a trained model depends on: the interaction model,
the intent definitions (the built-ins' local phrasings come from there) and
the code that trains and answers. Change any of them and the next start trains
afresh; otherwise it loads in milliseconds.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
DEFINITIONS = ROOT / "intents" / "definitions"
# The code whose change must invalidate a trained model.
CODE = (PACKAGE / "matcher.py", PACKAGE / "classifier.py", PACKAGE / "model_cache.py",
        PACKAGE / "slot_phrases.py", PACKAGE / "slot_words.py", PACKAGE / "when_words.py")


def cache_dir() -> Path:
    """The user's cache folder for Closer Again (XDG_CACHE_HOME, else ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "closer-again"


def model_key(model_path: Path) -> str:
    digest = hashlib.sha256()
    sources = [Path(model_path), *sorted(DEFINITIONS.glob("*.yaml")), *CODE]
    for source in sources:
        digest.update(source.name.encode() + b"\0")
        digest.update(source.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:24]


def model_file(model_path: Path) -> Path:
    return cache_dir() / f"matcher-{model_key(model_path)}.bin"


def prune(folder: Path, keep: int = 8) -> None:
    """Keep the few newest models: each worktree or checkout may need its own."""
    models = sorted(folder.glob("matcher-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in models[keep:]:
        stale.unlink(missing_ok=True)
        stale.with_suffix(".words.json").unlink(missing_ok=True)  # the slot words kept beside it
