"""A seeded storm of odd updates: wrong commands, huge and strange texts, forged buttons,
stickers, polls, media, and updates the library cannot parse, from strangers, members and a
coordinator. Nothing raises past the error handler, and /help is answered right after (issue
13)."""

from __future__ import annotations

import logging
import random

import pytest

from bot.sandbox import SimulatedUser
from handlers import discover
from tests.factories import Harness

SEED = 13
UPDATES = 1200
COMMANDS = [f"/{name}" for name in discover().commands] + ["/foo", "/START", "/help@other_bot"]
PREFIXES = [*discover().buttons, "zz", ""]
ODD_TEXT = ["", " ", "ä" * 5000, "\u202e\u200b", "<b>x</b>", "&amp;", "/", "💥" * 300, "0" * 40]


def odd_text(rng: random.Random) -> str:
    """Return text someone might send: ordinary, huge, control characters or markup."""
    if rng.random() < 0.3:
        return rng.choice(ODD_TEXT)
    length = rng.choice([1, 10, 100, 4096, 4200])
    return "".join(chr(rng.randint(32, 0x2FFF)) for _ in range(length))


def odd_data(rng: random.Random) -> str:
    """Return callback data a forger might send: real prefixes with junk, or junk."""
    junk = rng.choice(["", "1", "-1", "99999999999", "x" * 70, "²", "1:2:3:4", ":::"])
    return f"{rng.choice(PREFIXES)}:{junk}"[:64]


async def storm(h: Harness, users: list[SimulatedUser], rng: random.Random) -> None:
    """Send UPDATES odd updates from random people, without waiting for answers."""
    for _ in range(UPDATES):
        user = rng.choice(users)
        roll = rng.random()
        if roll < 0.35:
            await user.send(f"{rng.choice(COMMANDS)} {odd_text(rng)[:300]}")
        elif roll < 0.55:
            await user.send(odd_text(rng))
        elif roll < 0.8:
            await user.press_data(odd_data(rng))
        elif roll < 0.85:
            await user.send_sticker()
        elif roll < 0.9:
            await user.send_poll(odd_text(rng)[:200] or "?")
        elif roll < 0.95:
            await user.send_photo(caption=odd_text(rng)[:1024])
        else:
            h.sandbox.world.enqueue_raw_update({"message": {"message_id": 1, "date": "x"}})


@pytest.mark.parametrize("seed", [SEED])
async def test_a_storm_of_odd_updates_raises_nothing_and_help_still_answers(
    harness: Harness, caplog: pytest.LogCaptureFixture, seed: int
) -> None:
    """No update reaches the error handler as a fault of ours, and /help is answered after."""
    caplog.set_level(logging.WARNING)
    users = [harness.sandbox.user(7000 + i, f"Vreemde{i}") for i in range(4)]
    for i in range(4):
        users.append(await harness.member(7100 + i, f"Lid {i}"))
    users.append(harness.coordinator)

    await storm(harness, users, random.Random(seed))
    # Someone outside the storm: updates are handled in order, so this answer comes last.
    calm = await harness.member(7200, "Rustig Lid")
    await calm.send("/help")
    answer = await calm.next_message(timeout=180)  # after a thousand updates, each answered

    assert "/privacy" in answer.plain_text()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []
