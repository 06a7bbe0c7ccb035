"""Why core could not produce a number it would stand behind."""


class CalculationError(ValueError):
    """The inputs are valid words but no exact answer exists for them (for instance no tier table
    is shipped for the symbol, or the position is beyond the shipped table). The message says what
    to provide instead; commands show it as a usage reply."""

    def __init__(self, message: str, example: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.example = example
