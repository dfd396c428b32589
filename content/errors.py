"""The one error bad content raises."""


class ContentError(ValueError):
    """Content that cannot be spoken safely; the message says where and why."""

    def __init__(self, file: str, item: str, problem: str) -> None:
        super().__init__(f"{file}: {item}: {problem}")
        self.file = file
        self.item = item
        self.problem = problem
