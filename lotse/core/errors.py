"""Errors with a message meant for the person who sees the page."""

from django.http import Http404


class NotFound(Http404):
    """A 404 whose message is translated and safe to show (no internal detail)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.user_message = message
