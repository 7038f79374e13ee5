"""One pacer for everything the bot sends: global, per-chat and per-group budgets at once.

* Message-sending methods (``SENDING_METHODS``) are paced, and so are edits and deletions asked
  for as bulk (``BULK_CHANGE_METHODS``: correcting or retracting an alert everywhere); other
  edits, callback answers, ``getMe``, ``getUpdates`` and the rest pass straight through.
* A private chat takes at most ``per_chat_burst`` sends in any ``per_chat_burst /
  per_chat_per_second`` seconds (a 2-3 message reply goes at once, the sustained rate is
  ``per_chat_per_second``); a group (negative id or ``@name``) ``group_per_minute`` in any 60 s.
  A chat waiting for its own budget never holds up other chats.
* Globally, sends leave ``1 / messages_per_second`` apart, at most that many in any second.
  Sends with ``allow_paid_broadcast`` (added to bulk sends in paid-broadcast mode) share the
  ``paid_messages_per_second`` budget instead; sends without it keep to the free rate.
* A send occupies its windows from when it leaves until its answer arrives: Telegram counted it
  somewhere in between, so network jitter cannot make sends closer together for Telegram.
* Interactive sends (the default) go before waiting bulk sends, FIFO within each priority.
  Instead of aging, bulk has a guaranteed share: while bulk waits, at least one in every
  ``bulk_every`` sends is bulk, so an interactive flood slows an alert but never stops it.
* A 429 blocks one scope for ``retry_after + RETRY_MARGIN`` from the answer; nothing ends a
  block early. Telegram does not say which limit was hit, so the scope is the chat if it had
  used its whole window (only then can it be the cause), else everything. The send is retried
  in its original place up to ``max_retries`` times, then RetryAfter is raised.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import math
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any, Literal, TypedDict

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.config import RateLimits
from bot.pacer_windows import (
    EPSILON,
    ChatQueue,
    MonotonicClock,
    Send,
    SystemMonotonicClock,
    Ticket,
    Window,
)

JSONDict = dict[str, Any]
Result = bool | JSONDict | list[JSONDict]
Callback = Callable[..., Coroutine[Any, Any, Result]]
# A chat on a priority's ready heap: (its head ticket's seq, a tiebreak, the chat).
Entry = tuple[int, int, ChatQueue]

# Methods that accept allow_paid_broadcast (PTB 22.8), and every method that sends a message.
PAID_BROADCAST_METHODS = frozenset({
    "sendMessage", "sendPhoto", "sendAudio", "sendDocument", "sendVideo", "sendAnimation",
    "sendVoice", "sendVideoNote", "sendLivePhoto", "sendPaidMedia", "sendMediaGroup",
    "sendLocation", "sendVenue", "sendContact", "sendPoll", "sendDice", "sendSticker",
    "sendInvoice", "sendGame", "copyMessage",
})  # fmt: skip
SENDING_METHODS = PAID_BROADCAST_METHODS | frozenset({
    "forwardMessage", "forwardMessages", "copyMessages", "sendChecklist", "sendGift",
})  # fmt: skip
# Editing or deleting thousands of alert copies is flood too: paced when asked for as bulk.
# One-off interactive edits (a button toggling) stay immediate.
BULK_CHANGE_METHODS = frozenset({
    "editMessageText", "editMessageReplyMarkup", "editMessageCaption", "deleteMessage",
})  # fmt: skip

_LOG = logging.getLogger(__name__)
_INTERACTIVE, _BULK = 0, 1
_SWEEP_EVERY = 1024  # grants between sweeps of idle chat state


class PacerArgs(TypedDict, total=False):
    """The ``rate_limit_args`` a caller may pass to any ExtBot method."""

    priority: Literal["interactive", "bulk"]


class Pacer(BaseRateLimiter[PacerArgs]):
    """PTB rate limiter enforcing the global, per-chat and per-group budgets together."""

    WINDOW_MARGIN = 0.005  # seconds added to every window, for rounding
    RETRY_MARGIN = 0.1  # seconds added to every retry_after

    def __init__(
        self,
        limits: RateLimits | None = None,
        *,
        per_chat_burst: int = 3,
        max_retries: int = 3,
        bulk_every: int = 10,
        clock: MonotonicClock | None = None,
    ) -> None:
        if min(per_chat_burst, bulk_every, max_retries + 1) <= 0:
            msg = "per_chat_burst and bulk_every must be positive, max_retries not negative"
            raise ValueError(msg)
        limits = limits or RateLimits()
        margin = self.WINDOW_MARGIN
        self._free = _global_window(limits.messages_per_second, margin)
        self._total = _global_window(limits.paid_messages_per_second, margin)
        self._private = (per_chat_burst, per_chat_burst / limits.per_chat_per_second + margin)
        self._group = (limits.group_per_minute, 60.0 + margin)
        self._paid_broadcast = limits.paid_broadcast
        self._max_retries = max_retries
        self._bulk_every = bulk_every
        self._clock: MonotonicClock = clock or SystemMonotonicClock()
        self._chats: dict[int | str | None, ChatQueue] = {}
        self._ready: tuple[list[tuple[int, int, ChatQueue]], ...] = ([], [])
        self._timers: list[tuple[float, int, ChatQueue]] = []
        self._seq = itertools.count()
        self._tiebreak = itertools.count()
        self._streak = 0  # interactive grants since the last bulk one
        self._grants = 0
        self._task: asyncio.Task[None] | None = None
        self._wakeup = asyncio.Event()

    @classmethod
    def from_config(
        cls, rate_limits: RateLimits, clock: MonotonicClock | None = None, **options: int
    ) -> Pacer:
        """Build a pacer from ``[telegram.rate_limits]`` (options: per_chat_burst, ...)."""
        return cls(rate_limits, clock=clock, **options)

    async def initialize(self) -> None:
        """Start the dispatcher on the running event loop."""
        self._ensure_running()

    async def shutdown(self) -> None:
        """Stop the dispatcher; sends still waiting fail with RuntimeError."""
        task, self._task = self._task, None
        if task is not None and not task.done() and task.get_loop() is asyncio.get_running_loop():
            task.cancel()
            await asyncio.wait([task])

    async def process_request(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: PacerArgs | None,
    ) -> Result:
        """Call ``callback`` when every budget allows; retry a 429 in its original place."""
        priority = _priority(rate_limit_args)
        paced = endpoint in SENDING_METHODS or (
            priority == _BULK and endpoint in BULK_CHANGE_METHODS
        )
        if not paced:
            return await callback(*args, **kwargs)
        if priority == _BULK and self._paid_broadcast and endpoint in PAID_BROADCAST_METHODS:
            data["allow_paid_broadcast"] = True  # data is the dict the callback sends
        key = _chat_key(data.get("chat_id"))
        seq, paid = next(self._seq), bool(data.get("allow_paid_broadcast"))
        retries = 0
        while True:
            ticket = Ticket(seq, paid, asyncio.get_running_loop().create_future())
            send = await self._turn(key, priority, ticket)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                seconds = _seconds(exc)
                scope = self._block(key, seconds)
                if retries >= self._max_retries:
                    _LOG.warning("%s: still 429 after %d retries, giving up", endpoint, retries)
                    raise
                retries += 1
                _LOG.info("%s: 429, pausing the %s scope for %.1f s", endpoint, scope, seconds)
            finally:
                self._answered(key, send)

    async def _turn(self, key: int | str | None, priority: int, ticket: Ticket) -> Send:
        """Queue a ticket and wait until the dispatcher grants it."""
        self._ensure_running()
        chat = self._chat(key)
        chat.insert(priority, ticket)
        self._list(chat, priority)
        self._wakeup.set()
        try:
            return await ticket.granted
        except asyncio.CancelledError:
            if ticket.granted.done() and not ticket.granted.cancelled():
                self._answered(key, ticket.granted.result())  # granted but never sent
            raise

    def _answered(self, key: int | str | None, send: Send) -> None:
        """Start the send's windows from now; wake whatever waited for this answer."""
        send.at, send.answered = max(send.at, self._clock.now()), True
        if (chat := self._chats.get(key)) is not None:
            self._list(chat, _INTERACTIVE)
            self._list(chat, _BULK)
        self._wakeup.set()

    def _block(self, key: int | str | None, seconds: float) -> str:
        """Block the scope a 429 most likely came from; return its name for the log."""
        now = self._clock.now()
        until = now + seconds + self.RETRY_MARGIN
        chat = self._chats.get(key)
        window = chat.window if chat is not None else None
        if window is not None and window.used(now) >= window.capacity:
            window.block(until)
            scope = "chat"
        else:
            self._total.block(until)  # every send counts in the total window
            scope = "global"
        self._wakeup.set()
        return scope

    def _chat(self, key: int | str | None) -> ChatQueue:
        chat = self._chats.get(key)
        if chat is None:
            if key is None:
                window = None
            else:
                group = isinstance(key, str) or key < 0
                window = Window(*(self._group if group else self._private))
            chat = self._chats[key] = ChatQueue(window)
        return chat

    def _ensure_running(self) -> None:
        task = self._task
        if task is None or task.done() or task.get_loop() is not asyncio.get_running_loop():
            self._wakeup = asyncio.Event()
            self._task = asyncio.create_task(self._run(), name="sleutelnet-pacer")

    async def _run(self) -> None:
        """Grant sends as budgets allow; sleep until the next one is due or news arrives."""
        try:
            while True:
                wake_at = self._dispatch(self._clock.now())
                self._wakeup.clear()
                if wake_at == math.inf:
                    await self._wakeup.wait()
                else:
                    await self._sleep_until(wake_at)
        except Exception:
            _LOG.exception("The pacer stopped")
        finally:
            self._fail_waiting()

    async def _sleep_until(self, wake_at: float) -> None:
        delay = wake_at - self._clock.now()
        if delay <= 0:
            return
        sleeper = asyncio.ensure_future(self._clock.sleep(delay))
        waker = asyncio.ensure_future(self._wakeup.wait())
        try:
            await asyncio.wait((sleeper, waker), return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeper.cancel()
            waker.cancel()

    def _dispatch(self, now: float) -> float:
        """Grant every send due at ``now``; return when to look again (inf: on news only)."""
        self._fire_timers(now)
        # Once the best send waits for the free budget, only paid sends go: a paid broadcast
        # does not wait behind it (its budget is another one). The free sends passed over
        # are off their heaps until this round ends, so each is looked at once per round.
        passed: dict[int, list[Entry]] = {}
        paid_only, free_at = False, math.inf
        try:
            while (pick := self._pick(now, passed if paid_only else None)) is not None:
                priority, chat, ticket, entry = pick
                ready = self._total.ready_at(now)
                if ready > now + EPSILON:
                    heapq.heappush(self._ready[priority], entry)
                    return min(ready, self._next_timer())
                if not ticket.paid and (free := self._free.ready_at(now)) > now + EPSILON:
                    passed.setdefault(priority, []).append(entry)
                    paid_only, free_at = True, free
                    continue
                chat.queues[priority].popleft()
                self._grant(chat, priority, ticket, now)
                self._list(chat, priority)
            return min(free_at, self._next_timer())
        finally:
            for priority, entries in passed.items():
                for entry in entries:
                    heapq.heappush(self._ready[priority], entry)

    def _pick(
        self, now: float, passed: dict[int, list[Entry]] | None = None
    ) -> tuple[int, ChatQueue, Ticket, Entry] | None:
        """Return the best send whose chat is ready, with its heap entry, taken off the heap:
        the caller grants it or puts the entry back. With `passed`, only a paid send: free
        ones met on the way are moved there."""
        bulk_first = self._streak >= self._bulk_every - 1
        for priority in (_BULK, _INTERACTIVE) if bulk_first else (_INTERACTIVE, _BULK):
            heap = self._ready[priority]
            while heap:
                seq, tiebreak, chat = heapq.heappop(heap)
                head = chat.head(priority)
                if head is None:
                    continue
                if head.seq != seq:  # an entry left behind by a cancel, retry or timer
                    self._list(chat, priority)
                    continue
                if passed is not None and not head.paid:
                    passed.setdefault(priority, []).append((seq, tiebreak, chat))
                    continue
                window = chat.window
                ready = now if window is None else window.ready_at(now)
                if ready <= now + EPSILON:
                    return priority, chat, head, (seq, tiebreak, chat)
                self._set_timer(chat, ready)  # the timer lists the chat again
        return None

    def _grant(self, chat: ChatQueue, priority: int, ticket: Ticket, now: float) -> None:
        send = Send(now)
        self._total.record(send, now)
        if not ticket.paid:
            self._free.record(send, now)
        if chat.window is not None:
            chat.window.record(send, now)
        self._streak = 0 if priority == _BULK else self._streak + 1
        ticket.granted.set_result(send)
        self._grants += 1
        if self._grants % _SWEEP_EVERY == 0 and len(self._chats) > _SWEEP_EVERY:
            self._sweep(now)

    def _list(self, chat: ChatQueue, priority: int) -> None:
        """Put the chat's first ticket of this priority in the ready heap (again)."""
        head = chat.head(priority)
        if head is not None:
            heapq.heappush(self._ready[priority], (head.seq, next(self._tiebreak), chat))

    def _set_timer(self, chat: ChatQueue, at: float) -> None:
        if chat.timer_at is None or at < chat.timer_at:
            chat.timer_at = at
            heapq.heappush(self._timers, (at, next(self._tiebreak), chat))

    def _fire_timers(self, now: float) -> None:
        while self._timers and self._timers[0][0] <= now + EPSILON:
            at, _, chat = heapq.heappop(self._timers)
            if chat.timer_at == at:
                chat.timer_at = None
                self._list(chat, _INTERACTIVE)
                self._list(chat, _BULK)

    def _next_timer(self) -> float:
        while self._timers and self._timers[0][2].timer_at != self._timers[0][0]:
            heapq.heappop(self._timers)
        return self._timers[0][0] if self._timers else math.inf

    def _sweep(self, now: float) -> None:
        """Forget chats with nothing waiting and nothing left in their window."""
        for key in [
            key
            for key, chat in self._chats.items()
            if chat.timer_at is None
            and not any(chat.queues)
            and (
                chat.window is None
                or (not chat.window.used(now) and chat.window.blocked_until <= now)
            )
        ]:
            del self._chats[key]

    def _fail_waiting(self) -> None:
        """Fail every waiting send and forget the queues (windows and blocks stay)."""
        for chat in self._chats.values():
            for queue in chat.queues:
                for ticket in queue:
                    if not ticket.granted.done():
                        msg = "the pacer stopped before this message was sent"
                        ticket.granted.set_exception(RuntimeError(msg))
                queue.clear()
            chat.timer_at = None
        for heap in self._ready:
            heap.clear()
        self._timers.clear()


def _global_window(rate: float, margin: float) -> Window:
    """At most ``rate`` sends per second, evenly spaced."""
    capacity = max(1, math.floor(rate))
    return Window(capacity, capacity / rate + margin, spacing=1 / rate)


def _priority(args: PacerArgs | None) -> int:
    priority = (args or {}).get("priority", "interactive")
    if priority == "bulk":
        return _BULK
    if priority == "interactive":
        return _INTERACTIVE
    msg = f"unknown priority {priority!r}: use 'interactive' or 'bulk'"
    raise ValueError(msg)


def _chat_key(raw: object) -> int | str | None:
    """Return an integer chat id, an ``@username`` as is, or None for no chat."""
    try:
        return None if raw is None else int(str(raw))
    except ValueError:
        return str(raw)


def _seconds(exc: RetryAfter) -> float:
    """Return ``retry_after`` in seconds, whether PTB gives a timedelta or a number."""
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
