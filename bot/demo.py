"""`sleutelnet demo`: the real bot against the sandbox, playing a short scripted scenario."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from bot.app import build_application
from bot.config import Config, config_from_mapping
from bot.runner import receiving
from bot.sandbox import Sandbox, SandboxLimits, SimulatedUser
from bot.services import AppType
from storage.db import Database
from storage.migrate import upgrade
from storage.models import PersonStatus
from storage.repositories import People

COORDINATOR_ID = 1001
KEY_PERSON_ID = 2002
STRANGER_ID = 3003
NEIGHBOURHOODS = ("Centrum", "Tanthof", "Voorhof", "Buitenhof", "Tanthof-Oost", "Wippolder")
# Telegram's own limits: the bot's pacer keeps within them, so the demo sees no 429.
DEMO_LIMITS = SandboxLimits()


def sandbox_config(
    sandbox: Sandbox,
    database_url: str,
    *,
    coordinators: Sequence[int] = (COORDINATOR_ID,),
    rate_scale: float = 1.0,
    webhook_secret: str | None = None,
    **overrides: Any,
) -> Config:
    """Build a configuration that points the bot at a sandbox and a database; with a
    `webhook_secret`, the sandbox posts updates to a webhook on a free local port."""
    data: dict[str, Any] = {
        "coordinators": list(coordinators),
        "telegram": {
            "token": sandbox.token,
            "bot_username": sandbox.bot_username,
            "api_base_url": sandbox.base_url,
            "rate_limits": {
                "messages_per_second": 30 * rate_scale,
                "per_chat_per_second": 1 * rate_scale,
                "group_per_minute": max(1, round(20 * rate_scale)),
            },
        },
        "database": {"url": database_url},
        "network": {
            "name": "Sleutelnetwerk Delft",
            "neighbourhoods": list(NEIGHBOURHOODS),
            "themes": [
                {
                    "key": "radicalisation-polarisation",
                    "label": {
                        "nl": "Radicalisering en polarisatie",
                        "en": "Radicalisation and polarisation",
                    },
                },
                {
                    "key": "undermining-crime",
                    "label": {"nl": "Ondermijning", "en": "Undermining crime"},
                },
            ],
            "privacy_notice": {
                "version": "2026-11",
                "text": {
                    "nl": "De gemeente verwerkt je gegevens alleen voor het netwerk.",
                    "en": "The municipality processes your data only for the network.",
                },
            },
        },
    }
    if webhook_secret is not None:
        data["telegram"].update(
            mode="webhook",
            webhook_url="http://127.0.0.1:0/telegram",
            webhook_listen="127.0.0.1:0",
            secret_token=webhook_secret,
        )
    for key, value in overrides.items():
        data[key] = value
    return config_from_mapping(data, environ={})


async def run_demo(out: TextIO) -> int:
    """Play the scenario, print the transcript, and return 0 if it went as scripted."""
    with tempfile.TemporaryDirectory(prefix="sleutelnet-demo-") as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'demo.db'}"
        async with Sandbox(limits=DEMO_LIMITS) as sandbox:
            db = Database(url)
            await upgrade(db)
            app = build_application(sandbox_config(sandbox, url), db=db)
            async with receiving(app, poll_timeout=1):
                ok = await _scenario(sandbox, db, app)
        names = {
            COORDINATOR_ID: "Sanne (coordinator)",
            KEY_PERSON_ID: "Fatima",
            STRANGER_ID: "Stranger",
        }
        print(
            "Sleutelnet demo: the real bot, over HTTP, against the local Bot API sandbox.\n",
            file=out,
        )
        print(sandbox.format_transcript(names), file=out)
        print(f"\nTelegram flood-control answers (429): {sandbox.count_429}", file=out)
        print("Demo " + ("finished as scripted." if ok else "did NOT go as scripted."), file=out)
        return 0 if ok else 1


async def _scenario(sandbox: Sandbox, db: Database, app: AppType) -> bool:
    sanne = sandbox.user(COORDINATOR_ID, "Sanne", language_code="nl")
    fatima = sandbox.user(KEY_PERSON_ID, "Fatima", language_code="nl")
    stranger = sandbox.user(STRANGER_ID, "Onbekend", language_code="nl")

    await _say(sanne, "/help")
    await _say(sanne, "/invite Fatima Yilmaz")
    token = _token(sanne.last().plain_text())

    await _say(stranger, "Hallo, wie ben jij?")

    await _say(fatima, f"/start {token}")
    await _press(fatima, "Verder")
    await _press(fatima, "Radicalisering en polarisatie", answer_only=True)
    await _press(fatima, "Verder")
    await _press(fatima, "Tanthof", answer_only=True)
    await _press(fatima, "Klaar")
    await _say(fatima, "/help")

    await _say(sanne, "/people")
    await _say(sanne, "/people wijk=Tanthof")

    # An incident: the coordinator alerts the network, Fatima confirms she passed it on.
    await _say(sanne, "/alert")
    await _say(sanne, ALERT_TEXT)
    for button in ("Verder", "Iedereen", "Intern", "Nu versturen", "Verstuur naar"):
        await _press(sanne, button, answer_only=True)
    await fatima.next_message()
    await _press(fatima, "Doorgegeven", answer_only=True)
    await app.bot_data.services.alerts.report_now()

    # Fatima reports what she saw, with a photo; Sanne takes it, answers and closes it.
    await fatima.send_photo(caption=SIGNAL_TEXT)
    await fatima.next_message()
    await _press(fatima, "Urgent", answer_only=True)
    await _press(fatima, "Versturen", answer_only=True)
    await fatima.next_message()
    await sandbox.wait_until(lambda: any(m.kind == "photo" for m in sanne.received()))
    await _press(sanne, "Oppakken", answer_only=True)
    await _press(sanne, "Antwoorden")
    await _say(sanne, "Dank je, we nemen contact op met de school.")
    await fatima.next_message()
    await _press(sanne, "Afsluiten")
    await _press(sanne, "Afsluiten zonder eigen bericht", answer_only=True)
    await fatima.next_message()

    async with db.begin() as session:
        person = await People(session).by_telegram_id(KEY_PERSON_ID)
        stranger_row = await People(session).by_telegram_id(STRANGER_ID)
    passed_on = any("doorgegeven 1" in m.plain_text() for m in sanne.messages)
    closed = any("is afgesloten" in m.plain_text() for m in fatima.messages)
    return (
        passed_on
        and closed
        and person is not None
        and person.status is PersonStatus.ACTIVE
        and stranger_row is None
        and sandbox.count_429 == 0
    )


async def _say(user: SimulatedUser, text: str) -> None:
    await user.send(text)
    await user.next_message()


async def _press(user: SimulatedUser, button: str, *, answer_only: bool = False) -> None:
    await user.press(button)
    await user.expect_answer()
    if not answer_only:
        await user.next_message()


ALERT_TEXT = (
    "Er gaan berichten rond over onrust bij het station vanavond. De politie is ter plaatse en "
    "de situatie is rustig. Deel geen ongecontroleerde berichten en wijs jongeren op de "
    "jongerenwerkers in het buurthuis."
)


SIGNAL_TEXT = "Deze flyers worden sinds vanochtend uitgedeeld bij de middelbare school."


def _token(text: str) -> str:
    match = re.search(r"\?start=([A-Za-z0-9_-]+)", text)
    if match is None:
        msg = "the invitation reply held no link"
        raise RuntimeError(msg)
    return match.group(1)
