"""Specification of the sandbox's webhook delivery, against a bare aiohttp receiver."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot
from telegram.error import BadRequest, Conflict

from bot.sandbox import Sandbox, webhooks

SECRET = "sandbox-secret_1"


class Receiver:
    """A webhook that records what it is posted and answers with `status`."""

    def __init__(self) -> None:
        self.status = 200
        self.posts: list[tuple[str | None, dict[str, Any]]] = []
        self.runner: web.AppRunner | None = None
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        self.posts.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.Response(status=self.status)


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    """A running sandbox with default limits."""
    async with Sandbox() as running:
        yield running


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    """A webhook receiver on a free local port."""
    hook = Receiver()
    app = web.Application()
    app.router.add_post("/hook", hook.handle)
    hook.runner = web.AppRunner(app)
    await hook.runner.setup()
    site = web.TCPSite(hook.runner, "127.0.0.1", 0)
    await site.start()
    hook.url = f"http://127.0.0.1:{hook.runner.addresses[0][1]}/hook"
    yield hook
    await hook.runner.cleanup()


@pytest.fixture
async def bot(sandbox: Sandbox) -> AsyncIterator[Bot]:
    """A PTB Bot pointed at the sandbox."""
    async with Bot(sandbox.token, base_url=sandbox.base_url) as client:
        yield client


async def test_updates_are_posted_in_order_with_the_secret_header(
    sandbox: Sandbox, receiver: Receiver, bot: Bot
) -> None:
    """Every update goes to the webhook once, in order, carrying the secret; getUpdates is
    refused while a webhook is set, as Telegram does."""
    await bot.set_webhook(receiver.url, secret_token=SECRET)
    fatima = sandbox.user(1, "Fatima")

    for text in ("een", "twee", "drie"):
        await fatima.send(text)
    await sandbox.wait_until(lambda: len(receiver.posts) == 3)

    assert [post["message"]["text"] for _, post in receiver.posts] == ["een", "twee", "drie"]
    assert {secret for secret, _ in receiver.posts} == {SECRET}
    assert (await bot.get_webhook_info()).pending_update_count == 0
    with pytest.raises(Conflict):
        await bot.get_updates()


async def test_delivery_goes_on_after_a_long_quiet_spell(
    sandbox: Sandbox, receiver: Receiver, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A webhook set long after the sandbox started, or after a quiet spell, still gets
    every update: the courier's idle wait ends in another wait, not in the courier ending."""
    monkeypatch.setattr(webhooks, "IDLE_WAIT", 0.01)
    await bot.set_webhook(receiver.url)
    await asyncio.sleep(0.1)  # ten idle waits go by

    await sandbox.user(1, "Fatima").send("nog iemand?")
    await sandbox.wait_until(lambda: len(receiver.posts) == 1)

    assert receiver.posts[0][1]["message"]["text"] == "nog iemand?"


async def test_a_refused_delivery_is_tried_again_and_reported_by_get_webhook_info(
    sandbox: Sandbox, receiver: Receiver, bot: Bot
) -> None:
    """Until the webhook answers 2xx the same update is posted again; getWebhookInfo shows the
    last error and the waiting update."""
    receiver.status = 503
    await bot.set_webhook(receiver.url, secret_token=SECRET)
    await sandbox.user(1, "Fatima").send("hallo")
    await sandbox.wait_until(lambda: len(receiver.posts) >= 2)
    info = await bot.get_webhook_info()

    receiver.status = 200
    await sandbox.wait_until(lambda: sandbox.world.pending_updates == [])

    assert info.pending_update_count == 1
    assert info.last_error_message is not None and "503" in info.last_error_message
    assert {post["update_id"] for _, post in receiver.posts} == {1}


async def test_deleting_the_webhook_keeps_updates_for_get_updates(
    sandbox: Sandbox, receiver: Receiver, bot: Bot
) -> None:
    """After deleteWebhook nothing is posted any more; polling gets what is pending."""
    await bot.set_webhook(receiver.url)
    await bot.delete_webhook()
    await sandbox.user(1, "Fatima").send("hallo")

    updates = await bot.get_updates()

    assert [u.message.text for u in updates if u.message] == ["hallo"]
    assert receiver.posts == []


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("http://bot.example.nl/hook", None),
        ("ftp://127.0.0.1/hook", None),
        ("https://bot.example.nl/hook", "not allowed!"),
    ],
)
async def test_a_webhook_telegram_would_refuse_is_refused(
    bot: Bot, url: str, secret: str | None
) -> None:
    """Plain HTTP only to a loopback address (the sandbox's one liberty); a secret with
    characters Telegram does not allow is refused."""
    with pytest.raises(BadRequest):
        await bot.set_webhook(url, secret_token=secret)
