"""What every Bot API send method shares: validation, replies, files, flood control, delivery."""

from __future__ import annotations

import mimetypes
from datetime import UTC, datetime
from typing import Any

from bot.sandbox.html import HtmlParseError, parse_html
from bot.sandbox.models import (
    JSON,
    ApiError,
    SentMessage,
    UploadedFile,
    bad_request,
    buttons_from_markup,
)
from bot.sandbox.params import FilePart, Params
from bot.sandbox.world import Chat, World

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64


def formatted(
    params: Params, key: str, *, limit: int, required: bool
) -> tuple[str, str | None, list[JSON]]:
    """Validate text or caption and return (raw text, parse_mode, entities)."""
    text = params.get_str(key) or ""
    parse_mode = params.get_str("parse_mode") or None
    entities_key = "entities" if key == "text" else "caption_entities"
    entities: list[JSON] = params.get_json(entities_key) or []
    plain = text
    if parse_mode is not None:
        mode = parse_mode.lower()
        if mode == "html":
            try:
                plain, entities = parse_html(text)
            except HtmlParseError as exc:
                raise bad_request(f"can't parse entities: {exc}") from exc
        elif mode not in ("markdown", "markdownv2"):
            raise bad_request("unsupported parse_mode")
    if required and not plain.strip():
        raise bad_request("message text is empty")
    if len(plain) > limit:
        raise bad_request("message is too long" if key == "text" else "message caption is too long")
    return text, parse_mode, entities


def parse_caption(params: Params) -> tuple[str, str | None, list[JSON]]:
    """Validate an optional media caption and return (raw text, parse_mode, entities)."""
    return formatted(params, "caption", limit=MAX_CAPTION, required=False)


def parse_markup(params: Params) -> JSON | None:
    """Validate ``reply_markup`` and return it (None when absent)."""
    markup = params.get_json("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return markup
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" must be an Array of Arrays')
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not button.get("text"):
                raise bad_request("BUTTON_TEXT_INVALID")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES:
                raise bad_request("BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and not str(url).startswith(("http://", "https://", "tg://")):
                raise bad_request("BUTTON_URL_INVALID")
            if data is None and url is None and len(button) == 1:
                raise bad_request('can\'t find field "callback_data"')
    return markup


def button_rows(markup: JSON | None) -> tuple[tuple[str, ...], ...]:
    """Return the button texts of a ``reply_markup``, row by row, for the transcript."""
    return tuple(tuple(button.text for button in row) for row in buttons_from_markup(markup))


def target_chat(world: World, params: Params) -> Chat:
    """Return the chat named by ``chat_id``, or raise the 400/403 Telegram gives."""
    chat = world.chat(params.chat_ref())
    world.check_can_send(chat)
    return chat


def reply_target(world: World, chat: Chat, params: Params) -> int | None:
    """Return the id of the message to reply to (``reply_parameters`` or the legacy fields).

    A missing message is a 400 unless ``allow_sending_without_reply`` is true; then the message
    is sent as no reply at all, as Telegram does.
    """
    reply = params.get_json("reply_parameters")
    if reply is None:
        legacy = params.get_int("reply_to_message_id")
        if legacy is None:
            return None
        allow = params.get_bool("allow_sending_without_reply")
        reply = {"message_id": legacy, "allow_sending_without_reply": allow}
    if not isinstance(reply, dict):
        raise bad_request("object expected as reply parameters")
    message_id = reply.get("message_id")
    if isinstance(message_id, bool) or not isinstance(message_id, int):
        raise bad_request('can\'t find field "message_id"')
    if world.message(chat.id, message_id) is not None:
        return message_id
    if reply.get("allow_sending_without_reply") is True:
        return None
    raise bad_request("message to be replied not found")


def stored_file(world: World, params: Params, key: str, default_name: str) -> UploadedFile:
    """Store an uploaded file, or return the known file a file_id (or URL) refers to."""
    value = params.file(key)
    if isinstance(value, FilePart):
        mime = value.content_type or mimetypes.guess_type(value.filename or "")[0]
        return world.store_file(value.filename or default_name, mime, value.content)
    if isinstance(value, str):
        known = world.find_file(value)
        if known is not None:
            return known
        if value.startswith(("http://", "https://")):
            name = value.rsplit("/", 1)[-1] or default_name
            return world.store_file(name, mimetypes.guess_type(name)[0], b"")
        raise bad_request("wrong file identifier/HTTP URL specified")
    raise bad_request(f"there is no {key} in the request")


def file_fields(stored: UploadedFile) -> JSON:
    """Return the fields every Bot API file object has."""
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
    }


def admit(world: World, chat: Chat) -> None:
    """Apply flood control to a message about to be sent to ``chat`` (raises 429)."""
    retry_after = world.flood.check_and_record(chat.id, is_group=chat.is_group)
    if retry_after is not None:
        raise ApiError(
            429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
        )


def deliver(
    world: World, chat: Chat, params: Params, *, label: str | None = None, **fields: Any
) -> JSON:
    """Store the bot's message, log it and return its ``Message`` object.

    The transcript shows media as ``[label] caption``; ``label`` defaults to the kind and the
    file name.
    """
    message = SentMessage(
        message_id=world.next_message_id(chat.id),
        chat_id=chat.id,
        date=datetime.now(UTC),
        disable_notification=params.get_bool("disable_notification"),
        protect_content=params.get_bool("protect_content"),
        **fields,
    )
    world.add_message(message)
    shown = message.plain_text()
    if message.kind != "text":
        if label is None:
            label = f"{message.kind} {message.file_name}" if message.file_name else message.kind
        shown = f"[{label}] {shown}".rstrip()
    world.log(chat.id, "message", shown, from_bot=True, buttons=button_rows(message.reply_markup))
    return world.message_dict(message)
