"""Invitations: single-use tokens of which only a hash is stored."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.buttons import Codec
from bot.config import Config
from bot.errors import InvalidInvite, InviteExpired, InviteUnknown, InviteUsed, StaleAction
from storage.models import Invite, Person, Role
from storage.repositories import Audit, Invites

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MAX_NAME_LENGTH = 128
# people.telegram_name, workgroup_seats.guest_account: a name of 128, ' (@', a username of 32.
ACCOUNT_NAME_LENGTH = 160
# Zero-width (non-)joiners build emoji and Persian/Arabic words; other invisible format
# characters, such as bidi overrides, are dropped because they can disguise a name.
_JOINERS = frozenset("\u200c\u200d")


@dataclass(frozen=True, slots=True)
class NewInvite:
    """A freshly created invite with the only copy of its token."""

    invite: Invite
    token: str
    link: str


def hash_token(token: str) -> str:
    """Return the stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def invite_link(bot_username: str, token: str) -> str:
    """Return the deep link that starts the bot with this token."""
    return f"https://t.me/{bot_username}?start={token}"


def clean_name(raw: str) -> str:
    """Return a display name without control characters and surplus spaces."""
    name = " ".join("".join(ch for ch in raw if ch.isprintable() or ch in _JOINERS).split())
    if not name:
        msg = "the name is empty"
        raise InvalidInvite(msg)
    if len(name) > MAX_NAME_LENGTH:
        msg = f"the name is {len(name)} characters long, at most {MAX_NAME_LENGTH} allowed"
        raise InvalidInvite(msg)
    return name


def safe_name(raw: str, fallback: str) -> str:
    """Return a cleaned, length-capped display name, or `fallback` if nothing is left."""
    try:
        return clean_name(raw[:MAX_NAME_LENGTH])
    except InvalidInvite:
        return fallback


def account_name(full_name: str, username: str | None) -> str:
    """Return a Telegram account as a coordinator is shown it: its own name and @username,
    within the columns that keep it (160 characters)."""
    named = safe_name(full_name, "?")
    return (f"{named} (@{username})" if username else named)[:ACCOUNT_NAME_LENGTH]


@dataclass(frozen=True, slots=True)
class WrongPerson:
    """The coordinator's 'not this person' under the notice that an invitation was opened."""

    person: int


WRONG_PERSON = Codec("iw", WrongPerson)


async def create_invite(
    session: AsyncSession,
    config: Config,
    *,
    now: datetime,
    name: str,
    role: Role = Role.KEY_PERSON,
    neighbourhoods: Sequence[str] = (),
    themes: Sequence[str] = (),
    tags: Sequence[str] = (),
    language: str | None = None,
    expires_in: timedelta | None = None,
    created_by: Person | None = None,
    actor_label: str | None = None,
) -> NewInvite:
    """Create an invite and return its token; the caller commits."""
    unknown_wijk = [w for w in neighbourhoods if w not in config.network.neighbourhoods]
    if unknown_wijk:
        known = ", ".join(config.network.neighbourhoods) or "none configured"
        msg = f"unknown neighbourhood {unknown_wijk[0]!r} (known: {known})"
        raise InvalidInvite(msg)
    known_themes = [t.key for t in config.network.themes]
    unknown_theme = [t for t in themes if t not in known_themes]
    if unknown_theme:
        msg = f"unknown theme {unknown_theme[0]!r} (known: {', '.join(known_themes)})"
        raise InvalidInvite(msg)
    expiry = expires_in if expires_in is not None else config.invites.default_expiry
    token = secrets.token_urlsafe(24)
    invite = Invite(
        token_hash=hash_token(token),
        created_at=now,
        expires_at=now + expiry,
        created_by_id=created_by.id if created_by else None,
        name=clean_name(name),
        role=role,
        neighbourhoods=list(dict.fromkeys(neighbourhoods)),
        themes=list(dict.fromkeys(themes)),
        tags=list(dict.fromkeys(tags)),
        language=language,
    )
    Invites(session).add(invite)
    await session.flush()
    Audit(session).record(
        at=now,
        action="invite.create",
        actor=created_by,
        actor_label=actor_label,
        details={"invite_id": invite.id, "role": role.value},
    )
    return NewInvite(invite, token, invite_link(config.telegram.bot_username, token))


async def change_role(
    session: AsyncSession, invite_id: int, role: Role, *, by: Person, now: datetime
) -> Invite:
    """Change the role an open invitation grants (audited when it changes); stale otherwise."""
    invite = await Invites(session).by_id(invite_id)
    if (
        invite is None
        or invite.used_at is not None
        or invite.revoked_at is not None
        or invite.expires_at <= now
    ):
        raise StaleAction
    if invite.role is not role:
        invite.role = role
        Audit(session).record(
            at=now,
            action="invite.role",
            actor=by,
            details={"invite_id": invite.id, "role": role.value},
        )
    return invite


async def find_redeemable(session: AsyncSession, token: str, now: datetime) -> Invite:
    """Return the unused, unexpired invite for a token, or raise why it cannot be used."""
    if not TOKEN_PATTERN.match(token):
        raise InviteUnknown
    invite = await Invites(session).by_token_hash(hash_token(token))
    if invite is None:
        raise InviteUnknown
    if invite.used_at is not None:
        raise InviteUsed
    if invite.revoked_at is not None or invite.expires_at <= now:
        raise InviteExpired
    return invite
