"""Typed ORM models: people, invites, consent events and the coordinators' audit log."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC that always comes back timezone-aware (SQLite forgets zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes and normalise to UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            msg = "naive datetime given to a UTC column"
            raise ValueError(msg)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Attach UTC to values the driver returns without a zone."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base with named constraints, so migrations stay portable."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {datetime: UTCDateTime()}  # noqa: RUF012


class PersonStatus(enum.StrEnum):
    """Where a person stands in the network."""

    INVITED = "invited"
    ACTIVE = "active"
    PAUSED = "paused"
    LEFT = "left"


class Role(enum.StrEnum):
    """What a person may do; coordinators run the network."""

    KEY_PERSON = "key_person"
    BACKGROUND_CONTACT = "background_contact"
    COORDINATOR = "coordinator"


def string_enum(cls: type[enum.StrEnum], name: str) -> Enum:
    """Store an enum as a plain string with a CHECK constraint: portable and readable in SQL."""
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=24,
        values_callable=lambda members: [m.value for m in members],
    )


class Person(Base):
    """A member of the network (key person, background contact or coordinator)."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    # The Telegram account's own name (and @username) when it redeemed its invitation.
    telegram_name: Mapped[str | None] = mapped_column(String(160))
    language: Mapped[str] = mapped_column(String(8))
    status: Mapped[PersonStatus] = mapped_column(string_enum(PersonStatus, "person_status"))
    role: Mapped[Role] = mapped_column(string_enum(Role, "person_role"))
    organisation: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime]
    joined_at: Mapped[datetime | None]
    left_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime | None]
    # "23:00-07:00": non-urgent messages arrive silently in this local-time window.
    quiet_hours: Mapped[str | None] = mapped_column(String(11))
    # Set when Telegram says the person blocked the bot or deleted their account.
    unreachable_at: Mapped[datetime | None]

    neighbourhoods: Mapped[list[PersonNeighbourhood]] = relationship(
        cascade="all, delete-orphan", lazy="raise", order_by="PersonNeighbourhood.wijk"
    )
    tags: Mapped[list[PersonTag]] = relationship(
        cascade="all, delete-orphan", lazy="raise", order_by="PersonTag.tag"
    )


class PersonNeighbourhood(Base):
    """A neighbourhood (wijk) a person belongs to."""

    __tablename__ = "person_neighbourhoods"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    wijk: Mapped[str] = mapped_column(String(64), primary_key=True)


class PersonTag(Base):
    """A free tag on a person (organisation type, community, skill)."""

    __tablename__ = "person_tags"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(64), primary_key=True)


class Invite(Base):
    """A single-use invitation; only a hash of its token is stored."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    used_at: Mapped[datetime | None]
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None]
    name: Mapped[str] = mapped_column(String(128))
    role: Mapped[Role] = mapped_column(string_enum(Role, "invite_role"))
    neighbourhoods: Mapped[list[str]] = mapped_column(JSON, default=list)
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Set by the coordinator (invite import); applied when the invitation is used.
    tags: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    language: Mapped[str | None] = mapped_column(String(8))


class ConsentEvent(Base):
    """One append-only consent decision: who, which theme, which notice, granted or withdrawn."""

    __tablename__ = "consent_events"
    __table_args__ = (
        # At most one latest decision per person and theme; who consents to what right now is
        # an index lookup, not a grouping of everyone's history.
        Index(
            "uq_consent_events_latest",
            "person_id",
            "theme",
            unique=True,
            sqlite_where=text("latest"),
            postgresql_where=text("latest"),
        ),
        Index(
            "ix_consent_events_granted",
            "theme",
            "person_id",
            sqlite_where=text("latest AND granted"),
            postgresql_where=text("latest AND granted"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    theme: Mapped[str] = mapped_column(String(64))
    notice_version: Mapped[str] = mapped_column(String(32))
    granted: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime]
    via: Mapped[str] = mapped_column(String(32))
    # True on the person's latest decision on the theme (Consents.record keeps it so).
    latest: Mapped[bool] = mapped_column(Boolean, default=True, server_default=false())


class AuditEntry(Base):
    """A coordinator action: who did what to whom and when, never message contents."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AlertStatus(enum.StrEnum):
    """The life of an alert: composed, confirmed and going out, done, stopped or withdrawn."""

    DRAFT = "draft"
    QUEUED = "queued"
    SENT = "sent"
    CANCELLED = "cancelled"
    RETRACTED = "retracted"


class DeliveryState(enum.StrEnum):
    """What happened to one recipient's copy of an alert."""

    PENDING = "pending"
    SENT = "sent"
    BLOCKED = "blocked"
    NOT_FOUND = "not_found"
    FAILED = "failed"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


# The chat id of an erased person's alert copies: no chat (Telegram's ids are never 0).
ERASED_CHAT = 0


class Work(enum.StrEnum):
    """The next thing the sender must do for a delivery row."""

    SEND = "send"
    EDIT = "edit"
    DELETE = "delete"
    REMIND = "remind"


class AlertKind(enum.StrEnum):
    """What an outbox message is: an alert, network news, or part of a meeting."""

    ALERT = "alert"
    NEWS = "news"  # silent and shareable: successes and updates that keep the network warm
    INVITATION = "invitation"  # a meeting's invitation, with RSVP buttons and a calendar file
    REMINDER = "reminder"  # a meeting reminder, with RSVP buttons
    UPDATE = "update"  # a meeting moved, with the new calendar file and RSVP buttons
    CANCELLATION = "cancellation"  # a meeting cancelled, with the calendar file that removes it
    NOTE = "note"  # the bot's note to coordinators (who is coming, a nudge): no buttons


class Alert(Base):
    """A message from a coordinator to (part of) the network, from draft to delivery."""

    __tablename__ = "alerts"
    # Numbers are shown to coordinators and carried by buttons: never reuse a deleted draft's.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    status: Mapped[AlertStatus] = mapped_column(
        string_enum(AlertStatus, "alert_status"), index=True
    )
    texts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Urgent rings even in quiet hours and goes first; silent never rings; otherwise the
    # recipient's quiet hours decide.
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    silent: Mapped[bool] = mapped_column(Boolean, default=False)
    shareable: Mapped[bool] = mapped_column(Boolean, default=False)
    escalate_minutes: Mapped[int | None] = mapped_column(Integer)
    send_at: Mapped[datetime | None]
    confirmed_at: Mapped[datetime | None]
    confirmed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    finished_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    retracted_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)
    recipient_count: Mapped[int] = mapped_column(Integer, default=0)
    # While its copies are still being written (bot.alerts.service.queue_more): the last person
    # given one, and how many were written so far. NULL once every recipient has a row.
    queue_after: Mapped[int | None] = mapped_column(Integer)
    queued: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The final figures (as bot.alerts.service.Counts, in order) once the copies are compacted.
    counts: Mapped[list[int] | None] = mapped_column(JSON)
    status_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    status_message_id: Mapped[int | None] = mapped_column(Integer)
    # Set whenever counts change, cleared when the live status message shows them.
    status_dirty: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[AlertKind] = mapped_column(
        string_enum(AlertKind, "alert_kind"), default=AlertKind.ALERT, server_default="alert"
    )
    # Meeting messages: which meeting (for the RSVP buttons) and its calendar file.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    attachment: Mapped[str | None] = mapped_column(Text)
    attachment_name: Mapped[str | None] = mapped_column(String(64))


class AlertDelivery(Base):
    """One recipient of an alert: the outbox row the sender claims, sends and records."""

    __tablename__ = "alert_deliveries"
    __table_args__ = (
        UniqueConstraint("alert_id", "person_id", name="uq_alert_deliveries_alert_person"),
        # The claim's order, over exactly the rows with work to do.
        Index(
            "ix_alert_deliveries_due",
            "priority",
            "seq",
            "alert_id",
            sqlite_where=text("work IS NOT NULL"),
            postgresql_where=text("work IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Served by the unique (alert_id, person_id) index: no index of its own to write.
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"))
    # None once detached from the person (retention, or their erased record deleted): the
    # copy still counts for the alert's figures.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    language: Mapped[str] = mapped_column(String(8))
    # Urgent alerts first; within a priority, the n-th recipients of concurrent alerts
    # alternate (seq), so two alerts share the rate fairly.
    priority: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    state: Mapped[DeliveryState] = mapped_column(string_enum(DeliveryState, "delivery_state"))
    work: Mapped[Work | None] = mapped_column(string_enum(Work, "delivery_work"))
    due_at: Mapped[datetime]
    claimed_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[datetime | None]
    message_id: Mapped[int | None] = mapped_column(Integer)
    delivered_version: Mapped[int] = mapped_column(Integer, default=0)
    deleted_at: Mapped[datetime | None]
    acked_at: Mapped[datetime | None]
    passed_on_at: Mapped[datetime | None]
    question_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]


class AlertTemplate(Base):
    """A saved alert text for recurring situations."""

    __tablename__ = "alert_templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    texts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]


__all__ = [
    "Alert",
    "AlertDelivery",
    "AlertKind",
    "AlertStatus",
    "AlertTemplate",
    "AuditEntry",
    "Base",
    "ConsentEvent",
    "DeliveryState",
    "Invite",
    "Person",
    "PersonNeighbourhood",
    "PersonStatus",
    "PersonTag",
    "Role",
    "Work",
]
