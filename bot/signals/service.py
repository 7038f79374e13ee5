"""Signals as a domain: drafts, filing and additions (the coordinators' side: handling.py).

Everything a signal promises to send is written here as a notice row in the same transaction;
bot.signals.notices sends the rows. Texts and file ids are sealed before they are stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import dialogue, events
from bot.config import Config
from bot.errors import (
    SignalClosed,
    SignalRateLimited,
    SignalTooLong,
    SignalUnknown,
    StaleAction,
)
from bot.signals.crypto import Sealer
from storage.models import Person, PersonStatus, Role
from storage.repositories import Audit
from storage.signal_models import (
    EntryKind,
    EntryRole,
    NoticeKind,
    NoticeState,
    Signal,
    SignalEntry,
    SignalNotice,
    SignalStatus,
    Urgency,
)

# What a person's next message means (the step of their signals dialogue, ref_id the signal),
# and for how long that holds.
REPLY, CLOSE, ADD = "reply", "close", "add"
INTENT_WINDOW = timedelta(minutes=30)
OPEN_STATES = (SignalStatus.OPEN, SignalStatus.TAKEN)
FILED_STATES = (*OPEN_STATES, SignalStatus.CLOSED)
REPORTER_ROLES = (Role.KEY_PERSON, Role.BACKGROUND_CONTACT)


@dataclass(frozen=True, slots=True)
class Content:
    """One incoming message as a signal sees it: its kind, text or caption, and file id."""

    kind: EntryKind
    text: str | None = None
    file_id: str | None = None
    media_group: str | None = None


@dataclass(frozen=True, slots=True)
class Opened:
    """A thread entry with its sealed parts opened."""

    entry: SignalEntry
    text: str | None
    file_id: str | None


def may_report(person: Person) -> bool:
    """Tell whether this person may send signals (active key persons and background contacts)."""
    return person.status is PersonStatus.ACTIVE and person.role in REPORTER_ROLES


def check_length(content: Content, config: Config) -> None:
    """Refuse a text longer than the configured limit; nothing is stored then."""
    limit = config.signals.max_length
    if content.text is not None and len(content.text) > limit:
        raise SignalTooLong(length=len(content.text), limit=limit)


async def check_rate(
    session: AsyncSession, person: Person, config: Config, *, now: datetime, new: bool
) -> None:
    """Refuse when the person went over the hourly limits for new signals or messages."""
    since = now - timedelta(hours=1)
    limits = config.signals
    if new:
        started = await session.scalar(
            select(func.count())
            .select_from(Signal)
            .where(Signal.reporter_id == person.id, Signal.created_at > since)
        )
        if (started or 0) >= limits.max_new_per_hour:
            raise SignalRateLimited(limit=limits.max_new_per_hour)
    sent = await session.scalar(
        select(func.count())
        .select_from(SignalEntry)
        .where(
            SignalEntry.author_id == person.id,
            SignalEntry.role == EntryRole.REPORT,
            SignalEntry.created_at > since,
        )
    )
    if (sent or 0) >= limits.max_messages_per_hour:
        raise SignalRateLimited(limit=limits.max_messages_per_hour)


async def get(session: AsyncSession, number: int, *, for_update: bool = False) -> Signal:
    """Return a filed or draft signal by number, or raise SignalUnknown."""
    stmt = select(Signal).where(Signal.id == number)
    if for_update:
        stmt = stmt.with_for_update()
    signal = (await session.execute(stmt)).scalar_one_or_none()
    if signal is None:
        raise SignalUnknown(number=number)
    return signal


async def draft_of(session: AsyncSession, person: Person) -> Signal | None:
    """Return the person's signal in the making, if any."""
    stmt = select(Signal).where(
        Signal.reporter_id == person.id, Signal.status == SignalStatus.DRAFT
    )
    # Locked: the housekeeping job may be filing this very draft right now.
    stmt = stmt.order_by(Signal.id.desc()).limit(1).with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def own(session: AsyncSession, person: Person, number: int) -> Signal:
    """Return the reporter's own signal; anyone else's is as good as unknown."""
    signal = await session.get(Signal, number, with_for_update=True)
    if signal is None or signal.reporter_id != person.id:
        raise SignalUnknown(number=number)
    return signal


def record_refusal(session: AsyncSession, person: Person, number: int, *, now: datetime) -> None:
    """Audit a member's attempt at a signal that is not theirs (forged button or number)."""
    Audit(session).record(at=now, action="signal.refused", actor=person, details={"signal": number})


async def start_draft(
    session: AsyncSession,
    person: Person,
    config: Config,
    themes: Sequence[str],
    *,
    now: datetime,
) -> Signal:
    """Open a new draft with the defaults: the only consented theme, the first neighbourhood."""
    await check_rate(session, person, config, now=now, new=True)
    wijken = [n.wijk for n in person.neighbourhoods]
    signal = Signal(
        reporter_id=person.id,
        status=SignalStatus.DRAFT,
        theme=themes[0] if len(themes) == 1 else None,
        urgency=Urgency.NORMAL,
        wijk=wijken[0] if wijken else None,
        anonymous=True,  # private by default: the name goes to partners only if they choose so
        created_at=now,
    )
    session.add(signal)
    await session.flush()
    return signal


def add_entry(
    session: AsyncSession,
    signal: Signal,
    author: Person,
    role: EntryRole,
    content: Content,
    sealer: Sealer,
    *,
    now: datetime,
) -> SignalEntry:
    """Append one sealed entry to the signal's thread."""
    entry = SignalEntry(
        signal_id=signal.id,
        author_id=author.id,
        role=role,
        kind=content.kind,
        body=sealer.seal(content.text) if content.text is not None else None,
        file_ref=sealer.seal(content.file_id) if content.file_id is not None else None,
        media_group=content.media_group,
        created_at=now,
    )
    session.add(entry)
    return entry


async def coordinators(session: AsyncSession) -> Sequence[Person]:
    """Return the active coordinators: the only people who ever see signals."""
    stmt = select(Person).where(
        Person.role == Role.COORDINATOR, Person.status == PersonStatus.ACTIVE
    )
    return (await session.execute(stmt.order_by(Person.id))).scalars().all()


def notice(
    session: AsyncSession,
    signal: Signal,
    person_id: int,
    kind: NoticeKind,
    *,
    now: datetime,
    entry: SignalEntry | None = None,
    loud: bool = False,
) -> None:
    session.add(
        SignalNotice(
            signal_id=signal.id,
            entry_id=entry.id if entry is not None else None,
            person_id=person_id,
            kind=kind,
            state=NoticeState.PENDING,
            loud=loud,
            created_at=now,
        )
    )


async def entries(session: AsyncSession, signal_id: int) -> Sequence[SignalEntry]:
    """Return the signal's thread, oldest first."""
    stmt = select(SignalEntry).where(SignalEntry.signal_id == signal_id)
    return (await session.execute(stmt.order_by(SignalEntry.id))).scalars().all()


def first_text(thread: Sequence[SignalEntry]) -> SignalEntry | None:
    """Return the entry the card shows: the reporter's first text."""
    return next(
        (e for e in thread if e.role is EntryRole.REPORT and e.kind is EntryKind.TEXT), None
    )


async def file(session: AsyncSession, signal: Signal, *, now: datetime) -> None:
    """File a draft: a card (plus the other entries) for every coordinator, a receipt back."""
    if signal.status is not SignalStatus.DRAFT:
        raise StaleAction
    signal.status = SignalStatus.OPEN
    signal.filed_at = now
    events.signal_filed(signal.id, signal.theme or "-", signal.urgency.value)
    thread = await entries(session, signal.id)
    on_card = first_text(thread)
    loud = signal.urgency is Urgency.URGENT
    for coordinator in await coordinators(session):
        notice(session, signal, coordinator.id, NoticeKind.CARD, now=now, loud=loud)
        for entry in thread:
            if entry is not on_card:
                notice(session, signal, coordinator.id, NoticeKind.ENTRY, now=now, entry=entry)
    if signal.reporter_id is not None:
        notice(session, signal, signal.reporter_id, NoticeKind.RECEIPT, now=now)


async def add_to_open(
    session: AsyncSession,
    signal: Signal,
    reporter: Person,
    content: Content,
    sealer: Sealer,
    *,
    now: datetime,
) -> SignalEntry:
    """Add the reporter's message to their filed signal and pass it to the coordinators."""
    if signal.status not in OPEN_STATES:
        raise SignalClosed(number=signal.id)
    entry = add_entry(session, signal, reporter, EntryRole.REPORT, content, sealer, now=now)
    await session.flush()
    loud = signal.urgency is Urgency.URGENT
    for coordinator in await coordinators(session):
        notice(session, signal, coordinator.id, NoticeKind.ENTRY, now=now, entry=entry, loud=loud)
    return entry


async def cancel(session: AsyncSession, signal: Signal) -> None:
    """Drop a draft's content; an empty row stays so the hourly limit still counts it."""
    if signal.status is not SignalStatus.DRAFT:
        raise StaleAction
    await session.execute(delete(SignalEntry).where(SignalEntry.signal_id == signal.id))
    signal.status = SignalStatus.CANCELLED
    signal.theme = signal.wijk = None
    signal.form_message_id = None


async def set_intent(
    session: AsyncSession, person: Person, signal: Signal, action: str, *, now: datetime
) -> None:
    """Make the person's next message a reply, closing message or addition (for a while)."""
    await dialogue.start(
        session, person.id, dialogue.SIGNALS, action, signal.id, now=now, ttl=INTENT_WINDOW
    )


async def take_addition(
    session: AsyncSession, person: Person, number: int, *, now: datetime
) -> Signal | None:
    """Return the signal the person pressed 'Add' on, using that dialogue up."""
    if await dialogue.step_of(session, person.id, dialogue.SIGNALS, number, now=now) != ADD:
        return None
    await dialogue.end(session, person.id, dialogue.SIGNALS, number)
    return await get(session, number, for_update=True)


async def clear_intent(session: AsyncSession, person: Person, signal_id: int | None = None) -> None:
    """Forget the person's signals dialogue (only if it is about `signal_id`, when given)."""
    await dialogue.end(session, person.id, dialogue.SIGNALS, signal_id)


async def signal_of_message(session: AsyncSession, chat_id: int, message_id: int) -> int | None:
    """Return the signal a bot message in this chat was about, if it was one."""
    stmt = select(SignalNotice.signal_id).where(
        SignalNotice.chat_id == chat_id, SignalNotice.message_id == message_id
    )
    return (await session.execute(stmt.limit(1))).scalar_one_or_none()


async def last_media_group(session: AsyncSession, person: Person, group: str) -> Signal | None:
    """Return the open signal or draft that already holds earlier parts of this album."""
    stmt = (
        select(Signal)
        .join(SignalEntry, SignalEntry.signal_id == Signal.id)
        .where(
            SignalEntry.author_id == person.id,
            SignalEntry.media_group == group,
            Signal.status.in_((SignalStatus.DRAFT, *OPEN_STATES)),
        )
        .order_by(SignalEntry.id.desc())
        .limit(1)
        .with_for_update(of=Signal)
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def count_filed(session: AsyncSession, person: Person) -> int:
    """Return how many signals this person filed that are still held with their name."""
    stmt = (
        select(func.count())
        .select_from(Signal)
        .where(Signal.reporter_id == person.id, Signal.status.in_(FILED_STATES))
    )
    return int(await session.scalar(stmt) or 0)


def opened(entry: SignalEntry, sealer: Sealer) -> Opened:
    """Open an entry's sealed text and file id."""
    return Opened(
        entry,
        sealer.open(entry.body) if entry.body is not None else None,
        sealer.open(entry.file_ref) if entry.file_ref is not None else None,
    )
