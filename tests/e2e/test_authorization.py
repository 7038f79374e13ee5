"""The authorization matrix: every command and every button kind the features declare, for
every kind of person, against the real access gate (issue 13). A new command or button is
covered without a new test: the rows come from the declarations."""

from __future__ import annotations

from itertools import count
from typing import Any

import pytest
from sqlalchemy import func, select
from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.feature import Who
from bot.services import AppContext
from handlers import discover
from handlers.gate import AccessGate
from storage.models import AuditEntry, PersonStatus, Role
from tests.factories import Harness, add_member

FEATURES = discover()
IDS = {
    "stranger": 5001,
    "invited": 5002,
    "key person": 5003,
    "background contact": 5004,
    "left": 5005,
    "coordinator": 5006,
}
# Who may use what, by the declared `Who`; /start and /privacy are open to people who left
# (an invitation, and what is still kept), and /start with an invitation to strangers.
ALLOWED = {
    Who.ANYONE: {"invited", "key person", "background contact", "coordinator"},
    Who.MEMBER: {"key person", "background contact", "coordinator"},
    Who.COORDINATOR: {"coordinator"},
}
OPEN_TO_LEFT = {"privacy"}
# Whose refused coordinator actions are audited: people with a record. Not strangers (nothing
# is stored about them) and not people who left (nothing new is stored about them).
AUDITED = {"invited", "key person", "background contact"}
_update_ids = count(10_000)


async def people(h: Harness) -> None:
    """Store one person of every kind; 'left' has said /stop (and is erased)."""
    for kind, role, status in (
        ("invited", Role.KEY_PERSON, PersonStatus.INVITED),
        ("key person", Role.KEY_PERSON, PersonStatus.ACTIVE),
        ("background contact", Role.BACKGROUND_CONTACT, PersonStatus.ACTIVE),
        ("left", Role.KEY_PERSON, PersonStatus.ACTIVE),
        ("coordinator", Role.COORDINATOR, PersonStatus.ACTIVE),
    ):
        themes = () if status is PersonStatus.INVITED else ("radicalisation-polarisation",)
        await add_member(h.db, h.clock, IDS[kind], kind, role=role, status=status, themes=themes)
    leaving = h.sandbox.user(IDS["left"], "Left")
    await h.say(leaving, "/stop")
    await h.press(leaving, "Ja, stop")


def update_for(
    h: Harness, user_id: int, *, command: str | None = None, data: str | None = None
) -> Update:
    """Build the update a person's command or button press would be."""
    user = {"id": user_id, "is_bot": False, "first_name": "P"}
    chat = {"id": user_id, "type": "private", "first_name": "P"}
    raw: dict[str, Any] = {"update_id": next(_update_ids)}
    if command is not None:
        text = f"/{command}"
        raw["message"] = {
            "message_id": 1, "date": 0, "chat": chat, "from": user, "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        }  # fmt: skip
    else:
        message = {"message_id": 1, "date": 0, "chat": chat, "text": "…"}
        raw["callback_query"] = {
            "id": str(next(_update_ids)), "from": user, "chat_instance": "c",
            "message": message, "data": data,
        }  # fmt: skip
    update = Update.de_json(raw, h.app.bot)
    assert update is not None
    return update


async def passes(h: Harness, gate: AccessGate, update: Update) -> bool:
    """Tell whether the access gate lets the update through to the feature's handler."""
    user = update.effective_user
    assert user is not None
    context = AppContext(h.app, chat_id=user.id, user_id=user.id)
    try:
        await gate(update, context)
    except ApplicationHandlerStop:
        return False
    return True


async def refusals(h: Harness) -> int:
    """Count the refused coordinator actions in the audit log."""
    async with h.db.begin() as session:
        stmt = select(func.count()).where(AuditEntry.action == "access.refused")
        return int(await session.scalar(stmt) or 0)


@pytest.fixture(autouse=True)
def quiet_refusals(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the gate's refusal messages (their wording is tested elsewhere) off the wire: these
    updates were never sent, so there is no chat or button to answer."""

    async def nothing(*args: object, **kwargs: object) -> None:
        return None

    monkeypatch.setattr("handlers.gate.reply", nothing)
    monkeypatch.setattr("handlers.gate.answer", nothing)


@pytest.mark.parametrize("kind", list(IDS))
async def test_every_declared_command_is_allowed_exactly_to_whom_it_says(
    harness: Harness, kind: str
) -> None:
    """Each command, for this kind of person: allowed as declared, refused otherwise; every
    refused coordinator command by someone with a record is in the audit log."""
    await people(harness)
    gate = AccessGate(FEATURES)
    before = await refusals(harness)
    refused_coordinator_actions = 0
    for name, command in sorted(FEATURES.commands.items()):
        expected = kind in ALLOWED[command.who] or (kind == "left" and name in OPEN_TO_LEFT)
        allowed = await passes(harness, gate, update_for(harness, IDS[kind], command=name))
        assert allowed is expected, (kind, name)
        if command.who is Who.COORDINATOR and not allowed and kind in AUDITED:
            refused_coordinator_actions += 1
    assert await refusals(harness) - before == refused_coordinator_actions


@pytest.mark.parametrize("kind", list(IDS))
async def test_every_declared_button_kind_is_allowed_exactly_to_whom_it_says(
    harness: Harness, kind: str
) -> None:
    """Each button kind (forged data with its prefix), for this kind of person: the gate lets
    it through as declared (the feature then checks the data itself), and refuses otherwise."""
    await people(harness)
    gate = AccessGate(FEATURES)
    guest_buttons = {g.button.prefix for g in FEATURES.guests}
    for prefix, button in sorted(FEATURES.buttons.items()):
        expected = kind in ALLOWED[button.who] or (kind == "stranger" and prefix in guest_buttons)
        allowed = await passes(harness, gate, update_for(harness, IDS[kind], data=f"{prefix}:1"))
        assert allowed is expected, (kind, prefix)
