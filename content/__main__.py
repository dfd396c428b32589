"""`python -m content`: validate the content files; one line and exit code 2 on a mistake."""

import sys

from content import ContentError, load_content


def main() -> int:
    try:
        content = load_content()
    except ContentError as error:
        print(f"content error: {error}", file=sys.stderr)
        return 2
    print(f"content ok: {len(content.ideas)} ideas, {len(content.topics)} topics, "
          f"{len(content.safety)} safety locales")
    return 0


if __name__ == "__main__":
    sys.exit(main())
