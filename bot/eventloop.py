"""The event loop `sleutelnet run` serves on: uvloop where it is installed (Linux, macOS).

uvloop runs the same asyncio code on libuv; at paid-broadcast rates it takes about a sixth of
the CPU per copy off (benchmarks/chat.py, README "Measured"). Tests run on asyncio's own loop,
and `run` processes in the end-to-end tests on this one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """Return uvloop's loop factory, or None (asyncio's default) where uvloop is missing."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def run(main: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion on the fastest loop available."""
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        return runner.run(main)
