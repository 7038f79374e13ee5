"""The one owner of dialogue state: what a person's next message means.

A person is in at most one dialogue. Starting one ends the previous one, whatever feature it
belonged to: that feature's draft stays as it is, but no longer waits for the person's text.
Functions take the caller's session and never commit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialogue_models import Dialogue

ALERTS, MEETINGS, WORKGROUPS, SIGNALS = "alerts", "meetings", "workgroups", "signals"
NETWORK = "network"


async def start(
    session: AsyncSession,
    person_id: int,
    feature: str,
    step: str,
    ref_id: int | None = None,
    *,
    now: datetime,
    ttl: timedelta | None = None,
) -> None:
    """Start a dialogue for the person, ending the one they were in."""
    found = await session.scalar(
        select(Dialogue).where(Dialogue.person_id == person_id).with_for_update()
    )
    if found is None:
        # Reusing the row (never delete + insert) keeps the one-per-person rule in one flush.
        found = Dialogue(person_id=person_id)
        session.add(found)
    found.feature, found.step, found.ref_id = feature, step, ref_id
    found.started_at = now
    found.expires_at = now + ttl if ttl is not None else None
    await session.flush()


async def current(
    session: AsyncSession, person_id: int, *, now: datetime, for_update: bool = False
) -> Dialogue | None:
    """Return the person's dialogue; an expired one counts as none."""
    stmt = select(Dialogue).where(Dialogue.person_id == person_id)
    if for_update:
        stmt = stmt.with_for_update()
    found = await session.scalar(stmt)
    if found is None or (found.expires_at is not None and found.expires_at <= now):
        return None
    return found


async def step_of(
    session: AsyncSession, person_id: int, feature: str, ref_id: int, *, now: datetime
) -> str | None:
    """Return the step of the person's dialogue about this feature's `ref_id`, if they are in it."""
    found = await current(session, person_id, now=now, for_update=True)
    if found is None or found.feature != feature or found.ref_id != ref_id:
        return None
    return found.step


async def set_step(
    session: AsyncSession, person_id: int, feature: str, ref_id: int, step: str, *, now: datetime
) -> bool:
    """Move the person's dialogue about `ref_id` on to `step`; False if they are not in it."""
    found = await current(session, person_id, now=now, for_update=True)
    if found is None or found.feature != feature or found.ref_id != ref_id:
        return False
    found.step = step
    return True


async def end(
    session: AsyncSession, person_id: int, feature: str | None = None, ref_id: int | None = None
) -> None:
    """End the person's dialogue (only if it belongs to `feature` / is about `ref_id`, if given)."""
    stmt = delete(Dialogue).where(Dialogue.person_id == person_id)
    if feature is not None:
        stmt = stmt.where(Dialogue.feature == feature)
    if ref_id is not None:
        stmt = stmt.where(Dialogue.ref_id == ref_id)
    await session.execute(stmt)


async def end_about(session: AsyncSession, feature: str, ref_id: int) -> None:
    """End everyone's dialogue about this feature's `ref_id` (it was closed or removed)."""
    await session.execute(
        delete(Dialogue).where(Dialogue.feature == feature, Dialogue.ref_id == ref_id)
    )
