"""Typed ORM models for signals: the reports, their threads, what was sent about them, and
what a person's next message means."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, string_enum


class SignalStatus(enum.StrEnum):
    """The life of a signal: being written, filed, taken by a coordinator, closed."""

    DRAFT = "draft"
    OPEN = "open"
    TAKEN = "taken"
    CLOSED = "closed"
    # The reporter cancelled the draft: its content is gone, the row counts for the limit.
    CANCELLED = "cancelled"


class Urgency(enum.StrEnum):
    """Urgent signals ring the coordinators' phones; normal ones arrive silently."""

    NORMAL = "normal"
    URGENT = "urgent"


class EntryRole(enum.StrEnum):
    """Who wrote a thread entry: the reporter, a coordinator's reply, or the closing message."""

    REPORT = "report"
    REPLY = "reply"
    OUTCOME = "outcome"


class EntryKind(enum.StrEnum):
    """What an entry holds; media are Telegram file ids, never downloaded."""

    TEXT = "text"
    PHOTO = "photo"
    DOCUMENT = "document"
    VOICE = "voice"
    LOCATION = "location"


class NoticeKind(enum.StrEnum):
    """What a notice sends: a coordinator's card, one thread entry, or the reporter's receipt."""

    CARD = "card"
    ENTRY = "entry"
    RECEIPT = "receipt"


class NoticeState(enum.StrEnum):
    """Whether a notice still has to go out."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class Signal(Base):
    """A confidential report from a key person to the coordinators."""

    __tablename__ = "signals"
    # Numbers are shown to reporters and coordinators: never reuse a deleted draft's.
    __table_args__ = (
        # Housekeeping every half minute: drafts left too long, content due for wiping.
        Index(
            "ix_signals_drafts",
            "created_at",
            sqlite_where=text("status = 'draft'"),
            postgresql_where=text("status = 'draft'"),
        ),
        Index(
            "ix_signals_to_wipe",
            "closed_at",
            sqlite_where=text("wiped_at IS NULL AND closed_at IS NOT NULL"),
            postgresql_where=text("wiped_at IS NULL AND closed_at IS NOT NULL"),
        ),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Emptied when the content is wiped after the retention period, or when the reporter stops.
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[SignalStatus] = mapped_column(string_enum(SignalStatus, "signal_status"))
    theme: Mapped[str | None] = mapped_column(String(64))
    urgency: Mapped[Urgency] = mapped_column(string_enum(Urgency, "signal_urgency"))
    wijk: Mapped[str | None] = mapped_column(String(128))
    # "Don't pass my name on": exports and partner versions leave the reporter out.
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    filed_at: Mapped[datetime | None] = mapped_column(index=True)
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    wiped_at: Mapped[datetime | None]
    # The reporter's form while the signal is a draft (edited in place as they choose).
    form_message_id: Mapped[int | None] = mapped_column(BigInteger)


class SignalEntry(Base):
    """One message in a signal's thread; text and file ids are sealed (encrypted if set up)."""

    __tablename__ = "signal_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signals.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    role: Mapped[EntryRole] = mapped_column(string_enum(EntryRole, "signal_entry_role"))
    kind: Mapped[EntryKind] = mapped_column(string_enum(EntryKind, "signal_entry_kind"))
    body: Mapped[str | None] = mapped_column(Text)
    file_ref: Mapped[str | None] = mapped_column(Text)
    # Photos sent as one album arrive as separate messages that share this id.
    media_group: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]


class SignalNotice(Base):
    """One message the bot promised to send about a signal: stored first, then sent."""

    __tablename__ = "signal_notices"
    __table_args__ = (
        Index("ix_signal_notices_state", "state", "id"),
        Index("ix_signal_notices_message", "chat_id", "message_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signals.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("signal_entries.id", ondelete="CASCADE")
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[NoticeKind] = mapped_column(string_enum(NoticeKind, "signal_notice_kind"))
    state: Mapped[NoticeState] = mapped_column(string_enum(NoticeState, "signal_notice_state"))
    loud: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger)


__all__ = [
    "EntryKind",
    "EntryRole",
    "NoticeKind",
    "NoticeState",
    "Signal",
    "SignalEntry",
    "SignalNotice",
    "SignalStatus",
    "Urgency",
]
