"""Telegram update handlers, one module per feature, registered in one place."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, TypeHandler

from handlers import (
    account,
    alerts,
    fallback,
    gate,
    meetings,
    messages,
    news,
    onboarding,
    people,
    signal_desk,
    signals,
    workgroup_chat,
    workgroups,
)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Register every handler in order; the access gate runs first, in group -1."""
    access = gate.AccessGate(
        coordinator_commands=people.COMMANDS
        | alerts.COMMANDS
        | signal_desk.COMMANDS
        | meetings.COMMANDS
        | news.COMMANDS
        | workgroups.COMMANDS,
        coordinator_callbacks=people.CALLBACKS
        | alerts.CALLBACKS
        | signal_desk.CALLBACKS
        | meetings.CALLBACKS
        | news.CALLBACKS
        | workgroups.CALLBACKS,
    )
    app.add_handler(TypeHandler(Update, access), group=-1)
    # Group 0: the first matching handler wins, so features come before the fallbacks;
    # handlers.messages decides where every message that is not a command goes.
    app.add_handlers(
        [
            *onboarding.HANDLERS,
            *account.HANDLERS,
            *people.HANDLERS,
            *alerts.HANDLERS,
            *signals.HANDLERS,
            *signal_desk.HANDLERS,
            *meetings.HANDLERS,
            *news.HANDLERS,
            *workgroups.HANDLERS,
            *workgroup_chat.HANDLERS,
            *messages.HANDLERS,
        ]
    )
    app.add_handlers(fallback.HANDLERS)
    app.add_error_handler(fallback.on_error)
