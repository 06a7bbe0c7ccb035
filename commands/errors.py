"""The one exception the command layer raises on purpose: the user's input was not understood."""


class UsageError(Exception):
    def __init__(self, message: str, example: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.example = example
