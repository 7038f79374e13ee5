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
    Integer,
    MetaData,
    String,
    TypeDecorator,
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


def _enum(cls: type[enum.StrEnum], name: str) -> Enum:
    # Stored as plain strings with a CHECK constraint: portable and readable in SQL.
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
    language: Mapped[str] = mapped_column(String(8))
    status: Mapped[PersonStatus] = mapped_column(_enum(PersonStatus, "person_status"))
    role: Mapped[Role] = mapped_column(_enum(Role, "person_role"))
    organisation: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime]
    joined_at: Mapped[datetime | None]
    left_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime | None]

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
    role: Mapped[Role] = mapped_column(_enum(Role, "invite_role"))
    neighbourhoods: Mapped[list[str]] = mapped_column(JSON, default=list)
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)


class ConsentEvent(Base):
    """One append-only consent decision: who, which theme, which notice, granted or withdrawn."""

    __tablename__ = "consent_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    theme: Mapped[str] = mapped_column(String(64))
    notice_version: Mapped[str] = mapped_column(String(32))
    granted: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime]
    via: Mapped[str] = mapped_column(String(32))


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


__all__ = [
    "AuditEntry",
    "Base",
    "ConsentEvent",
    "Invite",
    "Person",
    "PersonNeighbourhood",
    "PersonStatus",
    "PersonTag",
    "Role",
]
