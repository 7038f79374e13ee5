"""Typed ORM models for meetings: the meetings themselves, who is invited and answered what,
and the reminders that are rows before they are jobs."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, string_enum


class MeetingStatus(enum.StrEnum):
    """A meeting being planned in chat, planned (invitations sent), or cancelled."""

    DRAFT = "draft"
    PLANNED = "planned"
    CANCELLED = "cancelled"


class Rsvp(enum.StrEnum):
    """An invitee's answer."""

    YES = "yes"
    NO = "no"
    MAYBE = "maybe"


class ReminderKind(enum.StrEnum):
    """What a reminder row does when it is due."""

    INVITEES = "invitees"  # remind everyone who has not declined
    COORDINATOR = "coordinator"  # the day before: who is coming, to the coordinators
    NEXT = "next"  # a series: plan and invite the next occurrence


class ReminderState(enum.StrEnum):
    """Whether a reminder still has to happen."""

    PENDING = "pending"
    SENT = "sent"
    SKIPPED = "skipped"  # due while the bot was down, and the meeting had started
    CANCELLED = "cancelled"


class Meeting(Base):
    """One meeting (one occurrence of a series), from draft to planned or cancelled."""

    __tablename__ = "meetings"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    status: Mapped[MeetingStatus] = mapped_column(string_enum(MeetingStatus, "meeting_status"))
    title: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[datetime | None] = mapped_column(index=True)
    ends_at: Mapped[datetime | None]
    location: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    agenda: Mapped[str | None] = mapped_column(Text)
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # A series: every occurrence points at the first one; the rule lives on each occurrence.
    series_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    every_weeks: Mapped[int | None] = mapped_column(Integer)
    rrule: Mapped[str | None] = mapped_column(String(200))
    # iCalendar SEQUENCE: raised on every change, so calendars replace the old entry.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    cancelled_at: Mapped[datetime | None]


class MeetingInvitee(Base):
    """Someone a meeting's invitation went to, with their answer and attendance."""

    __tablename__ = "meeting_invitees"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    rsvp: Mapped[Rsvp | None] = mapped_column(string_enum(Rsvp, "meeting_rsvp"))
    rsvp_at: Mapped[datetime | None]
    attended: Mapped[bool | None] = mapped_column(Boolean)


class MeetingReminder(Base):
    """A reminder as a row: scheduled as a job from here, marked sent with what it sent."""

    __tablename__ = "meeting_reminders"
    __table_args__ = (Index("ix_meeting_reminders_due", "state", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ReminderKind] = mapped_column(string_enum(ReminderKind, "meeting_reminder_kind"))
    due_at: Mapped[datetime]
    state: Mapped[ReminderState] = mapped_column(
        string_enum(ReminderState, "meeting_reminder_state")
    )
    handled_at: Mapped[datetime | None]
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("alerts.id", ondelete="SET NULL"))


__all__ = [
    "Meeting",
    "MeetingInvitee",
    "MeetingReminder",
    "MeetingStatus",
    "ReminderKind",
    "ReminderState",
    "Rsvp",
]
