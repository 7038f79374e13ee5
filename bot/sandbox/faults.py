"""Fault injection: answer the next matching Bot API calls with a chosen error."""

from __future__ import annotations

from dataclasses import dataclass

from bot.sandbox.models import ApiError


@dataclass
class Fault:
    """An error to answer ``times`` more calls of ``method`` (optionally only to ``chat_id``)."""

    method: str
    error_code: int
    description: str
    retry_after: int | None
    times: int
    chat_id: int | None

    def matches(self, method: str, chat_id: int | None) -> bool:
        """Return whether this fault applies to a call."""
        if self.times <= 0 or self.method.lower() != method.lower():
            return False
        return self.chat_id is None or self.chat_id == chat_id

    def error(self) -> ApiError:
        """Return the error answer for one call."""
        parameters = {"retry_after": self.retry_after} if self.retry_after is not None else None
        return ApiError(self.error_code, self.description, parameters)


class FaultPlan:
    """Queued faults, consumed in the order they were added."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        """Queue a fault."""
        self._faults.append(fault)

    def take(self, method: str, chat_id: int | None) -> ApiError | None:
        """Consume one matching fault and return its error, or None."""
        for fault in self._faults:
            if fault.matches(method, chat_id):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault.error()
        return None
