"""The sandbox's state: people, chats, messages, files, the update queue and the call log."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.sandbox.limits import FloodControl, SandboxLimits
from bot.sandbox.models import (
    JSON,
    ApiError,
    BotCall,
    CallbackAnswer,
    InviteLink,
    SentMessage,
    UploadedFile,
    bad_request,
    forbidden,
)
from bot.sandbox.transcript import TranscriptLine

# Update types delivered when getUpdates never received allowed_updates (as Telegram does).
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
GROUP_TYPES = frozenset({"group", "supergroup"})
MIGRATED = "group chat was upgraded to a supergroup chat"


class Signal:
    """Wake every waiter whenever something changes; waiters re-check their own predicate."""

    def __init__(self) -> None:
        self._waiters: set[asyncio.Future[None]] = set()

    def notify(self) -> None:
        """Wake all current waiters."""
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def wait_for(self, predicate: Callable[[], bool], seconds: float) -> None:
        """Return once ``predicate()`` is true; raise TimeoutError after ``seconds``."""
        async with asyncio.timeout(seconds):
            while not predicate():
                waiter = asyncio.get_running_loop().create_future()
                self._waiters.add(waiter)
                try:
                    await waiter
                finally:
                    self._waiters.discard(waiter)


@dataclass
class Person:
    """A Telegram account simulated by the sandbox."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    blocked: bool = False
    deactivated: bool = False
    started: bool = True

    def to_dict(self) -> JSON:
        """Return the Bot API ``User`` object."""
        user: JSON = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key) is not None:
                user[key] = getattr(self, key)
        return user


@dataclass
class Chat:
    """A chat the bot can talk in: a private chat (id == user id) or a group.

    In a group, ``members`` maps each person ever seen there to their status (``creator``,
    ``administrator``, ``member``, ``left`` or ``kicked``); the bot's own is ``bot_status``.
    """

    id: int
    type: str
    title: str | None = None
    person: Person | None = None
    members: dict[int, str] = field(default_factory=dict)
    bot_status: str = "member"
    bot_rights: dict[str, bool] = field(default_factory=dict)
    admin_rights: dict[int, dict[str, bool]] = field(default_factory=dict)
    until_dates: dict[int, int] = field(default_factory=dict)
    links: dict[str, InviteLink] = field(default_factory=dict)
    join_requests: dict[int, str] = field(default_factory=dict)
    pinned: list[int] = field(default_factory=list)
    migrated_to: int | None = None

    @property
    def is_group(self) -> bool:
        """Return whether this is a group or supergroup."""
        return self.type in GROUP_TYPES

    def to_dict(self) -> JSON:
        """Return the Bot API ``Chat`` object."""
        chat: JSON = {"id": self.id, "type": self.type}
        if self.person is not None:
            chat.update(
                {
                    key: value
                    for key, value in self.person.to_dict().items()
                    if key in ("first_name", "last_name", "username")
                }
            )
        if self.title is not None:
            chat["title"] = self.title
        return chat


def timestamp(moment: datetime) -> int:
    """Return Unix seconds, as Telegram dates are."""
    return int(moment.timestamp())


class World:
    """All mutable sandbox state; Bot API method handlers read and change it."""

    def __init__(
        self, *, token: str, bot_username: str, bot_name: str, limits: SandboxLimits
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_name = bot_name
        self.flood = FloodControl(limits)
        self.people: dict[int, Person] = {}
        self.chats: dict[int, Chat] = {}
        self.messages: dict[int, dict[int, SentMessage]] = {}
        self.files: dict[str, UploadedFile] = {}
        self.pending_updates: list[JSON] = []
        self.allowed_updates: frozenset[str] | None = None
        self.callback_queries: dict[str, tuple[int, int]] = {}
        self.callback_answers: dict[str, CallbackAnswer] = {}
        self.calls: list[BotCall] = []
        self.transcript: list[TranscriptLine] = []
        self.commands: dict[str, list[JSON]] = {}
        self.menu_buttons: dict[int | None, JSON] = {}
        self.webhook: JSON = {}
        # The last failed webhook delivery (Unix time, what went wrong), for getWebhookInfo.
        self.webhook_error: tuple[int, str] | None = None
        # The webhook's answers by HTTP status ("network": not reached), for tests.
        self.webhook_answers: Counter[str] = Counter()
        self.count_429 = 0
        self.count_409 = 0  # getUpdates ended by a newer one: two processes polling
        self.poll_generation = 0
        self.waiting_polls = 0
        self.stopped = False
        # Telegram unreachable: every call is answered 502 Bad Gateway (Sandbox.outage).
        self.down = False
        # Seconds between delivering a sent message and answering the call (Sandbox.answer_delay).
        self.answer_delay = 0.0
        self.signal = Signal()
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._file_ids = itertools.count(1)
        self._query_ids = itertools.count(1)

    # --- people and chats -------------------------------------------------------------------

    def bot_user(self) -> JSON:
        """Return the bot's own ``User`` object (as in getMe)."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_name,
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def add_person(self, person: Person) -> Chat:
        """Register a person and their private chat with the bot."""
        self.people[person.id] = person
        chat = Chat(id=person.id, type="private", person=person)
        self.chats[person.id] = chat
        return chat

    def chat(self, ref: int | str) -> Chat:
        """Return the chat for an id or ``@username``, or raise 400 chat not found."""
        if isinstance(ref, str):
            name = ref.removeprefix("@").lower()
            for chat in self.chats.values():
                if chat.person is not None and (chat.person.username or "").lower() == name:
                    return chat
        elif ref in self.chats:
            chat = self.chats[ref]
            if chat.migrated_to is not None:
                raise ApiError(
                    400, f"Bad Request: {MIGRATED}", {"migrate_to_chat_id": chat.migrated_to}
                )
            return chat
        raise bad_request("chat not found")

    def check_can_send(self, chat: Chat) -> None:
        """Raise the 403 Telegram gives when the bot may not write to this chat."""
        person = chat.person
        if person is not None:
            if person.deactivated:
                raise forbidden("user is deactivated")
            if person.blocked:
                raise forbidden("bot was blocked by the user")
            if not person.started:
                raise forbidden("bot can't initiate conversation with a user")
        elif chat.bot_status == "kicked":
            raise forbidden(f"bot was kicked from the {chat.type} chat")
        elif chat.bot_status == "left":
            raise forbidden(f"bot is not a member of the {chat.type} chat")

    # --- messages ---------------------------------------------------------------------------

    def next_message_id(self, chat_id: int) -> int:
        """Return the next message id in a chat (ids are per chat, as in private chats)."""
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def add_message(self, message: SentMessage) -> SentMessage:
        """Store a message in its chat."""
        self.messages.setdefault(message.chat_id, {})[message.message_id] = message
        return message

    def message(self, chat_id: int, message_id: int) -> SentMessage | None:
        """Return a message that still exists, or None."""
        found = self.messages.get(chat_id, {}).get(message_id)
        return None if found is None or found.deleted else found

    def bot_messages(self, chat_id: int, *, include_deleted: bool = False) -> list[SentMessage]:
        """Return the bot's messages in a chat, oldest first."""
        return [
            message
            for message in self.messages.get(chat_id, {}).values()
            if message.from_bot and (include_deleted or not message.deleted)
        ]

    def message_dict(self, message: SentMessage, *, with_reply: bool = True) -> JSON:
        """Return the Bot API ``Message`` object for a stored message.

        A reply carries the replied-to message (if it still exists) without its own
        ``reply_to_message``, as Telegram does.
        """
        chat = self.chats[message.chat_id]
        sender = self.bot_user() if message.from_bot else message.raw.get("from", {})
        data: JSON = {
            "message_id": message.message_id,
            "date": timestamp(message.date),
            "chat": chat.to_dict(),
            "from": sender,
        }
        text_key = "text" if message.kind == "text" else "caption"
        if message.text:
            data[text_key] = message.text if message.parse_mode is None else message.plain_text()
            entities_key = "entities" if message.kind == "text" else "caption_entities"
            if message.entities:
                data[entities_key] = message.entities
        if message.reply_markup and message.reply_markup.get("inline_keyboard"):
            data["reply_markup"] = message.reply_markup
        if message.edit_date is not None:
            data["edit_date"] = timestamp(message.edit_date)
        for key in ("document", "photo", "voice", "location"):
            if getattr(message, key) is not None:
                data[key] = getattr(message, key)
        replied = self._replied(message) if with_reply else None
        if replied is not None:
            data["reply_to_message"] = self.message_dict(replied, with_reply=False)
        if message.protect_content:
            data["has_protected_content"] = True
        data.update({key: value for key, value in message.raw.items() if key != "from"})
        return data

    def _replied(self, message: SentMessage) -> SentMessage | None:
        if message.reply_to_message_id is None:
            return None
        return self.message(message.chat_id, message.reply_to_message_id)

    # --- files ------------------------------------------------------------------------------

    def find_file(self, file_id: str) -> UploadedFile | None:
        """Return the stored file a file_id names; a photo's small size adds the suffix "s"."""
        return self.files.get(file_id) or self.files.get(file_id.removesuffix("s"))

    def store_file(self, name: str | None, mime_type: str | None, content: bytes) -> UploadedFile:
        """Store file bytes under fresh file ids and return the record."""
        number = next(self._file_ids)
        stored = UploadedFile(
            file_id=f"BQACAgQAAxkBAAI{number:06d}sandbox",
            file_unique_id=f"AgAD{number:06d}",
            file_name=name,
            mime_type=mime_type,
            content=content,
        )
        self.files[stored.file_id] = stored
        return stored

    # --- updates ----------------------------------------------------------------------------

    def enqueue_update(self, kind: str, payload: JSON) -> int:
        """Append an update (e.g. kind ``"message"``) to the queue and wake long-polls."""
        update_id = next(self._update_ids)
        self.pending_updates.append({"update_id": update_id, kind: payload})
        self.signal.notify()
        return update_id

    def enqueue_raw_update(self, payload: JSON) -> int:
        """Append an update exactly as given (e.g. one a bot library cannot parse)."""
        update_id = next(self._update_ids)
        self.pending_updates.append({"update_id": update_id, **payload})
        self.signal.notify()
        return update_id

    def new_callback_query_id(self) -> str:
        """Return a fresh callback query id."""
        return f"{self.bot_id}{next(self._query_ids):08d}"

    def is_allowed(self, update: JSON) -> bool:
        """Return whether an update's type is delivered under the current allowed_updates."""
        kind = next(key for key in update if key != "update_id")
        if self.allowed_updates is None:
            return kind not in DEFAULT_EXCLUDED_UPDATES
        return kind in self.allowed_updates

    def confirm(self, offset: int) -> None:
        """Forget updates below ``offset``; a negative offset keeps only the last -offset."""
        if offset < 0:
            self.pending_updates = self.pending_updates[offset:]
        else:
            self.pending_updates = [u for u in self.pending_updates if u["update_id"] >= offset]

    def deliverable(self, limit: int) -> list[JSON]:
        """Drop updates of types the bot does not want and return up to ``limit`` others."""
        self.pending_updates = [u for u in self.pending_updates if self.is_allowed(u)]
        return self.pending_updates[:limit]

    # --- log --------------------------------------------------------------------------------

    def record_call(self, call: BotCall) -> None:
        """Append to the call log and wake everyone waiting for the bot to act."""
        self.calls.append(call)
        if call.status == 429:
            self.count_429 += 1
        self.signal.notify()

    def log(self, chat_id: int, kind: str, text: str, *, from_bot: bool, **extra: Any) -> None:
        """Append a transcript line for an event in ``chat_id``."""
        chat = self.chats.get(chat_id)
        user_id = extra.pop("user_id", chat.person.id if chat and chat.person else None)
        self.transcript.append(
            TranscriptLine(
                time=datetime.now(UTC),
                chat_id=chat_id,
                user_id=user_id,
                from_bot=from_bot,
                kind=kind,
                text=text,
                chat_title=chat.title if chat is not None and chat.is_group else None,
                **extra,
            )
        )
