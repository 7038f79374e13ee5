"""Bot API methods about the bot itself, updates, commands, chats and files."""

from __future__ import annotations

import contextlib
import json
import re
from urllib.parse import urlsplit

from bot.sandbox.models import JSON, ApiError, bad_request
from bot.sandbox.params import Params
from bot.sandbox.registry import api_method
from bot.sandbox.world import World

MAX_POLL_TIMEOUT = 50.0
CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_CHAT_ACTIONS = frozenset(
    {
        *("typing", "upload_photo", "record_video", "upload_video", "record_voice"),
        *("upload_voice", "upload_document", "choose_sticker", "find_location"),
        *("record_video_note", "upload_video_note"),
    }
)


@api_method("getMe")
async def get_me(world: World, params: Params) -> JSON:
    """Return the bot's User object."""
    return world.bot_user()


@api_method("logOut")
async def log_out(world: World, params: Params) -> bool:
    """Accept a log-out (nothing to do locally)."""
    return True


@api_method("close")
async def close(world: World, params: Params) -> bool:
    """Accept a close (nothing to do locally)."""
    return True


@api_method("setWebhook")
async def set_webhook(world: World, params: Params) -> bool:
    """Set the webhook the sandbox posts updates to (bot.sandbox.webhooks); while one is set,
    getUpdates answers 409. Unlike Telegram, plain HTTP to a loopback address is accepted."""
    url = params.get_str("url") or ""
    parts = urlsplit(url)
    local = parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")
    if url and parts.scheme != "https" and not local:
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.get_str("secret_token")
    if secret is not None and not _SECRET_RE.fullmatch(secret):
        raise bad_request("bad webhook: secret token contains unallowed characters")
    allowed = params.get_json("allowed_updates")
    if isinstance(allowed, list):
        world.allowed_updates = frozenset(str(kind) for kind in allowed) or None
    if params.get_bool("drop_pending_updates"):
        world.pending_updates.clear()
    world.webhook = {"url": url, "secret_token": secret} if url else {}
    world.webhook_error = None
    world.signal.notify()  # end a pending long poll (409) and wake the courier
    return True


@api_method("deleteWebhook")
async def delete_webhook(world: World, params: Params) -> bool:
    """Remove the webhook, optionally dropping pending updates."""
    world.webhook = {}
    world.webhook_error = None
    if params.get_bool("drop_pending_updates"):
        world.pending_updates.clear()
    return True


@api_method("getWebhookInfo")
async def get_webhook_info(world: World, params: Params) -> JSON:
    """Return the WebhookInfo object."""
    info: JSON = {
        "url": world.webhook.get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": len(world.pending_updates),
    }
    if world.webhook and world.webhook_error is not None:
        info["last_error_date"], info["last_error_message"] = world.webhook_error
    return info


@api_method("getUpdates")
async def get_updates(world: World, params: Params) -> list[JSON]:
    """Confirm updates below ``offset``, then return pending ones, long-polling up to timeout.

    Like Telegram, a newer getUpdates request ends an older pending one with 409 Conflict, so
    an abandoned long-poll never locks out the next poller.
    """
    if world.webhook:
        raise ApiError(409, WEBHOOK_CONFLICT)
    world.poll_generation += 1
    generation = world.poll_generation
    world.signal.notify()  # wake a pending older poll so it can end with 409
    offset = params.get_int("offset")
    if offset is not None:
        world.confirm(offset)
    limit = max(1, min(100, params.get_int("limit", 100) or 100))
    timeout = min(MAX_POLL_TIMEOUT, max(0.0, params.get_float("timeout", 0.0) or 0.0))
    allowed = params.get_json("allowed_updates")
    if isinstance(allowed, list):
        world.allowed_updates = frozenset(str(kind) for kind in allowed) or None

    def superseded() -> bool:
        return world.poll_generation != generation

    def ready() -> bool:
        return world.stopped or world.down or superseded() or bool(world.deliverable(limit))

    if timeout > 0 and not ready():
        world.waiting_polls += 1
        world.signal.notify()
        try:
            with contextlib.suppress(TimeoutError):
                await world.signal.wait_for(ready, timeout)
        finally:
            world.waiting_polls -= 1
    if superseded():
        world.count_409 += 1
        raise ApiError(409, CONFLICT)
    return list(world.deliverable(limit))


def _commands_key(params: Params) -> str:
    scope = params.get_json("scope") or {"type": "default"}
    return f"{json.dumps(scope, sort_keys=True)}|{params.get_str('language_code') or ''}"


@api_method("setMyCommands")
async def set_my_commands(world: World, params: Params) -> bool:
    """Store the command list for a scope and language."""
    commands = params.get_json("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("commands must be an array of at most 100 BotCommand")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND_RE.fullmatch(
            str(command.get("command", ""))
        ):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    world.commands[_commands_key(params)] = commands
    return True


@api_method("getMyCommands")
async def get_my_commands(world: World, params: Params) -> list[JSON]:
    """Return the command list for a scope and language."""
    return world.commands.get(_commands_key(params), [])


@api_method("deleteMyCommands")
async def delete_my_commands(world: World, params: Params) -> bool:
    """Delete the command list for a scope and language."""
    world.commands.pop(_commands_key(params), None)
    return True


@api_method("setChatMenuButton")
async def set_chat_menu_button(world: World, params: Params) -> bool:
    """Store the menu button for one chat or the default."""
    chat_id = params.get_int("chat_id")
    world.menu_buttons[chat_id] = params.get_json("menu_button") or {"type": "default"}
    return True


@api_method("getChatMenuButton")
async def get_chat_menu_button(world: World, params: Params) -> JSON:
    """Return the menu button for one chat or the default."""
    chat_id = params.get_int("chat_id")
    fallback = world.menu_buttons.get(None, {"type": "commands"})
    return world.menu_buttons.get(chat_id, fallback)


@api_method("setMyName")
async def set_my_name(world: World, params: Params) -> bool:
    """Accept a new bot name."""
    name = params.get_str("name")
    if name and not params.get_str("language_code"):
        world.bot_name = name
    return True


@api_method("setMyDescription")
async def set_my_description(world: World, params: Params) -> bool:
    """Accept a bot description."""
    return True


@api_method("setMyShortDescription")
async def set_my_short_description(world: World, params: Params) -> bool:
    """Accept a short bot description."""
    return True


@api_method("getChat")
async def get_chat(world: World, params: Params) -> JSON:
    """Return the ChatFullInfo object."""
    chat = world.chat(params.chat_ref())
    info = chat.to_dict()
    info.update(
        accent_color_id=0,
        max_reaction_count=11,
        accepted_gift_types={
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    )
    pinned = world.message(chat.id, chat.pinned[-1]) if chat.pinned else None
    if pinned is not None:
        info["pinned_message"] = world.message_dict(pinned)
    return info


@api_method("sendChatAction")
async def send_chat_action(world: World, params: Params) -> bool:
    """Accept a chat action such as ``typing``."""
    chat = world.chat(params.chat_ref())
    world.check_can_send(chat)
    if params.get_str("action") not in _CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


@api_method("getFile")
async def get_file(world: World, params: Params) -> JSON:
    """Return the File object for a stored file, with a path below base_file_url."""
    file_id = params.req_str("file_id")
    stored = world.find_file(file_id)
    if stored is None:
        raise bad_request("invalid file_id")
    return {
        "file_id": file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
        "file_path": stored.file_path,
    }
