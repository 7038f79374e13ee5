"""Value objects the sandbox records and hands to tests: sent messages, calls, answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.sandbox.html import strip_html

JSON = dict[str, Any]


class ApiError(Exception):
    """A Bot API error answer: HTTP status == error_code, plus optional parameters."""

    def __init__(self, error_code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def body(self) -> JSON:
        """Return the JSON body Telegram sends for this error."""
        body: JSON = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> ApiError:
    """Build a 400 error with Telegram's ``Bad Request:`` prefix."""
    return ApiError(400, f"Bad Request: {detail}")


def forbidden(detail: str) -> ApiError:
    """Build a 403 error with Telegram's ``Forbidden:`` prefix."""
    return ApiError(403, f"Forbidden: {detail}")


@dataclass(frozen=True)
class InlineButton:
    """One inline keyboard button as the bot sent it."""

    text: str
    callback_data: str | None = None
    url: str | None = None


def buttons_from_markup(markup: JSON | None) -> list[list[InlineButton]]:
    """Return the inline keyboard rows of a raw ``reply_markup`` dict (empty if none)."""
    if not markup or "inline_keyboard" not in markup:
        return []
    return [
        [
            InlineButton(
                text=str(button.get("text", "")),
                callback_data=button.get("callback_data"),
                url=button.get("url"),
            )
            for button in row
        ]
        for row in markup["inline_keyboard"]
    ]


@dataclass
class SentMessage:
    """A message in a chat, live: edits and deletions update the same object."""

    message_id: int
    chat_id: int
    text: str
    date: datetime
    parse_mode: str | None = None
    reply_markup: JSON | None = None
    from_bot: bool = True
    kind: str = "text"
    entities: list[JSON] = field(default_factory=list)
    edited: bool = False
    edit_date: datetime | None = None
    deleted: bool = False
    disable_notification: bool = False
    protect_content: bool = False
    document: JSON | None = None
    photo: list[JSON] | None = None
    voice: JSON | None = None
    location: JSON | None = None
    reply_to_message_id: int | None = None
    file_name: str | None = None
    file_bytes: bytes | None = None
    raw: JSON = field(default_factory=dict, repr=False)

    @property
    def buttons(self) -> list[list[InlineButton]]:
        """Return the inline keyboard rows (empty list if the message has none)."""
        return buttons_from_markup(self.reply_markup)

    @property
    def button_texts(self) -> list[str]:
        """Return the texts of all inline buttons, row by row."""
        return [button.text for row in self.buttons for button in row]

    @property
    def caption(self) -> str:
        """Return the caption of a media message (same as ``text`` for such messages)."""
        return self.text if self.kind != "text" else ""

    def plain_text(self) -> str:
        """Return the text as a person reads it: HTML tags stripped when parse_mode is HTML."""
        if self.parse_mode is not None and self.parse_mode.upper() == "HTML":
            return strip_html(self.text)
        return self.text


@dataclass(frozen=True)
class BotCall:
    """One Bot API request the bot made, with the answer's HTTP status."""

    method: str
    params: JSON
    time: datetime
    status: int
    chat_id: int | None = None
    description: str | None = None

    @property
    def ok(self) -> bool:
        """Return whether the call succeeded."""
        return 200 <= self.status < 300

    def __str__(self) -> str:
        where = f" chat={self.chat_id}" if self.chat_id is not None else ""
        outcome = "ok" if self.ok else f"{self.status} {self.description}"
        return f"{self.method}{where} -> {outcome}"


@dataclass(frozen=True)
class CallbackAnswer:
    """The bot's answerCallbackQuery for one button press."""

    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None = None
    cache_time: int | None = None


@dataclass(frozen=True)
class UploadedFile:
    """A file stored in the sandbox: uploaded by the bot or sent by a simulated user."""

    file_id: str
    file_unique_id: str
    file_name: str | None
    mime_type: str | None
    content: bytes

    @property
    def file_path(self) -> str:
        """Return the relative download path used by ``getFile``."""
        suffix = f"_{self.file_name}" if self.file_name else ""
        return f"files/{self.file_unique_id}{suffix}"


@dataclass
class InviteLink:
    """An invite link of a group, live: edits and revocation update the same object."""

    invite_link: str
    chat_id: int
    creator: JSON = field(repr=False)
    creates_join_request: bool = False
    name: str | None = None
    expire_date: int | None = None
    member_limit: int | None = None
    is_revoked: bool = False
    is_primary: bool = False
    joined: int = 0

    def usable(self, now: int) -> bool:
        """Return whether a person can still use the link at Unix time ``now``."""
        if self.is_revoked or (self.expire_date is not None and self.expire_date <= now):
            return False
        return self.member_limit is None or self.joined < self.member_limit

    def to_dict(self, pending: int = 0) -> JSON:
        """Return the Bot API ``ChatInviteLink`` object (``pending`` join requests through it)."""
        link: JSON = {
            "invite_link": self.invite_link,
            "creator": self.creator,
            "creates_join_request": self.creates_join_request,
            "is_primary": self.is_primary,
            "is_revoked": self.is_revoked,
        }
        for key in ("name", "expire_date", "member_limit"):
            if getattr(self, key) is not None:
                link[key] = getattr(self, key)
        if self.creates_join_request:
            link["pending_join_request_count"] = pending
        return link
