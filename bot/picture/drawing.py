"""Charts are drawn in a separate, low-priority process: matplotlib holds the interpreter for
hundreds of milliseconds per chart, which in the bot's own process (or at the same priority
on a small machine) would slow the alert sender down. The same chart asked for again, with
the same figures, is served from a small cache."""

from __future__ import annotations

import asyncio
import hashlib
import multiprocessing
import os
import pickle
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any

# Charts wait for spare CPU: alerts, replies and the Bot API come first.
NICENESS = 15
# How many drawn charts are kept (a coordinator asking /trends twice gets the same picture).
CACHED = 16
# A chart (or the report) taking longer than this is given up on; the process is restarted.
TIMEOUT_S = 120.0


class DrawingFailed(Exception):
    """The drawing process crashed or took too long; it is started afresh next time."""


_pool: ProcessPoolExecutor | None = None
_cache: OrderedDict[bytes, bytes] = OrderedDict()


def _lower_priority() -> None:
    """Run in the drawing process: yield the CPU to everything else."""
    os.nice(NICENESS)


def _executor() -> ProcessPoolExecutor:
    """Return the one drawing process, started on first use ('spawn': no inherited threads)."""
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_lower_priority,
        )
    return _pool


async def draw(chart: Callable[..., bytes], /, *args: Any, **kwargs: Any) -> bytes:
    """Run a chart function of bot.picture in the drawing process; return its bytes."""
    key = hashlib.sha256(
        pickle.dumps((chart.__module__, chart.__qualname__, args, sorted(kwargs.items())))
    ).digest()
    if (found := _cache.get(key)) is not None:
        _cache.move_to_end(key)
        return found
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(TIMEOUT_S):
            drawn: bytes = await loop.run_in_executor(_executor(), partial(chart, *args, **kwargs))
    except (BrokenProcessPool, TimeoutError) as error:
        await asyncio.to_thread(_abandon)
        raise DrawingFailed(type(error).__name__) from error
    _cache[key] = drawn
    while len(_cache) > CACHED:
        _cache.popitem(last=False)
    return drawn


def _abandon() -> None:
    """Drop a crashed or stuck drawing process: kill it and let the next chart start one."""
    global _pool
    pool, _pool = _pool, None
    if pool is not None:
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)


def stop() -> None:
    """Stop the drawing process, if it was started, and forget what it drew."""
    global _pool
    _cache.clear()
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None
