"""Erasing a person: every feature lets go of what it holds about them, then their own record
keeps only a pseudonym (a keyed hash of the Telegram id) beside the proof of their consents.

The consent events (theme, notice version, times) stay with that pseudonymous record for
`privacy.consent_proof_retention`: whoever knows the Telegram id and the key can find them
again (`erased`), nobody can read the id back from them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Config
from bot.config_privacy import pseudonym
from bot.feature import EraseHook
from storage.models import Invite, Person, PersonStatus
from storage.repositories import Audit, People, PeopleFilter

ERASED_NAME = ""


def pseudonym_of(config: Config, telegram_user_id: int) -> int:
    """Return the pseudonym that replaces this Telegram id once its person is erased."""
    return pseudonym(config.privacy.key_bytes(config.telegram.token), telegram_user_id)


def is_erased(person: Person) -> bool:
    """Tell whether a person record is only a pseudonym (Telegram ids are positive)."""
    return person.telegram_user_id < 0


async def erase_leavers(
    session: AsyncSession, config: Config, *, now: datetime, hooks: Sequence[EraseHook]
) -> int:
    """Erase everyone who left but is not erased yet (people who stopped before erasure on
    /stop existed); return how many."""
    left = await People(session).find(PeopleFilter(status=PersonStatus.LEFT))
    waiting = [p for p in left if not is_erased(p)]
    for person in waiting:
        await erase(session, config, person, now=now, hooks=hooks, by="upgrade")
    return len(waiting)


async def erased(session: AsyncSession, config: Config, telegram_user_id: int) -> Person | None:
    """Return the pseudonymous record of an erased person with this Telegram id, if any."""
    return await People(session).by_telegram_id(pseudonym_of(config, telegram_user_id))


async def erase(
    session: AsyncSession,
    config: Config,
    person: Person,
    *,
    now: datetime,
    hooks: Sequence[EraseHook],
    by: str,
) -> None:
    """Erase everything that identifies a person, in the caller's transaction (no commit)."""
    for hook in hooks:  # while the Telegram id is still known: e.g. to leave a working group
        await hook(session, config, person, now)
    people = People(session)
    people.set_neighbourhoods(person, [])
    people.set_tags(person, [])
    await session.execute(
        update(Invite)
        .where(Invite.used_by_id == person.id)
        .values(name=ERASED_NAME, tags=[], language=None)
    )
    person.telegram_user_id = pseudonym_of(config, person.telegram_user_id)
    person.display_name = ERASED_NAME
    person.telegram_name = None
    person.language = config.network.default_language
    person.organisation = None
    person.quiet_hours = None
    person.created_at = now  # when the record became this pseudonym; retention counts from it
    person.joined_at = None
    person.last_seen_at = None
    person.unreachable_at = None
    person.status = PersonStatus.LEFT
    person.left_at = now
    Audit(session).record(at=now, action="person.erase", actor=None, subject=person, actor_label=by)
