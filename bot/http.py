"""The Bot API over aiohttp: kept-alive connections and JSON bodies, for every call but polling.

PTB's default client (httpx) spends about a millisecond of CPU per request, most of it scanning
its connection pool and encoding forms; at paid-broadcast rates (1,000 messages/s) that alone
would take a whole core. aiohttp's client does the same work in a fraction of it.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.ext import ExtBot
from telegram.request import BaseRequest, RequestData
from telegram.request._requestparameter import RequestParameter

from bot.metrics import Metrics

JSON = "application/json"
CONNECTIONS = 32  # the outbox's couriers and replies to people


class AiohttpRequest(BaseRequest):
    """Send Bot API requests through one aiohttp session with a bounded connection pool."""

    def __init__(
        self,
        connections: int = CONNECTIONS,
        *,
        read_timeout: float = 5.0,
        write_timeout: float = 5.0,
        connect_timeout: float = 5.0,
        pool_timeout: float = 1.0,
        media_write_timeout: float = 20.0,
        metrics: Metrics | None = None,
    ) -> None:
        self._connections = connections
        self._metrics = metrics
        self._read, self._write, self._connect = read_timeout, write_timeout, connect_timeout
        self._pool, self._media_write = pool_timeout, media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        """Return the default read timeout in seconds."""
        return self._read

    async def initialize(self) -> None:
        """Open the session (again, after a shutdown)."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._connections, enable_cleanup_closed=True)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}
            )

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one request; TimedOut or NetworkError when Telegram cannot be reached."""
        session = self._session
        if session is None:
            msg = "This AiohttpRequest is not initialized!"
            raise RuntimeError(msg)
        files = request_data.multipart_data if request_data is not None else None
        write = _seconds(write_timeout, self._media_write if files else self._write)
        timeout = aiohttp.ClientTimeout(
            # Waiting for a free connection counts towards connect in aiohttp.
            connect=_seconds(pool_timeout, self._pool) + _seconds(connect_timeout, self._connect),
            sock_read=_seconds(read_timeout, self._read) + write,
        )
        body: aiohttp.FormData | str | None = None
        headers = None
        if files and request_data is not None:
            body = aiohttp.FormData()
            for key, value in request_data.json_parameters.items():
                body.add_field(key, value)
            for name, (filename, content, mimetype) in files.items():
                body.add_field(name, content, filename=filename, content_type=mimetype)
        elif request_data is not None:
            body, headers = json.dumps(request_data.parameters), {"Content-Type": JSON}
        status: int | None = None
        try:
            async with session.request(
                method, url, data=body, headers=headers, timeout=timeout
            ) as response:
                status = response.status
                return status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except (aiohttp.ClientError, OSError, asyncio.IncompleteReadError) as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error
        finally:
            if self._metrics is not None:
                self._metrics.request(url.rpartition("/")[2], status)


def _seconds(value: ODVInput[float], default: float) -> float:
    if isinstance(value, DefaultValue) or value is None:
        return default
    return float(value)


async def post_raw(bot: ExtBot[Any], endpoint: str, data: dict[str, Any], limits: Any) -> Any:
    """Call a Bot API method through the bot's pacer with `limits` as the rate-limit
    arguments, and return Telegram's raw result.

    For the outbox's bulk copies, whose parameters are plain JSON values already: PTB's typed
    methods build a Message object from every answer and a keyboard object for every request,
    and its `_post` walks every value looking for files and dates; together about a quarter of
    the CPU a copy costs at paid-broadcast rates. Errors are PTB's own (RetryAfter, Forbidden,
    BadRequest, ...): the answer goes through the bot's own request object.
    """
    params = {key: value for key, value in data.items() if value is not None}
    request, url = bot.request, f"{bot.base_url}/{endpoint}"

    async def call() -> Any:
        # Built when sent: the pacer may add allow_paid_broadcast to `params` first.
        parameters = [RequestParameter(name, value, None) for name, value in params.items()]
        return await request.post(url=url, request_data=RequestData(parameters))

    if bot.rate_limiter is None:
        return await call()
    return await bot.rate_limiter.process_request(
        callback=call, args=(), kwargs={}, endpoint=endpoint, data=params, rate_limit_args=limits
    )
