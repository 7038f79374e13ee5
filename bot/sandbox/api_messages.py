"""Bot API methods that send text, edit and delete messages and answer button presses."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from typing import Any

from bot.sandbox.models import JSON, ApiError, CallbackAnswer, SentMessage, bad_request
from bot.sandbox.params import Params
from bot.sandbox.registry import api_method
from bot.sandbox.sending import (
    MAX_TEXT,
    admit,
    button_rows,
    deliver,
    formatted,
    parse_caption,
    parse_markup,
    reply_target,
    target_chat,
)
from bot.sandbox.world import Chat, World

MAX_ANSWER_TEXT = 200
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def _same_markup(left: JSON | None, right: JSON | None) -> bool:
    return (left or {}).get("inline_keyboard") == (right or {}).get("inline_keyboard")


@api_method("sendMessage")
async def send_message(world: World, params: Params) -> JSON:
    """Send a text message."""
    chat = target_chat(world, params)
    text, parse_mode, entities = formatted(params, "text", limit=MAX_TEXT, required=True)
    markup = parse_markup(params)
    reply_to = reply_target(world, chat, params)
    admit(world, chat)
    return deliver(
        world,
        chat,
        params,
        text=text,
        parse_mode=parse_mode,
        entities=entities,
        reply_markup=markup,
        reply_to_message_id=reply_to,
    )


def _editable(world: World, params: Params) -> SentMessage:
    if "inline_message_id" in params:
        raise bad_request("MESSAGE_ID_INVALID")
    chat = target_chat(world, params)
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
        buttons=button_rows(message.reply_markup),
    )
    return world.message_dict(message)


@api_method("editMessageText")
async def edit_message_text(world: World, params: Params) -> JSON:
    """Replace a message's text (and keyboard: no reply_markup removes it, as in Telegram)."""
    message = _editable(world, params)
    if message.kind != "text":
        raise bad_request("there is no text in the message to edit")
    text, parse_mode, entities = formatted(params, "text", limit=MAX_TEXT, required=True)
    markup = parse_markup(params)
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
    if message.kind in ("text", "location"):
        raise bad_request("there is no caption in the message to edit")
    caption, parse_mode, entities = parse_caption(params)
    markup = parse_markup(params)
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
    markup = parse_markup(params)
    if _same_markup(markup, message.reply_markup):
        raise bad_request(NOT_MODIFIED)
    return _apply_edit(world, message, reply_markup=markup)


def _delete(world: World, chat: Chat, message_id: int) -> bool:
    message = world.message(chat.id, message_id)
    if message is None:
        return False
    if chat.is_group and not message.from_bot and not chat.bot_rights.get("can_delete_messages"):
        raise bad_request("message can't be deleted for everyone")
    message.deleted = True
    shown = message.plain_text() if message.from_bot else f"(their own) {message.text}"
    world.log(chat.id, "delete", shown, from_bot=True)
    return True


@api_method("deleteMessage")
async def delete_message(world: World, params: Params) -> bool:
    """Delete a message (in groups, other people's only with can_delete_messages)."""
    chat = world.chat(params.chat_ref())
    if chat.is_group:
        world.check_can_send(chat)
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
        with contextlib.suppress(ApiError):  # messages that cannot be deleted are skipped
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
