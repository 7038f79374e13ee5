"""Telegram update handlers, one module per feature, registered in one place."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, TypeHandler

from handlers import account, alerts, fallback, gate, onboarding, people


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Register every handler in order; the access gate runs first, in group -1."""
    access = gate.AccessGate(
        coordinator_commands=people.COMMANDS | alerts.COMMANDS,
        coordinator_callbacks=people.CALLBACKS | alerts.CALLBACKS,
    )
    app.add_handler(TypeHandler(Update, access), group=-1)
    # Group 0: the first matching handler wins, so features come before the fallbacks; the
    # alerts' text handler decides where every plain message goes (and hands the rest on).
    app.add_handlers([*onboarding.HANDLERS, *account.HANDLERS, *people.HANDLERS, *alerts.HANDLERS])
    app.add_handlers(fallback.HANDLERS)
    app.add_error_handler(fallback.on_error)
