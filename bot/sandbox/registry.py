"""The Bot API method registry: one async function per method, looked up case-insensitively."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.sandbox.params import Params
from bot.sandbox.world import World

Handler = Callable[[World, Params], Awaitable[Any]]

_METHODS: dict[str, tuple[str, Handler]] = {}


def api_method(name: str) -> Callable[[Handler], Handler]:
    """Register the decorated coroutine as the implementation of Bot API method ``name``."""

    def register(handler: Handler) -> Handler:
        _METHODS[name.lower()] = (name, handler)
        return handler

    return register


def lookup(name: str) -> tuple[str, Handler] | None:
    """Return the canonical method name and its handler, or None for an unknown method."""
    return _METHODS.get(name.lower())


def method_names() -> list[str]:
    """Return the canonical names of all implemented methods."""
    return sorted(canonical for canonical, _ in _METHODS.values())
