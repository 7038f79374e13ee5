"""Telegram-like flood control for the sandbox, measured on a monotonic clock.

The exact rules (only message-sending methods count; edits and answers are free):

* **Overall**: at most ``floor(messages_per_second)`` (at least 1) accepted sends by the bot in
  any sliding 1-second window.
* **Private chat**: at most ``per_chat_burst`` accepted sends to one private chat in any sliding
  window of ``per_chat_burst / per_chat_per_second`` seconds. With the defaults (1/s, burst 3)
  that is "3 within 3 s": a sustained 1 message/second always passes, a burst of 3 passes, the
  4th message inside the window is refused.
* **Group chat**: at most ``group_per_minute`` accepted sends to one group in any sliding
  60-second window.

A refused send gets ``retry_after = ceil(time until the oldest send leaves the window)``
(at least 1 s) and puts a penalty on that scope (overall or the chat) for those ``retry_after``
seconds. Sending to a
scope while its penalty runs is refused again and prolongs the penalty by
``penalty_extension`` seconds, as Telegram does with bots that ignore ``retry_after``.
Refused sends are not counted in the windows.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace

GLOBAL_SCOPE = "global"


@dataclass(frozen=True)
class SandboxLimits:
    """Flood-control limits of the sandbox; defaults approximate Telegram's published ones."""

    messages_per_second: float = 30.0
    per_chat_per_second: float = 1.0
    per_chat_burst: int = 3
    group_per_minute: int = 20
    penalty_extension: float = 1.0

    def scaled(self, factor: float) -> SandboxLimits:
        """Return limits with every rate multiplied by ``factor`` (bursts stay the same)."""
        return replace(
            self,
            messages_per_second=self.messages_per_second * factor,
            per_chat_per_second=self.per_chat_per_second * factor,
            group_per_minute=max(1, math.floor(self.group_per_minute * factor)),
            penalty_extension=self.penalty_extension / factor,
        )


@dataclass(frozen=True)
class _Window:
    capacity: int
    seconds: float


class FloodControl:
    """Sliding-window flood control per scope; ``check_and_record`` admits or refuses a send."""

    def __init__(self, limits: SandboxLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._sent: dict[str, deque[float]] = {}
        self._penalty_until: dict[str, float] = {}

    def _windows(self, chat_id: int, is_group: bool) -> list[tuple[str, _Window]]:
        limits = self.limits
        overall = _Window(max(1, math.floor(limits.messages_per_second)), 1.0)
        if is_group:
            chat = _Window(max(1, limits.group_per_minute), 60.0)
        else:
            burst = max(1, limits.per_chat_burst)
            chat = _Window(burst, burst / limits.per_chat_per_second)
        return [(GLOBAL_SCOPE, overall), (f"chat:{chat_id}", chat)]

    def check_and_record(self, chat_id: int, *, is_group: bool) -> int | None:
        """Record a send to ``chat_id`` and return None, or refuse it and return retry_after."""
        now = self._clock()
        windows = self._windows(chat_id, is_group)
        for scope, _ in windows:
            until = self._penalty_until.get(scope)
            if until is not None and now < until:
                until += self.limits.penalty_extension
                self._penalty_until[scope] = until
                return max(1, math.ceil(until - now))
        for scope, window in windows:
            sent = self._sent.setdefault(scope, deque())
            while sent and sent[0] <= now - window.seconds:
                sent.popleft()
            if len(sent) >= window.capacity:
                frees_at = sent[len(sent) - window.capacity] + window.seconds
                retry_after = max(1, math.ceil(frees_at - now))
                self._penalty_until[scope] = now + retry_after
                return retry_after
        for scope, _ in windows:
            self._sent[scope].append(now)
        return None
