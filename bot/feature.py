"""What a feature declares about itself, in one place: commands, buttons, jobs, hooks, data.

The composition root loops over the declarations: the access gate, the command menus, the
handler registration and the JobQueue's jobs are all derived from them, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import BaseHandler

from bot.buttons import Codec
from storage.dialogue_models import Dialogue
from storage.models import Person

if TYPE_CHECKING:
    from bot.config import Config
    from bot.services import AppContext

Callback = Callable[[Update, "AppContext"], Coroutine[Any, Any, None]]
JobCallback = Callable[["AppContext"], Coroutine[Any, Any, None]]
# Called in the caller's transaction when a person leaves (/stop), before anything is erased.
PersonHook = Callable[[AsyncSession, Person, datetime], Awaitable[None]]
# Erase what a feature holds that identifies a person (their Telegram id is still known);
# counts that trends need may stay, detached from them. No commit: the caller's transaction.
EraseHook = Callable[[AsyncSession, "Config", Person, datetime], Awaitable[None]]
# What a feature holds about a person, as JSON-able sections for their own copy (/mydata).
ExportHook = Callable[[AsyncSession, "Config", Person], Awaitable[dict[str, Any]]]


class Who(Enum):
    """Who may use a command or a button (checked by the access gate on every update)."""

    ANYONE = "anyone"  # also people still signing up, and people who left (where it makes sense)
    MEMBER = "member"  # active key persons, partners and coordinators
    COORDINATOR = "coordinator"  # active coordinators only


@dataclass(frozen=True, slots=True)
class Command:
    """A slash command; `menu` is its place in Telegram's command menu (None: not listed) and
    `text` the id of its description there, written out (e.g. "cmd_help"): required with a
    place in the menu, and only then."""

    name: str
    callback: Callback
    who: Who = Who.MEMBER
    menu: int | None = None
    in_groups: bool = False  # also answered in a group chat when addressed to the bot
    text: str | None = None

    def __post_init__(self) -> None:
        if (self.menu is None) != (self.text is None):
            msg = f"command /{self.name}: a menu place and a menu text go together"
            raise ValueError(msg)

    @property
    def menu_key(self) -> str:
        """Return the catalog key of the command's menu text."""
        if self.text is None:
            msg = f"command /{self.name} is not in the menu"
            raise ValueError(msg)
        return self.text


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button kind: its codec and what pressing it does."""

    codec: Codec[Any]
    callback: Callback
    who: Who = Who.MEMBER


@dataclass(frozen=True, slots=True)
class TextStep:
    """Who takes a person's next message while they are in a dialogue of this kind (bot.dialogue);
    the callback returns False to treat the message as if there were no dialogue."""

    dialogue: str
    callback: Callable[[Update, AppContext, Person, Dialogue], Coroutine[Any, Any, bool]]


@dataclass(frozen=True, slots=True)
class StartLink:
    """A /start payload a feature answers (e.g. a guest's 'wg-…' link); False: not ours."""

    prefix: str
    callback: Callable[[Update, AppContext, str], Coroutine[Any, Any, bool]]


# A member's message with no dialogue open (one feature takes these: signals).
MessageHook = Callable[[Update, "AppContext", Person], Coroutine[Any, Any, None]]
# A coordinator's Telegram reply to something the bot sent; False: not a reply it takes.
ReplyHook = Callable[[Update, "AppContext", Person, Dialogue | None], Coroutine[Any, Any, bool]]
# A coordinator sent a file; False: not one this feature takes.
FileHook = Callable[[Update, "AppContext", Person], Coroutine[Any, Any, bool]]
# A group chat became a supergroup: (old chat id, new chat id).
ChatMovedHook = Callable[["AppContext", int, int], Coroutine[Any, Any, None]]


@dataclass(frozen=True, slots=True)
class Guests:
    """People the bot talks to without a person record (working-group guests): the button they
    answer with, who they are, and the commands they may still use (/stop, /privacy)."""

    button: Codec[Any]
    is_guest: Callable[[AppContext, int], Coroutine[Any, Any, bool]]
    command: Callable[[Update, AppContext, str], Coroutine[Any, Any, None]]
    commands: frozenset[str] = frozenset({"stop", "privacy"})


@dataclass(frozen=True, slots=True)
class Job:
    """A repeating job run by the JobQueue on the injected clock; the name says what it does."""

    name: str
    callback: JobCallback
    every: float  # seconds
    first: float | None = None  # seconds after start-up; None: one period
    # Also on a standby process (the election); every other job runs on the active one only.
    on_standby: bool = False


@dataclass(frozen=True, slots=True)
class PersonalData:
    """One table in the data register: its personal columns and what each is, the rest of its
    columns (not personal), why it is kept, on which legal basis, how long and how it is
    erased. Retention and erasure may name configured periods ({signal_retention}, ...)."""

    table: str
    fields: Mapping[str, str]
    other: tuple[str, ...]
    purpose: str
    basis: str
    retention: str
    erasure: str


@dataclass(frozen=True, slots=True)
class Feature:
    """Everything the application needs to know about one feature."""

    name: str
    commands: tuple[Command, ...] = ()
    buttons: tuple[Button, ...] = ()
    jobs: tuple[Job, ...] = ()
    # Handlers for other kinds of updates (chat members, join requests), registered as given.
    handlers: tuple[BaseHandler[Any, Any, Any], ...] = ()
    start_links: tuple[StartLink, ...] = ()
    text_step: TextStep | None = None
    on_message: MessageHook | None = None
    on_reply: ReplyHook | None = None
    on_file: FileHook | None = None
    guests: Guests | None = None
    on_chat_moved: ChatMovedHook | None = None
    on_stop: PersonHook | None = None
    on_erase: EraseHook | None = None
    on_export: ExportHook | None = None
    personal_data: tuple[PersonalData, ...] = ()


class Features:
    """All features of the application, checked for clashes once, and what follows from them."""

    def __init__(self, features: Iterable[Feature]) -> None:
        self.all = tuple(features)
        self.commands: dict[str, Command] = {}
        self.buttons: dict[str, Button] = {}
        self.jobs: dict[str, Job] = {}
        self.text_steps: dict[str, TextStep] = {}
        messages = [f for f in self.all if f.on_message is not None]
        if len(messages) > 1:
            msg = f"only one feature may take plain messages: {[f.name for f in messages]}"
            raise ValueError(msg)
        self.on_message = messages[0].on_message if messages else None
        self.reply_hooks = tuple(f.on_reply for f in self.all if f.on_reply is not None)
        self.file_hooks = tuple(f.on_file for f in self.all if f.on_file is not None)
        self.guests = tuple(f.guests for f in self.all if f.guests is not None)
        self.chat_moved_hooks = tuple(
            f.on_chat_moved for f in self.all if f.on_chat_moved is not None
        )
        for feature in self.all:
            for command in feature.commands:
                _claim(self.commands, command.name, command, feature.name, "command")
            for button in feature.buttons:
                _claim(self.buttons, button.codec.prefix, button, feature.name, "button")
            for job in feature.jobs:
                _claim(self.jobs, job.name, job, feature.name, "job")
            if feature.text_step is not None:
                step = feature.text_step
                _claim(self.text_steps, step.dialogue, step, feature.name, "dialogue")

    def commands_for(self, who: Who) -> frozenset[str]:
        """Return the names of the commands open to exactly this group."""
        return frozenset(name for name, c in self.commands.items() if c.who is who)

    def buttons_for(self, who: Who) -> frozenset[str]:
        """Return the prefixes of the buttons open to exactly this group."""
        return frozenset(prefix for prefix, b in self.buttons.items() if b.who is who)

    def group_commands(self) -> frozenset[str]:
        """Return the commands the bot answers in group chats."""
        return frozenset(name for name, c in self.commands.items() if c.in_groups)

    def menu(self, *, coordinator: bool) -> tuple[Command, ...]:
        """Return the commands of a menu in their order: members', or coordinators' (all)."""
        listed = [c for c in self.commands.values() if c.menu is not None]
        if not coordinator:
            listed = [c for c in listed if c.who is not Who.COORDINATOR]
        return tuple(sorted(listed, key=lambda c: c.menu or 0))

    def periods(self, overrides: Mapping[str, float] | None) -> dict[str, float]:
        """Return every job's period, with overrides by job name (an unknown name is an error)."""
        overrides = overrides or {}
        unknown = set(overrides) - set(self.jobs)
        if unknown:
            msg = f"no job named {sorted(unknown)}; jobs are {sorted(self.jobs)}"
            raise ValueError(msg)
        return {name: overrides.get(name, job.every) for name, job in self.jobs.items()}

    def start_link(self, payload: str) -> StartLink | None:
        """Return the feature's link a /start payload belongs to, if any (else: an invite)."""
        for feature in self.all:
            for link in feature.start_links:
                if payload.startswith(link.prefix):
                    return link
        return None

    async def export(
        self, session: AsyncSession, config: Config, person: Person
    ) -> dict[str, dict[str, Any]]:
        """Return everything every feature holds about a person, by feature, in declaration
        order (no commit; the caller's transaction)."""
        return {
            f.name: await f.on_export(session, config, person)
            for f in self.all
            if f.on_export is not None
        }

    @property
    def erase_hooks(self) -> tuple[EraseHook, ...]:
        """Return every feature's erase hook, in declaration order."""
        return tuple(f.on_erase for f in self.all if f.on_erase is not None)

    @property
    def stop_hooks(self) -> tuple[PersonHook, ...]:
        """Return every feature's hook for a person leaving, in declaration order."""
        return tuple(f.on_stop for f in self.all if f.on_stop is not None)


def _claim(taken: dict[str, Any], key: str, value: object, feature: str, what: str) -> None:
    if key in taken:
        msg = f"{what} {key!r} of feature {feature!r} is declared twice"
        raise ValueError(msg)
    taken[key] = value
