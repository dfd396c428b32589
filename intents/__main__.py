"""`python -m intents build|validate|check`: generate and check the ASK CLI files."""

from __future__ import annotations

import argparse
import sys

from intents import interaction_model, rules
from intents.catalog import DefinitionError, load_catalog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m intents", description=__doc__)
    parser.add_argument("command", choices=["build", "validate", "check"],
                        help="build: write the files; validate: console build rules; "
                             "check: fail when the committed files are stale")
    args = parser.parse_args(argv)
    try:
        catalog = load_catalog()
    except DefinitionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    problems = rules.check(catalog)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 1
    if args.command == "validate":
        print(f"ok: {len(catalog.intents)} intents pass the build rules")
    elif args.command == "build":
        written = interaction_model.write_files(catalog)
        print("\n".join(f"wrote {path}" for path in written) or "up to date")
    else:
        stale = interaction_model.stale_files(catalog)
        for path in stale:
            print(f"stale: {path} (run python -m intents build)", file=sys.stderr)
        return 1 if stale else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
