"""Typed ORM models for working groups: the group with its Telegram chat, and everyone invited
to it (network members, or guests from outside with consent for this group only)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, string_enum


class WorkgroupStatus(enum.StrEnum):
    """From the coordinator's first answer to an archived group."""

    DRAFT = "draft"  # the /workgroup dialogue is asking for name, theme, purpose, end
    WAITING = "waiting"  # waiting for a coordinator to add the bot to a Telegram group
    ACTIVE = "active"
    CLOSING = "closing"  # removing members and revoking links (resumed after a restart)
    CLOSED = "closed"  # archived


class SeatState(enum.StrEnum):
    """Where one invitee stands."""

    INVITED = "invited"  # a personal link is (to be) sent
    JOINED = "joined"
    LEAVING = "leaving"  # to be removed from the group (they left the network, or it closes)
    GONE = "gone"  # removed, or never joined before the end


class Workgroup(Base):
    """A temporary working group bound to one Telegram group."""

    __tablename__ = "workgroups"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    status: Mapped[WorkgroupStatus] = mapped_column(string_enum(WorkgroupStatus, "wg_status"))
    name: Mapped[str] = mapped_column(String(128), default="")
    theme: Mapped[str | None] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(300), default="")
    ends_at: Mapped[datetime | None]
    chat_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    # Rights the bot lacks in the group ("" when it has all it needs).
    missing_rights: Mapped[str | None] = mapped_column(String(200))
    pinned_message_id: Mapped[int | None] = mapped_column(BigInteger)
    bound_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # Whom closing could not remove (names are looked up when reported, not stored).
    close_failures: Mapped[int] = mapped_column(Integer, default=0)


class Seat(Base):
    """One invitee of a working group: a network member, or a guest from outside."""

    __tablename__ = "workgroup_seats"
    __table_args__ = (UniqueConstraint("workgroup_id", "person_id", name="uq_wg_seats_person"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workgroup_id: Mapped[int] = mapped_column(
        ForeignKey("workgroups.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    # Guests: not members of the network; what is kept is erased after the group's end.
    guest_name: Mapped[str | None] = mapped_column(String(128))
    guest_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    guest_user_id: Mapped[int | None] = mapped_column(BigInteger)
    guest_language: Mapped[str | None] = mapped_column(String(8))
    consented_at: Mapped[datetime | None]
    # A guest: the Telegram account that agreed, and when the coordinator confirmed it is them.
    guest_account: Mapped[str | None] = mapped_column(String(160))
    confirmed_at: Mapped[datetime | None]
    # Someone who came into the group without a seat (removed at once): the guest_* columns
    # hold their account until the coordinator lets them in as a guest or keeps them out.
    uninvited_at: Mapped[datetime | None]
    reported_at: Mapped[datetime | None]  # the coordinator was told
    erased_at: Mapped[datetime | None]
    state: Mapped[SeatState] = mapped_column(string_enum(SeatState, "wg_seat_state"))
    invited_at: Mapped[datetime]
    # The personal join link: made and sent by the bot, approved only for this person.
    invite_link: Mapped[str | None] = mapped_column(Text)
    link_sent_at: Mapped[datetime | None]
    claimed_at: Mapped[datetime | None]
    joined_at: Mapped[datetime | None]
    gone_at: Mapped[datetime | None]


__all__ = ["Seat", "SeatState", "Workgroup", "WorkgroupStatus"]
