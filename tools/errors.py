"""The one exception that ingestion raises for unreadable input, carrying a Chinese message."""


class InputError(Exception):
    """The input could not be read; `message` is one line of Simplified Chinese for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
