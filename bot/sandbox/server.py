"""The sandbox's HTTP side: Bot API routes, file downloads and a small control endpoint."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aiohttp import web

# Importing the method modules registers their Bot API methods.
from bot.sandbox import api_bot, api_groups, api_invites, api_media, api_messages  # noqa: F401
from bot.sandbox.models import ApiError, BotCall
from bot.sandbox.params import Params, read_params
from bot.sandbox.registry import lookup

if TYPE_CHECKING:
    from bot.sandbox.sandbox import Sandbox

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def _error(status: int, description: str) -> web.Response:
    body = {"ok": False, "error_code": status, "description": description}
    return web.json_response(body, status=status)


def _chat_id(raw: dict[str, Any]) -> int | None:
    value = raw.get("chat_id")
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


class Routes:
    """aiohttp request handlers bound to one sandbox."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.world = sandbox.world

    async def api(self, request: web.Request) -> web.Response:
        """Answer one Bot API call: POST/GET /bot{token}/{method}."""
        if request.match_info["token"] != self.world.token:
            return _error(401, "Unauthorized")
        found = lookup(request.match_info["method"])
        if found is None:
            self._record(request.match_info["method"], Params({}), 404, "Not Found")
            return _error(404, "Not Found")
        method, handler = found
        started = datetime.now(UTC)
        params = Params({})
        try:
            params = Params(await read_params(request))
            if self.world.down:
                raise ApiError(502, "Bad Gateway")
            fault = self.sandbox.faults.take(method, _chat_id(params.raw))
            if fault is not None:
                raise fault
            result = await handler(self.world, params)
        except ApiError as err:
            self._record(method, params, err.error_code, err.description, started)
            return web.json_response(err.body(), status=err.error_code)
        self._record(method, params, 200, None, started)
        if self.world.answer_delay and method != "getUpdates":
            # Delivered and recorded; the answer takes its time (Telegram under load).
            await asyncio.sleep(self.world.answer_delay)
        return web.json_response({"ok": True, "result": result})

    def _record(
        self,
        method: str,
        params: Params,
        status: int,
        description: str | None,
        started: datetime | None = None,
    ) -> None:
        self.world.record_call(
            BotCall(
                method=method,
                params=params.logged(),
                time=started or datetime.now(UTC),
                status=status,
                chat_id=_chat_id(params.raw),
                description=description,
            )
        )

    async def file(self, request: web.Request) -> web.Response:
        """Serve a stored file: GET /file/bot{token}/{file_path}."""
        if request.match_info["token"] != self.world.token:
            return _error(401, "Unauthorized")
        path = request.match_info["path"]
        for stored in self.world.files.values():
            if stored.file_path == path:
                content_type = stored.mime_type or "application/octet-stream"
                return web.Response(body=stored.content, content_type=content_type)
        return _error(404, "Not Found")

    async def control_send(self, request: web.Request) -> web.Response:
        """Let another process make a simulated user send text: POST /_sandbox/users/{id}/send."""
        try:
            user_id = int(request.match_info["user_id"])
            body = await request.json()
            text = str(body["text"])
        except (ValueError, KeyError, TypeError):
            return _error(400, 'Bad Request: expected JSON {"text": ...}')
        user = self.sandbox.user(user_id, str(body.get("first_name") or f"User {user_id}"))
        message_id = await user.send(text)
        return web.json_response({"ok": True, "result": {"message_id": message_id}})

    async def control_transcript(self, request: web.Request) -> web.Response:
        """Return the readable transcript: GET /_sandbox/transcript."""
        return web.Response(text=self.sandbox.format_transcript() + "\n")


def create_app(sandbox: Sandbox) -> web.Application:
    """Build the aiohttp application serving the sandbox."""
    routes = Routes(sandbox)
    app = web.Application(client_max_size=MAX_UPLOAD_BYTES)
    app.router.add_route("*", "/bot{token}/{method}", routes.api)
    app.router.add_get("/file/bot{token}/{path:.+}", routes.file)
    app.router.add_post("/_sandbox/users/{user_id}/send", routes.control_send)
    app.router.add_get("/_sandbox/transcript", routes.control_transcript)
    return app
