"""Health checks and metrics over HTTP: what a service manager, a load balancer and a
monitoring system see of a running bot."""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

import aiohttp
import pytest
from telegram.error import TelegramError

from bot.config import Config
from bot.receiving import WebhookReceiver
from bot.sandbox import Sandbox
from tests.conftest import RATE_SCALE
from tests.factories import Harness, bot_config


@pytest.fixture
def config(sandbox: Sandbox, database_url: str) -> Config:
    """Return the test configuration with health checks and metrics on a free local port."""
    return bot_config(sandbox, database_url, rate_scale=RATE_SCALE, http={"listen": "127.0.0.1:0"})


def _base(h: Harness) -> str:
    health = h.app.bot_data.health
    assert health is not None
    return f"http://127.0.0.1:{health.bound}"


async def _get(h: Harness, path: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(_base(h) + path) as response:
        return response.status, await response.text()


async def _webhook_check(h: Harness) -> None:
    """Run the active process's check of the webhook now (it runs every minute), if any."""
    receiver = h.app.bot_data.receiver
    if isinstance(receiver, WebhookReceiver):
        with contextlib.suppress(TelegramError):
            await receiver.check(h.app)


def _value(metrics: str, name: str, **labels: str) -> float:
    """Return one sample's value from the text format (0 if it is not there)."""
    inner = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    pattern = rf"^{re.escape(name)}{re.escape('{' + inner + '}') if inner else ''} (\S+)$"
    found = re.search(pattern, metrics, flags=re.MULTILINE)
    return float(found.group(1)) if found else 0.0


async def test_a_running_bot_is_alive_and_ready_as_the_active_sender(harness: Harness) -> None:
    """/healthz answers while it runs; /readyz says the database is current, Telegram
    reachable and this process the active sender."""
    alive = await _get(harness, "/healthz")
    status, body = await _get(harness, "/readyz")

    assert alive[0] == 200
    assert status == 200
    ready: dict[str, Any] = json.loads(body)
    assert ready == {
        "ready": True,
        "database": "current",
        "telegram": "reachable",
        "role": "active",
    }


async def test_not_ready_while_telegram_cannot_be_reached(harness: Harness) -> None:
    """During a Telegram outage /readyz answers 503 and says why; /healthz stays 200."""
    health = harness.app.bot_data.health
    assert health is not None
    harness.sandbox.outage()
    # The poll in progress ends within its timeout; the next one finds Telegram away. In
    # webhook mode the minute's check finds it.
    await _webhook_check(harness)
    await harness.sandbox.wait_until(lambda: not health.probes.telegram_reachable())
    status, body = await _get(harness, "/readyz")
    alive = await _get(harness, "/healthz")
    harness.sandbox.outage(False)
    await _webhook_check(harness)
    await harness.sandbox.wait_until(health.probes.telegram_reachable)
    after = await _get(harness, "/readyz")

    assert status == 503
    assert '"telegram": "unreachable"' in body
    assert alive[0] == 200
    assert after[0] == 200


async def test_a_standby_is_ready_without_asking_telegram(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A standby calls Telegram for nothing, so /readyz does not claim to know whether it is
    reachable: ready with the database current, role standby, Telegram "not asked"."""
    monkeypatch.setattr(harness.app.bot_data.services.outbox, "engine", None)
    harness.sandbox.outage()

    status, body = await _get(harness, "/readyz")

    assert status == 200
    assert json.loads(body) == {
        "ready": True,
        "database": "current",
        "telegram": "not asked",
        "role": "standby",
    }
    harness.sandbox.outage(False)


async def test_metrics_count_updates_requests_and_show_the_outbox(harness: Harness) -> None:
    """After a member's /help, /metrics counts the message update and the sendMessage, shows
    this process active and nothing due in the outbox; no name or text appears."""
    fatima = await harness.member(2001, "Fatima Yilmaz")
    await harness.say(fatima, "/help")

    status, metrics = await _get(harness, "/metrics")

    assert status == 200
    assert _value(metrics, "sleutelnet_updates_total", kind="message") >= 1
    assert (
        _value(metrics, "sleutelnet_telegram_requests_total", method="sendMessage", outcome="ok")
        >= 1
    )
    assert _value(metrics, "sleutelnet_active") == 1
    assert 'sleutelnet_outbox_due{kind="alerts"} 0.0' in metrics
    assert _value(metrics, "sleutelnet_open_signals") == 0
    assert "Fatima" not in metrics and "2001" not in metrics
