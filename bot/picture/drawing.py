"""Charts are drawn in a separate process: matplotlib holds the interpreter for hundreds of
milliseconds per chart, which in the bot's own process would slow the alert sender down."""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Any

_pool: ProcessPoolExecutor | None = None


def _executor() -> ProcessPoolExecutor:
    """Return the one drawing process, started on first use ('spawn': no inherited threads)."""
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    return _pool


async def draw(chart: Callable[..., bytes], /, *args: Any, **kwargs: Any) -> bytes:
    """Run a chart function of bot.picture.charts in the drawing process; return its bytes."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_executor(), partial(chart, *args, **kwargs))


def stop() -> None:
    """Stop the drawing process, if it was started."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None
