"""End to end over HTTP: one slow update never makes other people wait, and one person's
updates are still handled in the order they came."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import ApplicationHandlerStop, MessageHandler, filters

from bot.services import AppContext
from tests.factories import Harness

SLOW = "traag werk"


def slow_handler(
    release: asyncio.Event, started: asyncio.Event
) -> MessageHandler[AppContext, None]:
    """A handler that holds its update until `release` is set, as a long listing would."""

    async def hold(update: Update, context: AppContext) -> None:
        started.set()
        await release.wait()
        raise ApplicationHandlerStop

    return MessageHandler(filters.Text([SLOW]), hold)


async def test_a_slow_update_does_not_hold_up_someone_elses(harness: Harness) -> None:
    """While the coordinator's update is still being handled, a key person's /help is
    answered."""
    fatima = await harness.member(2001, "Fatima Yilmaz")
    release, started = asyncio.Event(), asyncio.Event()
    harness.app.add_handler(slow_handler(release, started), group=-1000)

    try:
        await harness.coordinator.send(SLOW)
        await asyncio.wait_for(started.wait(), 10)
        answered = await harness.say(fatima, "/help")
    finally:
        release.set()

    assert "/privacy" in answered.plain_text()


async def test_one_persons_updates_keep_their_order(harness: Harness) -> None:
    """The coordinator's next message waits until their slow one is done."""
    release, started = asyncio.Event(), asyncio.Event()
    harness.app.add_handler(slow_handler(release, started), group=-1000)
    sanne = harness.coordinator

    try:
        await sanne.send(SLOW)
        await asyncio.wait_for(started.wait(), 10)
        before = len(sanne.received())
        await sanne.send("/help")
        fatima = await harness.member(2001, "Fatima Yilmaz")
        await harness.say(fatima, "/help")  # a full round trip: the coordinator's /help had time
        waited = len(sanne.received()) == before
    finally:
        release.set()

    assert waited
    answered = await sanne.next_message()
    assert "/alert" in answered.plain_text()
