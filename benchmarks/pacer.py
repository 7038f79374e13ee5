"""Benchmark the pacer: PTB's real ExtBot against the sandbox at Telegram's limits x a factor.

Sends one bulk message to each of N recipients through the pacer while a person keeps talking to
the bot, and prints the figures as ratios against the limit:

    .venv/bin/python -m benchmarks.pacer --recipients 2000 --factor 10
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from telegram.error import TelegramError
from telegram.ext import ExtBot

from bot.config import RateLimits
from bot.pacer import Pacer, PacerArgs
from bot.sandbox import Sandbox, SandboxLimits

BULK: PacerArgs = {"priority": "bulk"}
FIRST_RECIPIENT = 100_000
FIRST_TALKER = 900_000
TALKERS = 10  # the person talking rotates over these chats so no chat exceeds its own budget
REPLY_EVERY = 30  # slots (of 1/limit s) between interactive replies: ~3% of the budget


@dataclass
class Figures:
    """What one run measured."""

    recipients: int
    rate: float
    elapsed: float = 0.0
    first_answer: float = 0.0
    failed: int = 0
    replies: list[float] = field(default_factory=list)
    count_429: int = 0
    lost: int = 0
    duplicates: int = 0


async def run(recipients: int, factor: float, workers: int) -> Figures:
    """Send the bulk message to every recipient and measure; return the figures."""
    rate = 30.0 * factor
    limits = SandboxLimits().scaled(factor)
    config = RateLimits(
        messages_per_second=rate,
        per_chat_per_second=1.0 * factor,
        group_per_minute=limits.group_per_minute,
    )
    figures = Figures(recipients, rate)
    async with Sandbox(limits=limits) as sandbox:
        chats = [FIRST_RECIPIENT + i for i in range(recipients)]
        for chat_id in chats:
            sandbox.user(chat_id, f"Sleutelpersoon {chat_id}")
        for i in range(TALKERS):
            sandbox.user(FIRST_TALKER + i, f"Vrager {i}")
        bot = ExtBot(
            sandbox.token, base_url=sandbox.base_url, rate_limiter=Pacer.from_config(config)
        )
        async with bot:
            todo = iter(chats)
            started = time.monotonic()

            async def sender() -> None:
                for chat_id in todo:
                    try:
                        await bot.send_message(chat_id, "Alert: test", rate_limit_args=BULK)
                    except TelegramError:
                        figures.failed += 1
                    if not figures.first_answer:
                        figures.first_answer = time.monotonic() - started

            bulk = asyncio.gather(*(sender() for _ in range(workers)))

            async def talk() -> None:
                n = 0
                while not bulk.done():
                    asked = time.monotonic()
                    await bot.send_message(FIRST_TALKER + n % TALKERS, "Antwoord")
                    figures.replies.append(time.monotonic() - asked)
                    n += 1
                    await asyncio.sleep(REPLY_EVERY / rate)

            talker = asyncio.create_task(talk())
            await bulk
            figures.elapsed = time.monotonic() - started
            await talker
        figures.count_429 = sandbox.count_429
        delivered = [len(sandbox.sent_to(chat_id)) for chat_id in chats]
        figures.lost = sum(1 for count in delivered if count == 0)
        figures.duplicates = sum(count - 1 for count in delivered if count > 1)
    return figures


def report(figures: Figures) -> str:
    """Format the figures as ratios against the limit."""
    slot = 1 / figures.rate
    sends = figures.recipients + len(figures.replies)
    replies = sorted(figures.replies)
    p95 = replies[max(0, round(0.95 * len(replies)) - 1)] if replies else 0.0
    median = statistics.median(replies) if replies else 0.0
    return "\n".join(
        [
            f"limit: {figures.rate:.0f} messages/s; {figures.recipients} recipients",
            f"elapsed: {figures.elapsed:.2f} s = {figures.elapsed / (sends * slot):.3f}"
            f" x the minimum for {sends} sends ({len(replies)} of them interactive replies)",
            f"achieved rate: {sends / figures.elapsed / figures.rate:.3f} x limit"
            f" (bulk alone {figures.recipients / figures.elapsed / figures.rate:.3f} x limit)",
            f"429 answers: {figures.count_429}",
            f"messages lost: {figures.lost}; duplicates: {figures.duplicates};"
            f" failed sends: {figures.failed}",
            f"first bulk answer after: {figures.first_answer * 1000:.1f} ms",
            f"interactive reply latency during the alert: median {median * 1000:.1f} ms"
            f" = {median / slot:.2f} slots, p95 {p95 * 1000:.1f} ms = {p95 / slot:.2f} slots,"
            f" max {replies[-1] * 1000 if replies else 0.0:.1f} ms"
            f" (1 slot = 1/limit; at the real 30/s a slot is 33 ms)",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    """Parse the options, run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--recipients", type=int, default=2000, help="bulk recipients")
    parser.add_argument("--factor", type=float, default=10.0, help="scale Telegram's limits")
    parser.add_argument("--workers", type=int, default=200, help="concurrent bulk senders")
    options = parser.parse_args(argv)
    os.environ.setdefault("PTB_TIMEDELTA", "true")  # as the application does
    figures = asyncio.run(run(options.recipients, options.factor, options.workers))
    print(report(figures))


if __name__ == "__main__":
    main()
