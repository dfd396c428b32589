"""`python -m content`: validate the content files; one line and exit code 2 on a mistake."""

import sys

from content import ContentError, load_content
from content.keeping import load_keeping
from content.programmes import load_programmes


def main() -> int:
    try:
        content = load_content()
        # Read by the skill on first use; checked here with everything else.
        programmes = load_programmes(content)
        load_keeping()
    except ContentError as error:
        print(f"content error: {error}", file=sys.stderr)
        return 2
    print(f"content ok: {len(content.ideas)} ideas, {len(content.topics)} topics, "
          f"{len(content.safety)} safety locales, {len(programmes.by_id)} programmes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
