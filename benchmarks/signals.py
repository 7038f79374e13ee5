"""Benchmark signals end to end: how fast a filed signal reaches the coordinators.

The real bot (Application, handlers, pacer, notice sender) runs against the in-process sandbox
at Telegram's real limits (30/s, 1/s per chat with a burst of 3), on a fresh SQLite file.
Reporters send a photo with a caption and press Send; the clock runs from the press until the
last coordinator has both the card and the photo. Optionally an alert to many members is
going out at the same time, to show that signals do not queue behind bulk traffic.

    .venv/bin/python -m benchmarks.signals                 # 20 reporters, 3 s apart
    .venv/bin/python -m benchmarks.signals --alert 1500    # while a 1,500-person alert sends
    .venv/bin/python -m benchmarks.signals --gap 0         # back to back: the per-chat limit

Each signal is two messages to each coordinator (card and photo), and Telegram allows about
one message per second per chat, so signals back to back queue at the coordinators' chats.

It prints the latencies as ratios against a one-second goal ("instantly"), and exits 0
whatever the figures are: it measures, it does not judge.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select

from bot.admin import AlertRequest, send_alert
from bot.alerts.audience import Audience, AudienceKind
from bot.app import build_application
from bot.clock import SystemClock
from bot.demo import sandbox_config
from bot.runner import receiving
from bot.sandbox import Sandbox, SandboxLimits, SimulatedUser
from storage.db import Database
from storage.migrate import upgrade
from storage.models import ConsentEvent, Person, PersonStatus, Role

GOAL_S = 1.0
COORDINATORS = (1001, 1002)
FIRST_REPORTER = 20_000
FIRST_MEMBER = 100_000
THEME = "radicalisation-polarisation"


async def seed(db: Database, telegram_ids: list[int], role: Role) -> None:
    """Store active people with consent to the first theme, in bulk."""
    now = SystemClock().now()
    async with db.begin() as session:
        await session.execute(
            insert(Person),
            [
                {
                    "telegram_user_id": tid,
                    "display_name": f"Persoon {tid}",
                    "language": "nl",
                    "status": PersonStatus.ACTIVE,
                    "role": role,
                    "created_at": now,
                    "joined_at": now,
                }
                for tid in telegram_ids
            ],
        )
        ids = (
            await session.scalars(
                select(Person.id).where(Person.telegram_user_id.in_(telegram_ids))
            )
        ).all()
        await session.execute(
            insert(ConsentEvent),
            [
                {
                    "person_id": pid,
                    "theme": THEME,
                    "notice_version": "2026-11",
                    "granted": True,
                    "at": now,
                    "via": "bench",
                }
                for pid in ids
            ],
        )


async def report(
    sandbox: Sandbox, reporter: SimulatedUser, coordinators: list[SimulatedUser]
) -> float:
    """Send a photo signal and press Send; return seconds until every coordinator has it."""
    await reporter.send_photo(caption=f"Flyers bij de school ({reporter.user_id})")
    await reporter.next_message(timeout=60)
    before = [len(c.received()) for c in coordinators]
    await reporter.press("✅ Versturen")
    pressed = time.monotonic()

    def arrived() -> bool:
        return all(
            sum(m.kind == "photo" for m in c.received()[n:]) >= 1
            for c, n in zip(coordinators, before, strict=True)
        )

    await sandbox.wait_until(arrived, timeout=120)
    return time.monotonic() - pressed


async def run(reporters: int, alert: int, gap: float) -> dict[str, float]:
    """Run the scenario and return its figures."""
    with tempfile.TemporaryDirectory(prefix="sleutelnet-bench-") as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        async with Sandbox(limits=SandboxLimits()) as sandbox:
            db = Database(url)
            await upgrade(db)
            config = sandbox_config(sandbox, url, coordinators=COORDINATORS)
            reporter_ids = [FIRST_REPORTER + i for i in range(reporters)]
            member_ids = [FIRST_MEMBER + i for i in range(alert)]
            await seed(db, reporter_ids + member_ids, Role.KEY_PERSON)
            for tid in member_ids:
                sandbox.user(tid, "Lid")
            app = build_application(config, db=db)
            coordinators = [sandbox.user(tid, "Coördinator") for tid in COORDINATORS]
            people = [sandbox.user(tid, "Melder") for tid in reporter_ids]
            async with receiving(app, poll_timeout=1):
                if alert:
                    request = AlertRequest(
                        {"nl": "Bijeenkomst vanavond."}, Audience(AudienceKind.ALL)
                    )
                    await send_alert(db, config, SystemClock(), request, actor=None)
                    app.bot_data.services.alerts.wake()
                    await asyncio.sleep(1)  # let the alert get going before the first signal
                latencies = []
                for person in people:
                    latencies.append(await report(sandbox, person, coordinators))
                    await asyncio.sleep(gap)  # real time on purpose: Telegram's limits are real
            await db.dispose()
        return {
            "signals": reporters,
            "alert_recipients": alert,
            "p50_s": statistics.median(latencies),
            "p95_s": sorted(latencies)[max(0, round(0.95 * len(latencies)) - 1)],
            "max_s": max(latencies),
            "429s": sandbox.count_429,
        }


def main(argv: list[str] | None = None) -> None:
    """Parse options, run, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reporters", type=int, default=20)
    parser.add_argument("--alert", type=int, default=0, help="members an alert goes to meanwhile")
    parser.add_argument("--gap", type=float, default=3.0, help="seconds between two signals")
    options = parser.parse_args(argv)
    figures = asyncio.run(run(options.reporters, options.alert, options.gap))
    print(f"{figures['signals']:.0f} photo signals to {len(COORDINATORS)} coordinators", end="")
    print(f", {options.gap:g} s apart", end="")
    print(f", during an alert to {figures['alert_recipients']:.0f}" if options.alert else "")
    for key in ("p50_s", "p95_s", "max_s"):
        value = figures[key]
        print(
            f"  press Send -> card + photo at every coordinator, {key[:-2]}: "
            f"{value * 1000:.0f} ms = {value / GOAL_S:.2f} x the 1 s goal"
        )
    print(f"  429 answers: {figures['429s']:.0f}")


if __name__ == "__main__":
    main()
