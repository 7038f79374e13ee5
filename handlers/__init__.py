"""Telegram update handlers, one module or folder per feature; each declares itself in `FEATURE`.

Registration, the access gate and the command menus are all derived from the declarations:
a module in this package with a `FEATURE` is a feature, and nothing else needs to list it.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, TypeHandler

from bot.feature import Feature, Features
from handlers import fallback, gate, messages


def discover() -> Features:
    """Import every module of this package and collect the features they declare."""
    found: list[Feature] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        feature = getattr(module, "FEATURE", None)
        if isinstance(feature, Feature):
            found.append(feature)
    return Features(found)


def register(app: Application[Any, Any, Any, Any, Any, Any], features: Features) -> None:
    """Register every handler; the access gate runs first, in group -1, the fallbacks last."""
    app.add_handler(TypeHandler(Update, gate.AccessGate(features)), group=-1)
    # Group 0: the first matching handler wins. Commands and button prefixes are unique, so
    # their order does not matter; handlers.messages decides where every other message goes.
    app.add_handlers(
        [
            *(CommandHandler(c.name, c.callback) for c in features.commands.values()),
            *(
                CallbackQueryHandler(b.callback, pattern=b.codec.owns)
                for b in features.buttons.values()
            ),
            *(handler for feature in features.all for handler in feature.handlers),
            *messages.HANDLERS,
        ]
    )
    app.add_handlers(fallback.HANDLERS)
    app.add_error_handler(fallback.on_error)
