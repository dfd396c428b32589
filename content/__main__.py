"""`python -m content`: validate the content files; one line and exit code 2 on a mistake."""

import sys

from content import ContentError
from content.folder import check_folder


def main() -> int:
    try:
        checked = check_folder()
    except ContentError as error:
        print(f"content error: {error}", file=sys.stderr)
        return 2
    content = checked.content
    print(f"content ok: {len(content.ideas)} ideas, {len(content.topics)} topics, "
          f"{len(content.safety)} safety locales, {len(checked.programmes.by_id)} programmes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
