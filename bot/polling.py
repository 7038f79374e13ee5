"""The getUpdates connection, patient with Telegram outages so chat comes back first.

PTB's polling loop backs off after each failed getUpdates, up to 30 s, and logs a traceback
every time. After an outage a key person could then wait half a minute for an answer. Here a
long poll that cannot reach Telegram is simply tried again, at most `cap` seconds apart, and
the outage is logged as one WARNING line when it starts and one INFO line when it ends.
"""

from __future__ import annotations

import asyncio
import logging
from http import HTTPStatus

from telegram import Update
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import JSONDict, ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest, RequestData

from bot.supervisor import describe

log = logging.getLogger(__name__)

POLL_RETRY_CAP = 1.0  # seconds between getUpdates attempts while Telegram is unreachable


def _readable(item: object) -> object:
    """Return the update if it parses; else an empty update with its id (logged by id only)."""
    if not isinstance(item, dict) or not isinstance(item.get("update_id"), int):
        return item
    try:
        Update.de_json(item, None)
    except Exception as error:  # anything the library trips over; the data is never logged
        log.warning("update %s could not be read (%s); skipped", item["update_id"], describe(error))
        return {"update_id": item["update_id"]}
    return item


def _long_poll(request_data: RequestData | None) -> bool:
    """Tell a long poll from the short one PTB sends once at stop (timeout 0)."""
    timeout = request_data.parameters.get("timeout") if request_data is not None else None
    return isinstance(timeout, int | float) and timeout > 0


class PatientPolling(HTTPXRequest):
    """An HTTPXRequest for getUpdates that waits out network failures with a capped backoff."""

    def __init__(self, cap: float = POLL_RETRY_CAP) -> None:
        super().__init__(connection_pool_size=1)
        self.cap = cap
        # False from the first failed poll until one gets an answer again (/readyz).
        self.reachable = True

    def parse_json_payload(self, payload: bytes) -> JSONDict:  # type: ignore[override]
        """Parse getUpdates' answer. An update this library cannot read (e.g. from a newer or
        older Bot API) would stop polling for good, and PTB would log everyone's messages with
        it: it becomes an empty update with the same id instead, so the offset moves past it,
        and only its id is logged."""
        data = HTTPXRequest.parse_json_payload(payload)
        result = data.get("result")
        if isinstance(result, list):
            data["result"] = [_readable(item) for item in result]
        return data

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Poll; while Telegram cannot be reached, poll again at most `cap` seconds later."""
        delay, failing_since = min(0.1, self.cap), None
        loop = asyncio.get_running_loop()
        while True:
            try:
                status, body = await super().do_request(
                    url,
                    method,
                    request_data,
                    read_timeout,
                    write_timeout,
                    connect_timeout,
                    pool_timeout,
                )
            except TimedOut:
                raise  # an ordinary empty long poll: PTB polls again at once
            except NetworkError as error:
                if not _long_poll(request_data):
                    raise
                trouble = describe(error)
            else:
                if status < HTTPStatus.INTERNAL_SERVER_ERROR or not _long_poll(request_data):
                    self.reachable = True
                    if failing_since is not None:
                        log.info(
                            "Telegram reachable again after %.0f s", loop.time() - failing_since
                        )
                    return status, body
                trouble = f"HTTP {status}"
            self.reachable = False
            if failing_since is None:
                failing_since = loop.time()
                log.warning(
                    "Telegram cannot be reached (%s); polling again every %.0f s at most",
                    trouble,
                    self.cap,
                )
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.cap)
