"""Bot API request parameters: read form, multipart or JSON bodies and coerce values by type.

PTB sends string values as they are and every other value JSON-encoded, form-urlencoded or
multipart (with files). A JSON body carries typed values directly. ``Params`` accepts both.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import BodyPartReader, web

from bot.sandbox.models import JSON, UploadedFile, bad_request


class FilePart:
    """An uploaded multipart file before it is stored."""

    def __init__(self, filename: str | None, content_type: str | None, content: bytes) -> None:
        self.filename = filename
        self.content_type = content_type
        self.content = content

    def __repr__(self) -> str:
        return f"FilePart({self.filename!r}, {len(self.content)} bytes)"


async def read_params(request: web.Request) -> dict[str, Any]:
    """Return the raw parameters of a Bot API request: query string plus body of any kind."""
    raw: dict[str, Any] = dict(request.query)
    if not request.can_read_body:
        return raw
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError as exc:
            msg = "can't parse JSON object"
            raise bad_request(msg) from exc
        if not isinstance(body, dict):
            msg = "parameters must be a JSON object"
            raise bad_request(msg)
        raw.update(body)
    elif request.content_type == "multipart/form-data":
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            content = await part.read()
            if part.filename is not None:
                content_type = part.headers.get("Content-Type")
                raw[part.name] = FilePart(part.filename, content_type, bytes(content))
            else:
                raw[part.name] = bytes(content).decode("utf-8")
    else:
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, str):
                raw[key] = value
    return raw


class Params:
    """Typed access to raw parameters; remembers the decoded values for the call log."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.decoded: dict[str, Any] = {}

    def __contains__(self, key: str) -> bool:
        return self.raw.get(key) is not None

    def logged(self) -> JSON:
        """Return the parameters for ``Sandbox.calls``: decoded where known, files summarised."""
        merged = {**self.raw, **self.decoded}
        for key, value in merged.items():
            if isinstance(value, FilePart):
                merged[key] = {"filename": value.filename, "size": len(value.content)}
            elif isinstance(value, UploadedFile):
                merged[key] = {"filename": value.file_name, "file_id": value.file_id}
        return merged

    def _missing(self, key: str) -> Exception:
        return bad_request(f"parameter {key!r} is required")

    def _json(self, key: str, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError as exc:
            raise bad_request(f"can't parse {key} JSON object") from exc

    def get_str(self, key: str, default: str | None = None) -> str | None:
        """Return a string parameter (JSON bodies may carry numbers; they are converted)."""
        value = self.raw.get(key)
        if value is None:
            return default
        result = value if isinstance(value, str) else json.dumps(value)
        self.decoded[key] = result
        return result

    def req_str(self, key: str) -> str:
        """Return a required string parameter."""
        value = self.get_str(key)
        if value is None:
            raise self._missing(key)
        return value

    def get_int(self, key: str, default: int | None = None) -> int | None:
        """Return an integer parameter."""
        value = self.raw.get(key)
        if value is None or value == "":
            return default
        try:
            result = int(value)
        except (TypeError, ValueError) as exc:
            raise bad_request(f"invalid {key} specified") from exc
        self.decoded[key] = result
        return result

    def req_int(self, key: str) -> int:
        """Return a required integer parameter."""
        value = self.get_int(key)
        if value is None:
            raise self._missing(key)
        return value

    def get_float(self, key: str, default: float | None = None) -> float | None:
        """Return a float parameter."""
        value = self.raw.get(key)
        if value is None or value == "":
            return default
        try:
            result = float(value)
        except (TypeError, ValueError) as exc:
            raise bad_request(f"invalid {key} specified") from exc
        self.decoded[key] = result
        return result

    def get_bool(self, key: str, default: bool = False) -> bool:
        """Return a boolean parameter (JSON ``true``/``false`` or ``1``/``0``)."""
        value = self.raw.get(key)
        if value is None:
            return default
        result = value.strip().lower() in ("true", "1") if isinstance(value, str) else bool(value)
        self.decoded[key] = result
        return result

    def get_json(self, key: str) -> Any:
        """Return a JSON-serialised parameter (reply_markup, commands, entities, ...), decoded."""
        value = self.raw.get(key)
        if value is None:
            return None
        result = self._json(key, value)
        self.decoded[key] = result
        return result

    def chat_ref(self, key: str = "chat_id") -> int | str:
        """Return a required chat reference: a numeric id or an ``@username``."""
        value = self.raw.get(key)
        if value is None or value == "":
            raise self._missing(key)
        if isinstance(value, str) and value.startswith("@"):
            self.decoded[key] = value
            return value
        try:
            result = int(value)
        except (TypeError, ValueError) as exc:
            raise bad_request("chat not found") from exc
        self.decoded[key] = result
        return result

    def file(self, key: str) -> FilePart | str | None:
        """Return an uploaded file part, or a string (file_id, URL or ``attach://name``)."""
        value = self.raw.get(key)
        if isinstance(value, str) and value.startswith("attach://"):
            value = self.raw.get(value.removeprefix("attach://"))
        if value is None or isinstance(value, FilePart | str):
            return value
        raise bad_request(f"invalid {key} specified")
