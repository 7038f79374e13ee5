"""A small network with a history, for /network, the charts and the report: who is active
where, a quiet member, signals with and without an answer, an acknowledged alert, a meeting,
a working group and a piece of news."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.clock import FakeClock
from storage.db import Database
from storage.meeting_models import Meeting, MeetingInvitee, MeetingStatus, Rsvp
from storage.models import (
    Alert,
    AlertDelivery,
    AlertKind,
    AlertStatus,
    DeliveryState,
    PersonStatus,
)
from storage.signal_models import (
    EntryKind,
    EntryRole,
    Signal,
    SignalEntry,
    SignalStatus,
    Urgency,
)
from storage.workgroup_models import Seat, SeatState, Workgroup, WorkgroupStatus
from tests.factories import stage_member

RADICALISATION_KEY = "radicalisation-polarisation"

# Six active in Tanthof for radicalisation: a count the report may show.
TANTHOF = [
    "Ayşe Kaya",
    "Emre Demir",
    "Lotte Visser",
    "Youssef Amrani",
    "Henk Jansen",
    "Noor Haddad",
]
# Two in Voorhof for undermining crime: a count the report must mask.
VOORHOF = ["Fatima Yilmaz", "Mo Bouzid"]
QUIET = "Stille Willem"
SECRET = "Geheime melding over de kelder van nummer 12"
NEWS = "Dankzij Fatima Yilmaz draait de huiswerkklas weer in Voorhof."
RETRACTED = "Verkeerd bericht: ingetrokken."


@dataclass(frozen=True, slots=True)
class World:
    """The ids a test needs of what was seeded."""

    answered_signal: int
    alert: int


async def seed(db: Database, clock: FakeClock) -> World:
    """Seed the network; the quiet member joined 120 days ago and never responded."""
    now = clock.now()
    long_ago = FakeClock(now - timedelta(days=120))
    async with db.begin() as session:
        tanthof = [
            await stage_member(session, long_ago, 3000 + n, name, wijken=("Tanthof",))
            for n, name in enumerate(TANTHOF)
        ]
        for n, name in enumerate(VOORHOF):
            await stage_member(
                session, clock, 3100 + n, name, wijken=("Voorhof",), themes=("undermining-crime",)
            )
        await stage_member(session, long_ago, 3200, QUIET, wijken=("Centrum",))
        await stage_member(session, clock, 3300, "Nog Uitgenodigd", status=PersonStatus.INVITED)
        signals = []
        for n in range(7):
            signal = Signal(
                reporter_id=tanthof[n % len(tanthof)],
                status=SignalStatus.OPEN,
                theme=RADICALISATION_KEY,
                urgency=Urgency.NORMAL,
                wijk="Tanthof",
                created_at=now - timedelta(days=10 + n),
                filed_at=now - timedelta(days=10 + n),
            )
            session.add(signal)
            signals.append(signal)
        for n in range(2):
            session.add(
                Signal(
                    status=SignalStatus.CLOSED,
                    theme="undermining-crime",
                    urgency=Urgency.URGENT,
                    wijk="Voorhof",
                    created_at=now - timedelta(days=40 + n),
                    filed_at=now - timedelta(days=40 + n),
                    closed_at=now - timedelta(days=30),
                )
            )
        await session.flush()
        first = signals[0]
        assert first.filed_at is not None
        session.add_all(
            [
                SignalEntry(
                    signal_id=first.id,
                    author_id=first.reporter_id,
                    role=EntryRole.REPORT,
                    kind=EntryKind.TEXT,
                    body=SECRET,
                    created_at=first.filed_at,
                ),
                SignalEntry(
                    signal_id=first.id,
                    role=EntryRole.REPLY,
                    kind=EntryKind.TEXT,
                    body="Dank je, we kijken ernaar.",
                    created_at=first.filed_at + timedelta(hours=2),
                ),
            ]
        )
        alert = Alert(
            kind=AlertKind.ALERT,
            status=AlertStatus.SENT,
            texts={"nl": "Let op vanavond."},
            audience={"kind": "all", "values": []},
            created_at=now - timedelta(days=5),
            confirmed_at=now - timedelta(days=5),
            recipient_count=len(tanthof),
        )
        news = Alert(
            kind=AlertKind.NEWS,
            status=AlertStatus.SENT,
            texts={"nl": NEWS},
            audience={"kind": "all", "values": []},
            created_at=now - timedelta(days=3),
            confirmed_at=now - timedelta(days=3),
        )
        withdrawn = Alert(
            kind=AlertKind.NEWS,
            status=AlertStatus.RETRACTED,
            texts={"nl": RETRACTED},
            audience={"kind": "all", "values": []},
            created_at=now - timedelta(days=2),
            confirmed_at=now - timedelta(days=2),
            retracted_at=now - timedelta(days=2),
        )
        session.add_all([alert, news, withdrawn])
        await session.flush()
        sent = now - timedelta(days=5)
        for seq, person_id in enumerate(tanthof):
            session.add(
                AlertDelivery(
                    alert_id=alert.id,
                    person_id=person_id,
                    chat_id=3000 + seq,
                    language="nl",
                    priority=1,
                    seq=seq,
                    state=DeliveryState.SENT,
                    due_at=sent,
                    sent_at=sent,
                    acked_at=sent + timedelta(minutes=10 + seq) if seq < 5 else None,
                )
            )
        meeting = Meeting(
            status=MeetingStatus.PLANNED,
            title="Netwerkoverleg",
            created_at=now - timedelta(days=30),
            starts_at=now - timedelta(days=20),
            ends_at=now - timedelta(days=20, hours=-2),
        )
        session.add(meeting)
        await session.flush()
        for person_id in tanthof:
            session.add(
                MeetingInvitee(
                    meeting_id=meeting.id,
                    person_id=person_id,
                    rsvp=Rsvp.YES,
                    rsvp_at=now - timedelta(days=25),
                    attended=True,
                )
            )
        group = Workgroup(
            status=WorkgroupStatus.ACTIVE,
            name="Huiswerkklas",
            created_at=now - timedelta(days=15),
        )
        session.add(group)
        await session.flush()
        session.add(
            Seat(
                workgroup_id=group.id,
                person_id=tanthof[0],
                state=SeatState.JOINED,
                invited_at=now - timedelta(days=15),
                joined_at=now - timedelta(days=14),
            )
        )
    return World(answered_signal=first.id, alert=alert.id)
