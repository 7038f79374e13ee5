"""An independent Bot API model for benchmarks: token buckets at Telegram's limits, no penalty.

Not the project's sandbox: nothing here is shared with the code under test. Every sending call
takes a token from the chat's bucket (1/s) and from the global one (the free or the paid
broadcast budget); without one the answer is 429 with the retry_after Telegram would give
(the time until a token is back). A refused request does not prolong anything (no penalty
extension). getUpdates serves updates injected through POST /__inject; GET /__stats reports
every send with its time (time.monotonic, the same clock in every process on Linux).

    python -m benchmarks.model --port 8099 --rate 30 --paid-rate 1000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

# Messages count towards the bot's global budget and their chat's; edits and deletions only
# towards their chat's (Telegram speaks of messages per second).
MESSAGES = frozenset({"sendMessage", "sendDocument", "sendPhoto", "copyMessage", "forwardMessage"})
SENDING = MESSAGES | {"editMessageText", "editMessageReplyMarkup", "editMessageCaption",
                      "deleteMessage"}  # fmt: skip
CHAT_BURST = 3.0  # "short bursts tolerated" to one chat
BOT = {"id": 999, "is_bot": True, "first_name": "Model", "username": "model_bot"}


@dataclass
class Bucket:
    """A token bucket: `rate` tokens a second, at most `capacity` saved."""

    rate: float
    capacity: float
    tokens: float = field(init=False)
    at: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.tokens = self.capacity

    def wait(self, now: float) -> float:
        """Return 0 and take a token, or how long until one is there (taking none)."""
        self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


@dataclass
class Model:
    """The state of the model: buckets, updates to serve, and what was sent."""

    rate: float
    paid_rate: float
    per_chat: float = 1.0
    buckets: dict[int, Bucket] = field(default_factory=dict)
    free: Bucket = field(init=False)
    paid: Bucket = field(init=False)
    updates: list[dict[str, Any]] = field(default_factory=list)
    injected: dict[int, float] = field(default_factory=dict)  # update id -> when injected
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    sends: list[tuple[str, int, float, str]] = field(default_factory=list)
    refused: int = 0
    message_id: int = 0

    def __post_init__(self) -> None:
        self.free = Bucket(self.rate, self.rate)
        self.paid = Bucket(self.paid_rate, self.paid_rate)

    def take(self, chat: int, paid: bool, message: bool) -> float:
        """Return 0 if a call to `chat` may go now, else the retry_after in seconds."""
        now = time.monotonic()
        per_chat = self.buckets.setdefault(chat, Bucket(self.per_chat, CHAT_BURST))
        wait = per_chat.wait(now)
        if wait or not message:
            return wait
        wait = (self.paid if paid else self.free).wait(now)
        if wait:
            per_chat.tokens += 1  # not sent: the chat keeps its token
        return wait


async def _params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        data = await request.json()
        return dict(data) if isinstance(data, dict) else {}
    if request.content_type == "multipart/form-data":
        out: dict[str, Any] = {}
        reader = await request.multipart()
        async for part in reader:
            if part.name and not getattr(part, "filename", None):
                out[part.name] = await part.text()  # type: ignore[union-attr]
            elif part.name:
                await part.read()  # type: ignore[union-attr]
        return out
    return dict(await request.post())


def _flag(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


async def api(request: web.Request) -> web.Response:
    """Answer one Bot API call."""
    model: Model = request.app["model"]
    method = request.match_info["method"]
    params = await _params(request)
    if method == "getMe":
        return _ok(BOT)
    if method == "getUpdates":
        return _ok(await _updates(model, params))
    if method in SENDING:
        chat = int(params.get("chat_id", 0))
        paid = _flag(params.get("allow_paid_broadcast"))
        wait = model.take(chat, paid, method in MESSAGES)
        if wait:
            model.refused += 1
            retry = max(1, math.ceil(wait))
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {retry}",
                    "parameters": {"retry_after": retry},
                },
                status=429,
            )
        model.sends.append((method, chat, time.monotonic(), str(params.get("text", ""))[:40]))
        if method in ("sendMessage", "sendDocument", "sendPhoto", "copyMessage"):
            model.message_id += 1
            return _ok(
                {
                    "message_id": model.message_id,
                    "date": int(time.time()),
                    "chat": {"id": chat, "type": "private" if chat > 0 else "supergroup"},
                    "from": BOT,
                    "text": str(params.get("text", "")),
                }
            )
        return _ok(True)
    if method in ("getMyCommands", "getChatAdministrators"):
        return _ok([])
    return _ok(True)  # setMyCommands, answerCallbackQuery, deleteWebhook, ...


async def _updates(model: Model, params: dict[str, Any]) -> list[dict[str, Any]]:
    offset = int(params.get("offset", 0) or 0)
    timeout = float(params.get("timeout", 0) or 0)
    model.updates = [u for u in model.updates if u["update_id"] >= offset]
    if not model.updates and timeout > 0:
        model.arrived.clear()
        try:
            await asyncio.wait_for(model.arrived.wait(), timeout)
        except TimeoutError:
            return []
    return model.updates[:100]


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


async def inject(request: web.Request) -> web.Response:
    """Queue an update (its update_id is given here); return the id."""
    model: Model = request.app["model"]
    update = await request.json()
    update["update_id"] = len(model.injected) + 1
    model.injected[update["update_id"]] = time.monotonic()
    model.updates.append(update)
    model.arrived.set()
    return web.json_response({"update_id": update["update_id"]})


async def stats(request: web.Request) -> web.Response:
    """Report every send and injection with its time, and the 429s."""
    model: Model = request.app["model"]
    body = {"sends": model.sends, "refused": model.refused, "injected": model.injected}
    return web.Response(text=json.dumps(body), content_type="application/json")


async def count(request: web.Request) -> web.Response:
    """Count the sends to chats in [low, high): cheap enough to poll while a run is measured."""
    model: Model = request.app["model"]
    low, high = int(request.query["low"]), int(request.query["high"])
    return web.json_response(
        {"count": sum(1 for _, chat, _, _ in model.sends if low <= chat < high)}
    )


async def reset(request: web.Request) -> web.Response:
    """Forget sends, refusals and buckets (between runs)."""
    model: Model = request.app["model"]
    model.sends.clear()
    model.buckets.clear()
    model.refused = 0
    model.__post_init__()
    return web.json_response({"ok": True})


def make_app(rate: float, paid_rate: float, per_chat: float = 1.0) -> web.Application:
    """Return the model's web application."""
    app = web.Application(client_max_size=20 * 1024 * 1024)
    app["model"] = Model(rate, paid_rate, per_chat)
    app.router.add_post("/bot{token}/{method}", api)
    app.router.add_post("/__inject", inject)
    app.router.add_get("/__stats", stats)
    app.router.add_get("/__count", count)
    app.router.add_post("/__reset", reset)
    return app


def main() -> None:
    """Serve the model on 127.0.0.1."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--rate", type=float, default=30.0)
    parser.add_argument("--paid-rate", type=float, default=1000.0)
    parser.add_argument("--per-chat", type=float, default=1.0)
    options = parser.parse_args()
    app = make_app(options.rate, options.paid_rate, options.per_chat)
    web.run_app(app, host="127.0.0.1", port=options.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
