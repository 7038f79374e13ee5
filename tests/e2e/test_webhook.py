"""Webhook mode: Telegram posts updates to the bot, which answers only requests carrying its
secret, and only while it is the active process."""

from __future__ import annotations

import json
import logging

import aiohttp
import pytest

from bot.clock import FakeClock
from bot.config import Config
from bot.demo import sandbox_config
from bot.receiving import WebhookReceiver
from bot.sandbox import Sandbox
from bot.webhook import SECRET_HEADER
from storage.db import Database
from tests.conftest import RATE_SCALE
from tests.factories import Harness, running

SECRET = "the-real-secret_42"


@pytest.fixture
def config(sandbox: Sandbox, database_url: str) -> Config:
    """Return the test configuration in webhook mode, whatever mode the suite runs in."""
    return sandbox_config(sandbox, database_url, rate_scale=RATE_SCALE, webhook_secret=SECRET)


def _receiver(h: Harness) -> WebhookReceiver:
    receiver = h.app.bot_data.receiver
    assert isinstance(receiver, WebhookReceiver)
    return receiver


async def _post(h: Harness, body: bytes, headers: dict[str, str]) -> int:
    async with (
        aiohttp.ClientSession() as http,
        http.post(_receiver(h).url, data=body, headers=headers) as response,
    ):
        return response.status


def _update(update_id: int, user_id: int, text: str) -> bytes:
    user = {"id": user_id, "is_bot": False, "first_name": "Forger"}
    message = {
        "message_id": 1,
        "date": 1_700_000_000,
        "chat": {"id": user_id, "type": "private", "first_name": "Forger"},
        "from": user,
        "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
    }
    return json.dumps({"update_id": update_id, "message": message}).encode()


async def test_the_bot_sets_its_webhook_with_its_secret_and_is_answered_through_it(
    harness: Harness,
) -> None:
    """The active process registers the webhook with the secret and the update kinds it
    handles; every update then arrives by POST, and nothing polls."""
    reply = await harness.say(harness.coordinator, "/help")

    assert "/alert" in reply.plain_text()
    (call,) = harness.sandbox.calls_to("setWebhook")
    assert call.params["url"] == _receiver(harness).url
    assert call.params["secret_token"] == SECRET
    assert "callback_query" in call.params["allowed_updates"]
    assert harness.sandbox.calls_to("getUpdates") == []
    assert harness.sandbox.webhook_answers == {"200": 1}


@pytest.mark.parametrize("secret", [None, "", "the-real-secret_4", "THE-REAL-SECRET_42"])
async def test_a_post_without_the_right_secret_is_refused_403_and_never_handled(
    harness: Harness, caplog: pytest.LogCaptureFixture, secret: str | None
) -> None:
    """Someone who found the webhook's address cannot pose as a coordinator: without the exact
    secret the request gets 403 and the bot does nothing with it; the refusal is one warning
    that shows nothing of the request."""
    headers = {} if secret is None else {SECRET_HEADER: secret}
    forged = _update(900_001, harness.coordinator.user_id, "/help")

    with caplog.at_level(logging.WARNING, logger="bot.webhook"):
        status = await _post(harness, forged, headers)
        await _post(harness, forged, headers)
    await harness.say(harness.coordinator, "/help")  # a real update after the forged ones

    assert status == 403
    assert len(harness.sandbox.sent_to(harness.coordinator.user_id)) == 1
    warnings = [r.getMessage() for r in caplog.records if r.name == "bot.webhook"]
    assert len(warnings) == 1
    assert "secret token" in warnings[0]
    assert "/help" not in warnings[0] and "Forger" not in warnings[0]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"not json at all", 400),
        (b"[1, 2, 3]", 400),
        (b'{"update_id": "seven"}', 400),
        (b'{"update_id": 77, "message": {"chat": "not a chat"}}', 200),
    ],
)
async def test_a_malformed_post_with_the_secret_gets_a_clear_status_and_no_answer(
    harness: Harness, body: bytes, status: int
) -> None:
    """What is not an update is refused (400); an update this library cannot read is skipped
    with 200 so Telegram does not send it forever, and the bot keeps answering."""
    answered = await _post(harness, body, {SECRET_HEADER: SECRET})
    reply = await harness.say(harness.coordinator, "/help")

    assert answered == status
    assert "/alert" in reply.plain_text()


async def test_a_standby_process_answers_503_and_telegram_delivers_again_to_the_active_one(
    harness: Harness,
) -> None:
    """While this process stands by, a delivery gets 503 and stays with Telegram; once it is
    active again the same update arrives and is answered once."""
    receiver = _receiver(harness)
    receiver.listener.is_active = lambda: False
    await harness.coordinator.send("/help")
    await harness.sandbox.wait_until(lambda: harness.sandbox.webhook_answers.get("503", 0) >= 2)

    receiver.listener.is_active = lambda: True
    reply = await harness.coordinator.next_message()

    assert "/alert" in reply.plain_text()
    assert harness.sandbox.webhook_answers["200"] == 1
    assert len(harness.sandbox.sent_to(harness.coordinator.user_id)) == 1


async def test_a_webhook_changed_elsewhere_is_set_again_and_delivery_errors_are_warned_once(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """The active process's check finds a webhook someone else replaced and sets its own again;
    a delivery error Telegram reports is one warning, not one per check."""
    receiver = _receiver(harness)
    await harness.app.bot.set_webhook("https://example.org/elsewhere")
    with caplog.at_level(logging.WARNING, logger="bot.receiving"):
        await receiver.check(harness.app)
    assert harness.sandbox.world.webhook["url"] == receiver.url

    receiver.listener.is_active = lambda: False
    await harness.coordinator.send("/help")
    await harness.sandbox.wait_until(lambda: "503" in harness.sandbox.webhook_answers)
    with caplog.at_level(logging.WARNING, logger="bot.receiving"):
        await receiver.check(harness.app)
        await receiver.check(harness.app)
    receiver.listener.is_active = lambda: True
    await harness.coordinator.next_message()

    warnings = [r.getMessage() for r in caplog.records if r.name == "bot.receiving"]
    assert len(warnings) == 2
    assert "changed outside this bot" in warnings[0]
    assert "503" in warnings[1] and "1 updates waiting" in warnings[1]


async def test_a_bot_back_in_polling_mode_removes_the_webhook_and_polls(
    sandbox: Sandbox, db: Database, clock: FakeClock, database_url: str
) -> None:
    """Switching a deployment from webhook to polling needs nothing but the config: polling
    starts by deleting the webhook Telegram still holds."""
    async with aiohttp.ClientSession() as http:
        url = f"{sandbox.base_url}{sandbox.token}/setWebhook"
        await http.post(url, json={"url": "https://bot.example.nl/telegram"})
    polling = sandbox_config(sandbox, database_url, rate_scale=RATE_SCALE)

    async with running(sandbox, db, clock, polling) as h:
        reply = await h.say(h.coordinator, "/help")

    assert "/alert" in reply.plain_text()
    assert sandbox.world.webhook == {}
