"""Validation failures that name the field and say what is wrong, in Thai.

Models check themselves in ``lsq_validate()``; the screens and the REST API both
call it, so a rule holds whichever way the data comes in.
"""

from __future__ import annotations


class ValidationFailed(Exception):
    """One or more fields are invalid. ``messages`` maps field → list of Thai messages."""

    def __init__(self, messages: dict[str, list[str]]):
        self.messages = messages
        super().__init__(self.summary())

    def summary(self) -> str:
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in self.messages.items())


class Errors:
    """Collects field errors, then raises them all at once."""

    def __init__(self) -> None:
        self.messages: dict[str, list[str]] = {}

    def add(self, field: str, message: str | None) -> None:
        if message:
            self.messages.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.messages:
            raise ValidationFailed(self.messages)
