"""Bot API methods that send, edit and delete messages and answer button presses."""

from __future__ import annotations

import mimetypes
from datetime import UTC, datetime
from typing import Any

from bot.sandbox.html import HtmlParseError, parse_html
from bot.sandbox.models import (
    JSON,
    ApiError,
    CallbackAnswer,
    SentMessage,
    UploadedFile,
    bad_request,
    buttons_from_markup,
)
from bot.sandbox.params import FilePart, Params
from bot.sandbox.registry import api_method
from bot.sandbox.world import Chat, World

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_ANSWER_TEXT = 200
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def _formatted(
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


def _markup(params: Params) -> JSON | None:
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


def _button_rows(markup: JSON | None) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(button.text for button in row) for row in buttons_from_markup(markup))


def _same_markup(left: JSON | None, right: JSON | None) -> bool:
    return (left or {}).get("inline_keyboard") == (right or {}).get("inline_keyboard")


def _target_chat(world: World, params: Params) -> Chat:
    chat = world.chat(params.chat_ref())
    world.check_can_send(chat)
    return chat


def admit(world: World, chat: Chat) -> None:
    """Apply flood control to a message about to be sent to ``chat`` (raises 429)."""
    retry_after = world.flood.check_and_record(chat.id, is_group=chat.is_group)
    if retry_after is not None:
        raise ApiError(
            429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
        )


def _deliver(world: World, chat: Chat, params: Params, **fields: Any) -> JSON:
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
        label = f"{message.kind} {message.file_name}" if message.file_name else message.kind
        shown = f"[{label}] {shown}".rstrip()
    world.log(chat.id, "message", shown, from_bot=True, buttons=_button_rows(message.reply_markup))
    return world.message_dict(message)


def _stored_file(world: World, params: Params, key: str, default_name: str) -> UploadedFile:
    value = params.file(key)
    if isinstance(value, FilePart):
        mime = value.content_type or mimetypes.guess_type(value.filename or "")[0]
        return world.store_file(value.filename or default_name, mime, value.content)
    if isinstance(value, str):
        if value in world.files:
            return world.files[value]
        if value.startswith(("http://", "https://")):
            name = value.rsplit("/", 1)[-1] or default_name
            return world.store_file(name, mimetypes.guess_type(name)[0], b"")
        raise bad_request("wrong file identifier/HTTP URL specified")
    raise bad_request(f"there is no {key} in the request")


@api_method("sendMessage")
async def send_message(world: World, params: Params) -> JSON:
    """Send a text message."""
    chat = _target_chat(world, params)
    text, parse_mode, entities = _formatted(params, "text", limit=MAX_TEXT, required=True)
    markup = _markup(params)
    admit(world, chat)
    return _deliver(
        world,
        chat,
        params,
        text=text,
        parse_mode=parse_mode,
        entities=entities,
        reply_markup=markup,
    )


@api_method("sendDocument")
async def send_document(world: World, params: Params) -> JSON:
    """Send a file; its name and bytes stay available to tests."""
    chat = _target_chat(world, params)
    caption, parse_mode, entities = _formatted(params, "caption", limit=MAX_CAPTION, required=False)
    markup = _markup(params)
    stored = _stored_file(world, params, "document", "document")
    admit(world, chat)
    document: JSON = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
    }
    if stored.file_name:
        document["file_name"] = stored.file_name
    if stored.mime_type:
        document["mime_type"] = stored.mime_type
    return _deliver(
        world,
        chat,
        params,
        text=caption,
        parse_mode=parse_mode,
        entities=entities,
        reply_markup=markup,
        kind="document",
        document=document,
        file_name=stored.file_name,
        file_bytes=stored.content,
    )


@api_method("sendPhoto")
async def send_photo(world: World, params: Params) -> JSON:
    """Send a photo (stored as two sizes, as Telegram does)."""
    chat = _target_chat(world, params)
    caption, parse_mode, entities = _formatted(params, "caption", limit=MAX_CAPTION, required=False)
    markup = _markup(params)
    stored = _stored_file(world, params, "photo", "photo.jpg")
    admit(world, chat)
    sizes = [
        {
            "file_id": f"{stored.file_id}{suffix}",
            "file_unique_id": stored.file_unique_id,
            "width": width,
            "height": height,
            "file_size": len(stored.content),
        }
        for suffix, width, height in (("s", 90, 68), ("", 800, 600))
    ]
    return _deliver(
        world,
        chat,
        params,
        text=caption,
        parse_mode=parse_mode,
        entities=entities,
        reply_markup=markup,
        kind="photo",
        photo=sizes,
        file_name=stored.file_name,
        file_bytes=stored.content,
    )


def _editable(world: World, params: Params) -> SentMessage:
    if "inline_message_id" in params:
        raise bad_request("MESSAGE_ID_INVALID")
    chat = _target_chat(world, params)
    message = world.message(chat.id, params.req_int("message_id"))
    if message is None:
        raise bad_request("message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    return message


def _apply_edit(world: World, message: SentMessage, **changes: Any) -> JSON:
    for key, value in changes.items():
        setattr(message, key, value)
    message.edited = True
    message.edit_date = datetime.now(UTC)
    world.log(
        message.chat_id,
        "edit",
        message.plain_text(),
        from_bot=True,
        buttons=_button_rows(message.reply_markup),
    )
    return world.message_dict(message)


@api_method("editMessageText")
async def edit_message_text(world: World, params: Params) -> JSON:
    """Replace a message's text (and keyboard: no reply_markup removes it, as in Telegram)."""
    message = _editable(world, params)
    if message.kind != "text":
        raise bad_request("there is no text in the message to edit")
    text, parse_mode, entities = _formatted(params, "text", limit=MAX_TEXT, required=True)
    markup = _markup(params)
    new = SentMessage(0, 0, text, message.date, parse_mode=parse_mode, entities=entities)
    if (
        new.plain_text() == message.plain_text()
        and entities == message.entities
        and _same_markup(markup, message.reply_markup)
    ):
        raise bad_request(NOT_MODIFIED)
    return _apply_edit(
        world, message, text=text, parse_mode=parse_mode, entities=entities, reply_markup=markup
    )


@api_method("editMessageCaption")
async def edit_message_caption(world: World, params: Params) -> JSON:
    """Replace a media message's caption."""
    message = _editable(world, params)
    if message.kind == "text":
        raise bad_request("there is no caption in the message to edit")
    caption, parse_mode, entities = _formatted(params, "caption", limit=MAX_CAPTION, required=False)
    markup = _markup(params)
    if caption == message.text and _same_markup(markup, message.reply_markup):
        raise bad_request(NOT_MODIFIED)
    return _apply_edit(
        world,
        message,
        text=caption,
        parse_mode=parse_mode,
        entities=entities,
        reply_markup=markup,
    )


@api_method("editMessageReplyMarkup")
async def edit_message_reply_markup(world: World, params: Params) -> JSON:
    """Replace or remove a message's inline keyboard."""
    message = _editable(world, params)
    markup = _markup(params)
    if _same_markup(markup, message.reply_markup):
        raise bad_request(NOT_MODIFIED)
    return _apply_edit(world, message, reply_markup=markup)


def _delete(world: World, chat: Chat, message_id: int) -> bool:
    message = world.message(chat.id, message_id)
    if message is None:
        return False
    message.deleted = True
    shown = message.plain_text() if message.from_bot else f"(their own) {message.text}"
    world.log(chat.id, "delete", shown, from_bot=True)
    return True


@api_method("deleteMessage")
async def delete_message(world: World, params: Params) -> bool:
    """Delete a message."""
    chat = world.chat(params.chat_ref())
    if not _delete(world, chat, params.req_int("message_id")):
        raise bad_request("message to delete not found")
    return True


@api_method("deleteMessages")
async def delete_messages(world: World, params: Params) -> bool:
    """Delete several messages; missing ones are skipped."""
    chat = world.chat(params.chat_ref())
    ids = params.get_json("message_ids")
    if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
        raise bad_request("message identifiers are not specified")
    for message_id in ids:
        _delete(world, chat, int(message_id))
    return True


@api_method("answerCallbackQuery")
async def answer_callback_query(world: World, params: Params) -> bool:
    """Answer a button press (once; a second answer is refused like an expired query)."""
    query_id = params.req_str("callback_query_id")
    if query_id not in world.callback_queries or query_id in world.callback_answers:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    text = params.get_str("text")
    if text is not None and len(text) > MAX_ANSWER_TEXT:
        raise bad_request("MESSAGE_TOO_LONG")
    answer = CallbackAnswer(
        callback_query_id=query_id,
        text=text,
        show_alert=params.get_bool("show_alert"),
        url=params.get_str("url"),
        cache_time=params.get_int("cache_time"),
    )
    world.callback_answers[query_id] = answer
    user_id, chat_id = world.callback_queries[query_id]
    if text:
        shown = f"{text} (alert)" if answer.show_alert else text
        world.log(chat_id, "answer", shown, from_bot=True, user_id=user_id)
    return True
