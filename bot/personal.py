"""What membership holds about a person: profile, consents, invitation, tags and audit entries.

Each function is one feature's export hook (account, onboarding, people); the other features
keep theirs in their own package (`bot/<feature>/personal.py`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import iso
from bot.config import Config
from storage.dialogue_models import Dialogue
from storage.models import AuditEntry, ConsentEvent, Invite, Person, PersonNeighbourhood, PersonTag


async def export_profile(session: AsyncSession, config: Config, person: Person) -> dict[str, Any]:
    """Return the person's own record and the dialogue they are in."""
    current = await session.scalar(select(Dialogue).where(Dialogue.person_id == person.id))
    return {
        "profile": {
            "telegram_user_id": person.telegram_user_id,
            "name": person.display_name,
            "telegram_name": person.telegram_name,
            "language": person.language,
            "role": person.role.value,
            "status": person.status.value,
            "organisation": person.organisation,
            "quiet_hours": person.quiet_hours,
            "created_at": iso(person.created_at),
            "joined_at": iso(person.joined_at),
            "left_at": iso(person.left_at),
            "last_seen_at": iso(person.last_seen_at),
            "unreachable_at": iso(person.unreachable_at),
        },
        "dialogue": (
            {
                "feature": current.feature,
                "step": current.step,
                "since": iso(current.started_at),
                "until": iso(current.expires_at),
            }
            if current is not None
            else None
        ),
    }


async def export_consents(session: AsyncSession, config: Config, person: Person) -> dict[str, Any]:
    """Return every consent given or withdrawn, with its notice version, and the neighbourhoods."""
    events = (
        await session.scalars(
            select(ConsentEvent)
            .where(ConsentEvent.person_id == person.id)
            .order_by(ConsentEvent.at, ConsentEvent.id)
        )
    ).all()
    wijken = (
        await session.scalars(
            select(PersonNeighbourhood.wijk)
            .where(PersonNeighbourhood.person_id == person.id)
            .order_by(PersonNeighbourhood.wijk)
        )
    ).all()
    return {
        "consents": [
            {
                "theme": e.theme,
                "granted": e.granted,
                "notice_version": e.notice_version,
                "at": iso(e.at),
                "via": e.via,
            }
            for e in events
        ],
        "neighbourhoods": list(wijken),
    }


async def export_records(session: AsyncSession, config: Config, person: Person) -> dict[str, Any]:
    """Return the invitation that brought the person in, their tags and audit entries about them."""
    invites = (await session.scalars(select(Invite).where(Invite.used_by_id == person.id))).all()
    tags = (
        await session.scalars(
            select(PersonTag.tag).where(PersonTag.person_id == person.id).order_by(PersonTag.tag)
        )
    ).all()
    audit = (
        await session.scalars(
            select(AuditEntry)
            .where(or_(AuditEntry.subject_id == person.id, AuditEntry.actor_id == person.id))
            .order_by(AuditEntry.at, AuditEntry.id)
        )
    ).all()
    return {
        "invitation": [
            {
                "name": i.name,
                "role": i.role.value,
                "created_at": iso(i.created_at),
                "used_at": iso(i.used_at),
            }
            for i in invites
        ],
        "tags": list(tags),
        "audit": [
            {"at": iso(a.at), "action": a.action, "by_you": a.actor_id == person.id} for a in audit
        ],
    }
