"""The reporter's draft form: what each button changes on their signal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.buttons import parse_index
from bot.config import Config
from bot.errors import StaleAction
from bot.signals import render, service
from storage.models import Person
from storage.signal_models import Signal, SignalStatus, Urgency


async def apply(
    session: AsyncSession,
    config: Config,
    person: Person,
    signal: Signal,
    action: str,
    arg: str,
    themes: Sequence[str],
    *,
    now: datetime,
) -> None:
    """Change the draft as the pressed button says (or file, cancel, or get ready to add)."""
    if action == render.ADD:
        if signal.status not in service.OPEN_STATES:
            raise StaleAction
        await service.set_intent(session, person, signal, service.ADD, now=now)
        return
    if signal.status is not SignalStatus.DRAFT:
        raise StaleAction
    if action == render.THEME:
        index = parse_index(arg)
        if index is None or index >= len(themes):
            raise StaleAction
        signal.theme = None if signal.theme == themes[index] else themes[index]
    elif action == render.URGENCY and arg in ("0", "1"):
        signal.urgency = Urgency.URGENT if arg == "1" else Urgency.NORMAL
    elif action == render.WIJK:
        wijken = config.network.neighbourhoods
        index = parse_index(arg)
        if arg != render.NO_WIJK and (index is None or index >= len(wijken)):
            raise StaleAction
        signal.wijk = None if index is None else wijken[index]
    elif action == render.ANONYMOUS:
        signal.anonymous = not signal.anonymous
    elif action == render.SEND:
        await service.file(session, signal, now=now)
    elif action == render.CANCEL:
        await service.cancel(session, signal)
    elif action not in (render.WIJKEN, render.BACK):
        raise StaleAction


async def remember(session: AsyncSession, number: int, message_id: int) -> None:
    """Remember which message shows a signal's form, so the next change edits it in place."""
    stored = await service.get(session, number, for_update=True)
    stored.form_message_id = message_id
