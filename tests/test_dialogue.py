"""Specification of dialogue state: one dialogue per person, one rule for starting a new one."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot import dialogue
from bot.clock import FakeClock
from storage.db import Database
from storage.dialogue_models import Dialogue
from storage.models import Person, PersonStatus, Role


async def _person(db: Database, clock: FakeClock) -> int:
    """Store a coordinator and return their id."""
    async with db.begin() as session:
        person = Person(
            telegram_user_id=1001,
            display_name="Sanne",
            language="nl",
            status=PersonStatus.ACTIVE,
            role=Role.COORDINATOR,
            created_at=clock.now(),
        )
        session.add(person)
        await session.flush()
        return person.id


async def test_starting_a_dialogue_ends_the_previous_one_of_any_feature(
    db: Database, clock: FakeClock
) -> None:
    """A meeting dialogue after an alert dialogue replaces it: one row, the newest wins."""
    person = await _person(db, clock)
    async with db.begin() as session:
        await dialogue.start(session, person, dialogue.ALERTS, "text", 7, now=clock.now())
    async with db.begin() as session:
        await dialogue.start(session, person, dialogue.MEETINGS, "title", 3, now=clock.now())

    async with db.begin() as session:
        found = await dialogue.current(session, person, now=clock.now())
        rows = await session.scalar(select(func.count()).select_from(Dialogue))
        alert_step = await dialogue.step_of(session, person, dialogue.ALERTS, 7, now=clock.now())

    assert found is not None and (found.feature, found.step, found.ref_id) == (
        "meetings",
        "title",
        3,
    )
    assert rows == 1
    assert alert_step is None


async def test_an_expired_dialogue_counts_as_none(db: Database, clock: FakeClock) -> None:
    """A dialogue with a time limit is gone for the router once the limit has passed."""
    person = await _person(db, clock)
    async with db.begin() as session:
        await dialogue.start(
            session,
            person,
            dialogue.SIGNALS,
            "reply",
            1,
            now=clock.now(),
            ttl=timedelta(minutes=30),
        )

    async with db.begin() as session:
        before = await dialogue.current(session, person, now=clock.now() + timedelta(minutes=29))
        after = await dialogue.current(session, person, now=clock.now() + timedelta(minutes=30))

    assert before is not None and after is None


async def test_ending_names_the_feature_and_subject_it_ends(db: Database, clock: FakeClock) -> None:
    """Ending another feature's or another subject's dialogue leaves the person's dialogue be."""
    person = await _person(db, clock)
    async with db.begin() as session:
        await dialogue.start(session, person, dialogue.ALERTS, "edit", 5, now=clock.now())
        await dialogue.end(session, person, dialogue.SIGNALS)
        await dialogue.end(session, person, dialogue.ALERTS, 6)
        kept = await dialogue.current(session, person, now=clock.now())
        await dialogue.end(session, person, dialogue.ALERTS, 5)
        ended = await dialogue.current(session, person, now=clock.now())

    assert kept is not None and kept.ref_id == 5
    assert ended is None


async def test_a_step_moves_only_the_dialogue_it_belongs_to(db: Database, clock: FakeClock) -> None:
    """set_step on another subject changes nothing; on the person's own it moves the step."""
    person = await _person(db, clock)
    async with db.begin() as session:
        await dialogue.start(session, person, dialogue.WORKGROUPS, "name", 2, now=clock.now())
        other = await dialogue.set_step(
            session, person, dialogue.WORKGROUPS, 9, "th", now=clock.now()
        )
        own = await dialogue.set_step(
            session, person, dialogue.WORKGROUPS, 2, "th", now=clock.now()
        )
        step = await dialogue.step_of(session, person, dialogue.WORKGROUPS, 2, now=clock.now())

    assert (other, own, step) == (False, True, "th")
