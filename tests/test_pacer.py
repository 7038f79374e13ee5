"""Specification of the pacer: every budget at once, priorities, 429s, all in virtual time."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from telegram.error import RetryAfter
from telegram.ext import ExtBot

from bot.config import RateLimits
from bot.pacer import Pacer, PacerArgs
from bot.sandbox import Sandbox, SandboxLimits

RATE = 30.0
SLOT = 1 / RATE
BURST = 3
BULK_ARGS: PacerArgs = {"priority": "bulk"}
INTERACTIVE_ARGS: PacerArgs = {"priority": "interactive"}


class FakeClock:
    """Virtual monotonic time: it jumps to the next wake-up only once every task is waiting."""

    # Loop turns to let every runnable task run (and maybe sleep) before time may jump; every
    # hand-over chain in these tests is a few turns long.
    SETTLE_TURNS = 24

    def __init__(self) -> None:
        self._now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._advancer: asyncio.Task[None] | None = None

    def now(self) -> float:
        """Return the virtual time in seconds."""
        return self._now

    async def sleep(self, seconds: float) -> None:
        """Return when virtual time reaches now + seconds, without really waiting."""
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        wake_up = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self._now + seconds, next(self._order), wake_up))
        if self._advancer is None or self._advancer.done():
            self._advancer = asyncio.create_task(self._advance())
        await wake_up

    async def _advance(self) -> None:
        while True:
            for _ in range(self.SETTLE_TURNS):
                await asyncio.sleep(0)
            while self._sleepers and self._sleepers[0][2].done():  # cancelled sleeps
                heapq.heappop(self._sleepers)
            if not self._sleepers:
                return
            at, _, wake_up = heapq.heappop(self._sleepers)
            self._now = max(self._now, at)
            wake_up.set_result(None)


@dataclass(frozen=True)
class Call:
    """One call that reached the fake Bot API."""

    at: float
    endpoint: str
    chat_id: int | None
    data: dict[str, Any]
    failed: bool


@dataclass
class FakeBotApi:
    """Stands in for PTB's request: records every call and answers from a script."""

    clock: FakeClock
    calls: list[Call] = field(default_factory=list)
    answers: dict[int, list[Exception | None]] = field(default_factory=dict)
    latency: dict[int, float] = field(default_factory=dict)

    async def post(self, endpoint: str, data: dict[str, Any]) -> dict[str, Any]:
        """Record the call, take the chat's latency, then answer as scripted (None: success)."""
        chat_id = data.get("chat_id")
        script = self.answers.get(chat_id, []) if chat_id is not None else []
        error = script.pop(0) if script else None
        self.calls.append(Call(self.clock.now(), endpoint, chat_id, dict(data), error is not None))
        if chat_id in self.latency:
            await self.clock.sleep(self.latency[chat_id])
        if error is not None:
            raise error
        return {"message_id": len(self.calls)}

    def sent(self, chat_id: int | None = None) -> list[float]:
        """Return the times of the successful sends (to one chat, if given)."""
        return [
            call.at
            for call in self.calls
            if not call.failed and (chat_id is None or call.chat_id == chat_id)
        ]


async def send(
    pacer: Pacer,
    api: FakeBotApi,
    chat_id: int,
    *,
    priority: str | None = None,
    endpoint: str = "sendMessage",
) -> object:
    """Pass one call through the pacer the way ExtBot does."""
    data: dict[str, Any] = {"chat_id": chat_id, "text": "hallo"}
    args = {"bulk": BULK_ARGS, "interactive": INTERACTIVE_ARGS}.get(priority or "")
    return await pacer.process_request(api.post, (endpoint, data), {}, endpoint, data, args)


def most_in_any_window(times: list[float], seconds: float) -> int:
    """Return the most times that fall in one sliding window (t - seconds, t]."""
    ordered = sorted(times)
    first = 0
    most = 0
    for last, at in enumerate(ordered):
        while ordered[first] <= at - seconds:
            first += 1
        most = max(most, last - first + 1)
    return most


@pytest.fixture
def clock() -> FakeClock:
    """Return a fresh virtual clock at t = 0."""
    return FakeClock()


@pytest.fixture
def api(clock: FakeClock) -> FakeBotApi:
    """Return a fake Bot API on the virtual clock."""
    return FakeBotApi(clock)


@pytest.fixture
async def pacer(clock: FakeClock) -> AsyncIterator[Pacer]:
    """Return a pacer with Telegram's default limits on the virtual clock."""
    pacer = Pacer(clock=clock)
    yield pacer
    await pacer.shutdown()


async def test_global_budget_spaces_sends_to_many_chats(pacer: Pacer, api: FakeBotApi) -> None:
    """100 sends to 100 chats take 100 slots of 1/30 s and never exceed 30 in any second."""
    await asyncio.gather(*(send(pacer, api, 1000 + i, priority="bulk") for i in range(100)))

    times = api.sent()
    assert len(times) == 100
    assert times[-1] >= 99 * SLOT
    assert times[-1] <= 100 * SLOT * 1.05
    assert most_in_any_window(times, 1.0) <= RATE
    assert [call.chat_id for call in api.calls] == [1000 + i for i in range(100)]


async def test_private_chat_gets_a_burst_then_its_sustained_rate(
    pacer: Pacer, api: FakeBotApi
) -> None:
    """Five sends to one chat: the first three at once, the rest once the burst leaves 3 s."""
    await asyncio.gather(*(send(pacer, api, 42) for _ in range(5)))

    times = api.sent(42)
    assert times[2] <= 3 * SLOT
    assert min(times[3:]) >= BURST / 1.0
    assert max(times) <= BURST + 0.5
    assert most_in_any_window(times, BURST / 1.0) <= BURST


async def test_private_chat_sustains_one_per_second(pacer: Pacer, api: FakeBotApi) -> None:
    """Twelve sends to one chat never go faster than one per second after the burst."""
    await asyncio.gather(*(send(pacer, api, 42, priority="bulk") for _ in range(12)))

    times = api.sent(42)
    assert times[-1] >= 12 - BURST
    assert most_in_any_window(times, BURST / 1.0) <= BURST


async def test_group_gets_at_most_20_per_minute(pacer: Pacer, api: FakeBotApi) -> None:
    """Thirty sends to one group: twenty at once, never more than twenty in any 60 s."""
    await asyncio.gather(*(send(pacer, api, -100123) for _ in range(30)))

    times = api.sent(-100123)
    assert len(times) == 30
    assert times[19] < 1.0
    assert times[20] >= 60.0
    assert most_in_any_window(times, 60.0) <= 20


async def test_waiting_chat_does_not_hold_up_other_chats(pacer: Pacer, api: FakeBotApi) -> None:
    """Sends to other chats go while one chat waits for its own budget."""
    first = [asyncio.create_task(send(pacer, api, 42, priority="bulk")) for _ in range(5)]
    others = [asyncio.create_task(send(pacer, api, 7, priority="bulk"))]
    await asyncio.gather(*first, *others)

    assert api.sent(7)[0] < 1.0


async def test_interactive_reply_overtakes_1000_queued_bulk_sends(
    pacer: Pacer, api: FakeBotApi, clock: FakeClock
) -> None:
    """A reply submitted while 1,000 bulk sends queue goes out within one slot."""
    bulk = [asyncio.create_task(send(pacer, api, 10_000 + i, priority="bulk")) for i in range(1000)]
    await clock.sleep(2.0)
    assert 50 < len(api.sent()) < 100

    submitted = clock.now()
    await send(pacer, api, 42)

    (reply,) = api.sent(42)
    assert reply - submitted <= SLOT + 1e-9
    for task in bulk:
        task.cancel()
    await asyncio.gather(*bulk, return_exceptions=True)


async def test_bulk_still_gets_its_share_during_an_interactive_flood(
    pacer: Pacer, api: FakeBotApi
) -> None:
    """While 200 interactive sends queue, bulk still gets one in every ten slots."""
    interactive = [send(pacer, api, 1000 + i) for i in range(200)]
    bulk = [send(pacer, api, 5000 + i, priority="bulk") for i in range(5)]
    await asyncio.gather(*bulk, *interactive)

    order = [call.chat_id for call in api.calls]
    for i in range(5):
        assert order.index(5000 + i) < 10 * (i + 1)


async def test_retry_after_on_a_chat_at_its_budget_blocks_only_that_chat(
    pacer: Pacer, api: FakeBotApi
) -> None:
    """A 429 for a chat that used its burst pauses that chat 5 s; other chats keep going."""
    api.answers[42] = [None, None, RetryAfter(5)]
    chat = [send(pacer, api, 42) for _ in range(BURST)]
    others = [send(pacer, api, 100 + i) for i in range(20)]
    await asyncio.gather(*chat, *others)

    refused = next(call.at for call in api.calls if call.failed)
    retried = api.sent(42)[-1]
    assert len(api.sent(42)) == BURST
    assert retried >= refused + 5
    assert all(call.at < 1.0 for call in api.calls if call.chat_id != 42)


async def test_retry_after_on_a_fresh_chat_blocks_everything(pacer: Pacer, api: FakeBotApi) -> None:
    """A 429 for a chat that had used nothing of its budget pauses every chat 5 s."""
    api.answers[42] = [RetryAfter(5)]
    await asyncio.gather(send(pacer, api, 42), *(send(pacer, api, 100 + i) for i in range(10)))

    refused = next(call.at for call in api.calls if call.failed)
    later = [call.at for call in api.calls if call.at > refused]
    assert len(later) == 10 + 1  # every other chat, and the refused send again
    assert min(later) >= refused + 5


async def test_pause_is_not_released_early_when_other_requests_finish(
    pacer: Pacer, api: FakeBotApi
) -> None:
    """Requests that finish during a 5 s pause do not end it (unlike PTB 22.8's limiter)."""
    api.latency = {1: 2.0, 2: 2.0}
    api.answers[42] = [RetryAfter(5)]
    in_flight = [send(pacer, api, 1), send(pacer, api, 2)]
    await asyncio.gather(*in_flight, send(pacer, api, 42), *(send(pacer, api, 3) for _ in range(2)))

    refused = next(call.at for call in api.calls if call.failed)
    later = [call for call in api.calls if call.at > refused]
    assert {call.chat_id for call in later} == {42, 3}
    assert min(call.at for call in later) >= refused + 5


async def test_retry_after_is_raised_after_max_retries(
    pacer: Pacer, api: FakeBotApi, clock: FakeClock
) -> None:
    """A chat that keeps answering 429 is tried 1 + 3 times, then RetryAfter reaches the caller."""
    api.answers[42] = [RetryAfter(1) for _ in range(10)]

    with pytest.raises(RetryAfter):
        await send(pacer, api, 42)

    attempts = [call.at for call in api.calls if call.chat_id == 42]
    assert len(attempts) == 4
    assert all(b - a >= 1 for a, b in itertools.pairwise(attempts))


async def test_non_sending_methods_are_not_delayed(
    pacer: Pacer, api: FakeBotApi, clock: FakeClock
) -> None:
    """answerCallbackQuery, getUpdates and edits pass straight through a paused pacer."""
    api.answers[42] = [RetryAfter(30)]
    bulk = [asyncio.create_task(send(pacer, api, 100 + i, priority="bulk")) for i in range(50)]
    refused = asyncio.create_task(send(pacer, api, 42))
    await clock.sleep(0.5)
    now = clock.now()

    for endpoint in ("answerCallbackQuery", "getUpdates", "editMessageText", "getMe"):
        await send(pacer, api, 42, endpoint=endpoint)

    assert [call.at for call in api.calls[-4:]] == [now] * 4
    for task in [*bulk, refused]:
        task.cancel()
    await asyncio.gather(*bulk, refused, return_exceptions=True)


async def test_a_send_counts_until_its_answer_arrives(pacer: Pacer, api: FakeBotApi) -> None:
    """A chat's window runs from each answer, so slow answers can never bunch sends up."""
    api.latency[42] = 0.5
    await asyncio.gather(*(send(pacer, api, 42) for _ in range(BURST + 1)))

    first_answer = api.sent(42)[0] + 0.5
    assert api.sent(42)[BURST] >= first_answer + BURST / 1.0


async def test_a_cancelled_send_gives_up_its_place(
    pacer: Pacer, api: FakeBotApi, clock: FakeClock
) -> None:
    """A send whose caller stops waiting is skipped and uses none of the chat's budget."""
    waiting = [asyncio.create_task(send(pacer, api, 42)) for _ in range(2 * BURST + 1)]
    await clock.sleep(1.0)
    waiting[BURST].cancel()
    await asyncio.gather(*waiting, return_exceptions=True)

    assert len(api.sent(42)) == 2 * BURST
    assert max(api.sent(42)) < BURST + 1.0  # the second burst had room for all three


async def test_shutdown_fails_sends_still_waiting(
    pacer: Pacer, api: FakeBotApi, clock: FakeClock
) -> None:
    """Sends still queued when the bot shuts down fail loudly instead of hanging."""
    waiting = [asyncio.create_task(send(pacer, api, 42)) for _ in range(BURST + 1)]
    await clock.sleep(1.0)
    await pacer.shutdown()
    results = await asyncio.gather(*waiting, return_exceptions=True)

    assert isinstance(results[-1], RuntimeError)
    assert len(api.sent(42)) == BURST


async def test_paid_broadcast_flags_bulk_sends_and_lifts_the_global_budget(
    clock: FakeClock, api: FakeBotApi
) -> None:
    """In paid mode bulk sendMessage carries allow_paid_broadcast and goes at up to 1000/s."""
    pacer = Pacer(RateLimits(paid_broadcast=True), clock=clock)
    await asyncio.gather(*(send(pacer, api, 1000 + i, priority="bulk") for i in range(500)))
    await send(pacer, api, 42)
    await pacer.shutdown()

    bulk = [call for call in api.calls if call.chat_id != 42]
    assert all(call.data["allow_paid_broadcast"] is True for call in bulk)
    assert "allow_paid_broadcast" not in api.calls[-1].data
    assert bulk[-1].at < 1.0
    assert most_in_any_window([call.at for call in bulk], 1.0) <= 1000


async def test_paid_bulk_is_not_held_up_by_replies_waiting_for_the_free_budget(
    clock: FakeClock, api: FakeBotApi
) -> None:
    """In paid mode, while 60 replies wait for the free 30/s budget, a paid broadcast of 500
    still goes at up to 1000/s: replies still go first when they can, never in its way."""
    pacer = Pacer(RateLimits(paid_broadcast=True), clock=clock)
    replies = [send(pacer, api, 1000 + i) for i in range(60)]
    bulk = [send(pacer, api, 5000 + i, priority="bulk") for i in range(500)]
    await asyncio.gather(*replies, *bulk)
    await pacer.shutdown()

    paid = [call.at for call in api.calls if call.chat_id is not None and call.chat_id >= 5000]
    free = [call.at for call in api.calls if call.chat_id is not None and call.chat_id < 5000]
    assert len(free) == 60 and free[0] <= paid[0]
    assert paid[-1] < 1.0
    assert most_in_any_window(free, 1.0) <= 30
    assert most_in_any_window([call.at for call in api.calls], 1.0) <= 1000


async def test_from_config_takes_the_configured_budgets(clock: FakeClock, api: FakeBotApi) -> None:
    """A pacer built from a 10/s configuration spaces sends 0.1 s apart."""
    pacer = Pacer.from_config(RateLimits(messages_per_second=10), clock, per_chat_burst=1)
    await asyncio.gather(*(send(pacer, api, 1000 + i) for i in range(20)))
    await asyncio.gather(*(send(pacer, api, 42) for _ in range(2)))
    await pacer.shutdown()

    assert api.sent()[19] >= 1.9
    assert most_in_any_window(api.sent(), 1.0) <= 10
    second, first = api.sent(42)[1], api.sent(42)[0]
    assert second - first >= 1.0


async def test_unknown_priority_is_refused(pacer: Pacer, api: FakeBotApi) -> None:
    """A typo in rate_limit_args fails loudly instead of silently choosing a priority."""
    data: dict[str, Any] = {"chat_id": 1, "text": "hallo"}
    wrong: Any = {"priority": "urgent"}

    with pytest.raises(ValueError, match="unknown priority"):
        await pacer.process_request(api.post, ("sendMessage", data), {}, "sendMessage", data, wrong)


async def test_real_bot_sends_200_messages_to_50_chats_without_a_429() -> None:
    """PTB's ExtBot with the pacer, against the sandbox at 20x Telegram's limits: zero 429s,
    and everything delivered. How fast is measured by benchmarks/pacer.py, not here: the time
    limit below only catches a pacer that stalls, whatever the machine's speed."""
    factor = 20
    limits = SandboxLimits().scaled(factor)
    config = RateLimits(
        messages_per_second=30.0 * factor,
        per_chat_per_second=1.0 * factor,
        group_per_minute=20 * factor,
    )
    pacer = Pacer.from_config(config)
    async with Sandbox(limits=limits) as sandbox:
        people = [sandbox.user(5000 + i, f"Persoon {i}") for i in range(50)]
        bot = ExtBot(sandbox.token, base_url=sandbox.base_url, rate_limiter=pacer)
        async with bot, asyncio.timeout(60):  # 200 sends need 0.33 s at these limits
            await asyncio.gather(
                *(
                    bot.send_message(person.user_id, f"Bericht {n}", rate_limit_args=args)
                    for person in people
                    for n, args in enumerate([BULK_ARGS, BULK_ARGS, BULK_ARGS, INTERACTIVE_ARGS])
                )
            )

        assert sandbox.count_429 == 0
        assert all(len(sandbox.sent_to(person.user_id)) == 4 for person in people)


async def test_bulk_edits_and_deletes_are_paced_but_interactive_edits_are_not(
    pacer: Pacer, api: FakeBotApi
) -> None:
    """Correcting an alert everywhere keeps to the rate; a single button edit does not wait."""
    bulk = [
        send(pacer, api, 1000 + i, priority="bulk", endpoint=endpoint)
        for i in range(30)
        for endpoint in ("editMessageText", "deleteMessage")
    ]
    await asyncio.gather(*bulk, send(pacer, api, 1, endpoint="editMessageText"))

    times = api.sent()
    assert api.sent(1) == [0.0]
    assert most_in_any_window(times, 1.0) <= RATE + 1  # the unpaced button edit on top
    assert max(times) >= 59 * SLOT
