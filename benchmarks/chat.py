"""Benchmark an alert as a coordinator sends it, through the real Application, against an
independent Bot API model (benchmarks/model.py: token buckets, no penalty extension).

The clock runs from the coordinator's *confirm* press (a callback update the bot polls for)
until the last copy reaches the model. Meanwhile key persons send /help and coordinators run
/people, /signals and /trends; their reply latencies are measured from the update's arrival
at the model to the bot's answer. The database is realistic: neighbourhoods, three consent
decisions per person, and (with --history) old alerts' copies and closed signals. PTB's best
configuration (ExtBot + AIORateLimiter(max_retries=5), several loops) sends to the same number
of chats against the same model for comparison. Figures are ratios against the limit.

    .venv/bin/python -m benchmarks.chat                              # 1,000 at 30/s (~40 s)
    .venv/bin/python -m benchmarks.chat --recipients 10000 --paid    # paid broadcast, 1,000/s
    .venv/bin/python -m benchmarks.chat --history 500000             # idle scans with history
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp
from sqlalchemy import insert, select

from benchmarks.alerts import THEME, fresh_database
from benchmarks.model import MESSAGES
from bot import eventloop
from bot.alerts import compose
from bot.alerts import service as alerts
from bot.alerts.audience import Audience, AudienceKind
from bot.app import build_application
from bot.clock import SystemClock
from bot.config import Config, config_from_mapping
from bot.runner import receiving
from storage.db import Database
from storage.models import (
    Alert,
    AlertDelivery,
    AlertStatus,
    ConsentEvent,
    DeliveryState,
    Person,
    PersonNeighbourhood,
    PersonStatus,
    Role,
)
from storage.repositories import People
from storage.signal_models import Signal, SignalStatus, Urgency

ROOT = Path(__file__).resolve().parent.parent
COORDINATOR = 1001
RECIPIENT, TALKER = 2_000_000, 3_000_000
OTHER_THEME = "undermining-crime"
TEXT = "Let op: vanavond extra politie bij het station. Geef dit door aan wie het aangaat."
LISTINGS = ("/people", "/signals alle", "/trends 12")


@dataclass
class Figures:
    """What one run measured."""

    name: str
    recipients: int
    rate: float
    elapsed: float = 0.0
    first_ms: float = 0.0
    refused: int = 0
    lost: int = 0
    duplicated: int = 0
    cpu_ms: float = 0.0
    rss_mb: float = 0.0
    replies_ms: list[float] = field(default_factory=list)
    listings_ms: list[float] = field(default_factory=list)

    sends: int = 0  # messages the bot sent from the press to the last copy (replies too)

    @property
    def ratio(self) -> float:
        """Return elapsed time over the least the limit allows for everything sent."""
        return self.elapsed / (max(self.sends, self.recipients) / self.rate)


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.asynccontextmanager
async def model(rate: float, paid_rate: float) -> AsyncIterator[str]:
    """Run the Bot API model in its own process; yield its base URL."""
    port = _free_port()
    args = [sys.executable, "-m", "benchmarks.model", "--port", str(port)]
    args += ["--rate", str(rate), "--paid-rate", str(paid_rate)]
    process = subprocess.Popen(args, cwd=ROOT)  # noqa: ASYNC220 (started once, before the run)
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(100):
                with contextlib.suppress(aiohttp.ClientError):
                    async with session.get(f"{base}/__stats"):
                        break
                await asyncio.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


async def seed(db: Database, recipients: int, talkers: int, history: int) -> None:
    """Store recipients (Centrum) and talkers (Tanthof) with three consent decisions each,
    and `history` copies of old alerts plus closed signals."""
    now = SystemClock().now()
    people = [
        {
            "telegram_user_id": (RECIPIENT + i) if i < recipients else TALKER + i - recipients,
            "display_name": f"Sleutelpersoon {i}",
            "language": "nl",
            "status": PersonStatus.ACTIVE,
            "role": Role.KEY_PERSON,
            "created_at": now,
            "joined_at": now,
        }
        for i in range(recipients + talkers)
    ]
    async with db.begin() as session:
        await session.execute(insert(Person), people)
        rows = (await session.execute(select(Person.id, Person.telegram_user_id))).all()
        ids = [(pid, tid) for pid, tid in rows if tid >= RECIPIENT]
        await session.execute(
            insert(PersonNeighbourhood),
            [
                {"person_id": pid, "wijk": "Centrum" if tid < TALKER else "Tanthof"}
                for pid, tid in ids
            ],
        )
        # (theme, granted, latest): a grant, and a grant on another theme withdrawn later.
        decisions = [(THEME, True, True), (OTHER_THEME, True, False), (OTHER_THEME, False, True)]
        await session.execute(
            insert(ConsentEvent),
            [
                {
                    "person_id": pid,
                    "theme": theme,
                    "notice_version": "2026-11",
                    "granted": granted,
                    "at": now,
                    "via": "benchmark",
                    "latest": latest,
                }
                for pid, _ in ids
                for theme, granted, latest in decisions
            ],
        )
    if history:
        await _history(db, [pid for pid, _ in ids], history, now)


async def _history(db: Database, people: Sequence[int], rows: int, now: Any) -> None:
    """Old alerts (a year and more ago), each to everyone, until `rows` copies exist; and a
    closed signal for every hundred copies."""
    per_alert = max(1, len(people))
    alerts_needed = -(-rows // per_alert)
    _progress(f"seeding {rows:,} copies of {alerts_needed} old alerts ...")
    for n in range(alerts_needed):
        then = now - timedelta(days=400 + n)
        async with db.begin() as session:
            alert = Alert(
                created_by_id=None,
                created_at=then,
                status=AlertStatus.SENT,
                texts={"nl": "oud"},
                audience=Audience(AudienceKind.ALL).to_json(),
                confirmed_at=then,
                escalate_minutes=30,
            )
            session.add(alert)
            await session.flush()
            count = min(per_alert, rows - n * per_alert)
            await session.execute(
                insert(AlertDelivery),
                [
                    {
                        "alert_id": alert.id,
                        "person_id": people[i],
                        "chat_id": 1,
                        "language": "nl",
                        "priority": 1,
                        "seq": i,
                        "state": DeliveryState.SENT,
                        "work": None,
                        "due_at": then,
                        "sent_at": then,
                        "attempts": 0,
                        "delivered_version": 1,
                    }
                    for i in range(count)
                ],
            )
            await session.execute(
                insert(Signal),
                [
                    {
                        "status": SignalStatus.CLOSED,
                        "theme": THEME,
                        "urgency": Urgency.NORMAL,
                        "created_at": then,
                        "filed_at": then,
                        "closed_at": now - timedelta(days=1),
                    }
                    for _ in range(max(1, count // 100))
                ],
            )


def bot_config(base: str, database_url: str, rate: float, paid: bool) -> Config:
    """The bot's configuration against the model."""
    limits: dict[str, Any] = {"messages_per_second": min(rate, 30.0)}
    if paid:
        limits |= {"paid_broadcast": True, "paid_messages_per_second": rate}
    else:
        limits["messages_per_second"] = rate
    data: dict[str, Any] = {
        "coordinators": [COORDINATOR],
        "telegram": {
            "token": "123456:benchmark",
            "bot_username": "model_bot",
            "api_base_url": f"{base}/bot",
            "rate_limits": limits,
        },
        "database": {"url": database_url},
        "network": {
            "name": "Sleutelnetwerk Delft",
            "neighbourhoods": ["Centrum", "Tanthof"],
            "themes": [
                {"key": THEME, "label": {"nl": "Radicalisering", "en": "Radicalisation"}},
                {"key": OTHER_THEME, "label": {"nl": "Ondermijning", "en": "Undermining"}},
            ],
            "privacy_notice": {
                "version": "2026-11",
                "text": {"nl": "Alleen voor het netwerk.", "en": "Only for the network."},
            },
        },
    }
    return config_from_mapping(data, environ={})


def _message(chat: int, text: str, message_id: int) -> dict[str, Any]:
    entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {
        "message": {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat, "type": "private"},
            "from": {"id": chat, "is_bot": False, "first_name": "Persoon"},
            "text": text,
            "entities": entities if text.startswith("/") else [],
        }
    }


def _press(chat: int, data: str) -> dict[str, Any]:
    return {
        "callback_query": {
            "id": str(time.monotonic_ns()),
            "from": {"id": chat, "is_bot": False, "first_name": "Sanne"},
            "chat_instance": "1",
            "data": data,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": {"id": chat, "type": "private"},
                "text": "voorbeeld",
            },
        }
    }


async def _inject(http: aiohttp.ClientSession, base: str, update: dict[str, Any]) -> int:
    async with http.post(f"{base}/__inject", json=update) as response:
        return int((await response.json())["update_id"])


async def _stats(http: aiohttp.ClientSession, base: str) -> dict[str, Any]:
    async with http.get(f"{base}/__stats") as response:
        data: dict[str, Any] = await response.json()
        return data


async def _count(http: aiohttp.ClientSession, base: str, low: int, high: int) -> int:
    async with http.get(f"{base}/__count", params={"low": low, "high": high}) as response:
        return int((await response.json())["count"])


async def run_bot(options: argparse.Namespace, base: str) -> Figures:
    """Confirm an alert in chat and let the bot send it while people talk to it."""
    rate = options.rate
    figures = Figures("this bot", options.recipients, rate)
    asked: dict[int, int] = {}  # update id -> chat
    listed: dict[int, int] = {}
    async with fresh_database(options.database_url) as db:
        _progress(f"seeding {options.recipients:,} recipients and {options.talkers} talkers ...")
        await seed(db, options.recipients, options.talkers, options.history)
        app = build_application(bot_config(base, db.url, rate, options.paid), db=db)
        async with receiving(app, poll_timeout=10), aiohttp.ClientSession() as http:
            services = app.bot_data.services
            if options.history:
                await _idle_scans(app)
            async with db.begin() as session:
                coordinator = await People(session).by_telegram_id(COORDINATOR)
                assert coordinator is not None
                # As after composing the alert in chat: the gate saw them a minute ago.
                coordinator.last_seen_at = services.clock.now()
                alert = await alerts.new_draft(session, coordinator, now=services.clock.now())
                alert.texts = {"nl": TEXT}
                alert.audience = Audience(AudienceKind.WIJK, ("Centrum",)).to_json()
                await compose.go_to(
                    session, coordinator, alert, compose.PREVIEW, now=alert.created_at
                )
                number = alert.id
            _progress(f"confirming alert #{number} to {options.recipients:,} at {rate:g}/s ...")
            done = asyncio.Event()
            talk = asyncio.create_task(_talk(http, base, options, done, asked, listed))
            # The press lands while people already talk, not in step with the first listing.
            await asyncio.sleep(1.1 * options.reply_every + 1.0)
            cpu = time.process_time()
            pressed_id = await _inject(http, base, _press(COORDINATOR, f"ac:y:{number}"))
            deadline = time.monotonic() + 120 + 3 * options.recipients / rate
            while time.monotonic() < deadline:
                # Only a count: parsing every send each second would eat the bot's CPU.
                copies = await _count(http, base, RECIPIENT, TALKER)
                _progress(f"  {copies:,} of {options.recipients:,} copies out")
                if copies >= options.recipients:
                    break
                await asyncio.sleep(1.0)
            done.set()
            await talk
            figures.cpu_ms = (time.process_time() - cpu) * 1000 / options.recipients
            await asyncio.sleep(2)  # the last answers to talkers
            stats = await _stats(http, base)
    figures.rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pressed = float(stats["injected"][str(pressed_id)])
    if options.timeline:
        for method, chat, at, _ in [x for x in stats["sends"] if x[2] >= pressed][:8]:
            _progress(f"  +{(at - pressed) * 1000:7.1f} ms {method} to {chat}")
    _outcome(figures, stats, pressed)
    figures.replies_ms = _latencies(stats, asked)
    figures.listings_ms = _latencies(stats, listed)
    return figures


async def _idle_scans(app: Any) -> None:
    """Time the claim and the background scans with only history in the database (the median
    of five runs each, after a first that warms the statement cache)."""
    services = app.bot_data.services
    sender = services.alerts.sender
    steps = [
        ("escalation scan", services.alerts.escalate_now),
        ("signal housekeeping", services.signals.maintain),
    ]
    if sender is not None:
        steps.append(("idle claim round", sender.drained))
    for name, step in steps:
        times = []
        for _ in range(6):
            started = time.perf_counter()
            await step()
            times.append((time.perf_counter() - started) * 1000)
        median = statistics.median(times[1:])
        _progress(f"  {name}: {median:.1f} ms ({median / 10:.2f} x the 10 ms goal)")


async def _talk(
    http: aiohttp.ClientSession,
    base: str,
    options: argparse.Namespace,
    done: asyncio.Event,
    asked: dict[int, int],
    listed: dict[int, int],
) -> None:
    """Key persons ask /help in turn; every few seconds a coordinator runs a listing."""
    n = 0
    while not done.is_set():
        chat = TALKER + n % options.talkers
        asked[await _inject(http, base, _message(chat, "/help", n + 10))] = chat
        if n % max(1, round(options.list_every / options.reply_every)) == 0:
            command = LISTINGS[(n // 7) % len(LISTINGS)]
            listed[await _inject(http, base, _message(COORDINATOR, command, n + 10))] = COORDINATOR
        n += 1
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), options.reply_every)


def _outcome(figures: Figures, stats: dict[str, Any], pressed: float) -> None:
    copies = [(chat, at) for _, chat, at, _ in stats["sends"] if RECIPIENT <= chat < TALKER]
    per_chat = Counter(chat for chat, _ in copies)
    figures.refused = int(stats["refused"])
    figures.duplicated = sum(n - 1 for n in per_chat.values())
    figures.lost = figures.recipients - len(per_chat)
    if copies:
        figures.first_ms = (min(at for _, at in copies) - pressed) * 1000
        last = max(at for _, at in copies)
        figures.elapsed = last - pressed
        # Everything the bot sent meanwhile shares the limit: the alert cannot beat that.
        figures.sends = sum(
            1 for method, _, at, _ in stats["sends"] if method in MESSAGES and pressed <= at <= last
        )


def _latencies(stats: dict[str, Any], sent_by: dict[int, int]) -> list[float]:
    """For each injected update, the time until the bot's first answer in its chat."""
    answers: dict[int, list[float]] = {}
    for method, chat, at, _ in stats["sends"]:
        if method == "sendMessage" or method == "sendDocument":
            answers.setdefault(chat, []).append(at)
    out = []
    for update_id, chat in sent_by.items():
        arrived = float(stats["injected"][str(update_id)])
        later = [at for at in answers.get(chat, []) if at >= arrived]
        if later:
            out.append((min(later) - arrived) * 1000)
            answers[chat].remove(min(later))
    return out


async def run_baseline(options: argparse.Namespace, base: str) -> Figures:
    """PTB's best configuration: AIORateLimiter(max_retries=5) and several loops."""
    from telegram.ext import AIORateLimiter, ExtBot

    rate = options.rate
    figures = Figures(
        f"PTB AIORateLimiter, {options.baseline_loops} loops", options.recipients, rate
    )
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{base}/__reset"):
            pass
        limiter = AIORateLimiter(overall_max_rate=rate, overall_time_period=1, max_retries=5)
        bot = ExtBot("123456:benchmark", base_url=f"{base}/bot", rate_limiter=limiter)
        chats: asyncio.Queue[int] = asyncio.Queue()
        for i in range(options.recipients):
            chats.put_nowait(RECIPIENT + i)
        lost = 0

        async def loop() -> None:
            nonlocal lost
            while not chats.empty():
                chat = chats.get_nowait()
                try:
                    await bot.send_message(chat, TEXT, allow_paid_broadcast=options.paid or None)
                except Exception:  # what PTB gives up on is lost
                    lost += 1

        async with bot:
            _progress(f"baseline: {options.recipients:,} at {rate:g}/s ...")
            cpu, started = time.process_time(), time.monotonic()
            await asyncio.gather(*(loop() for _ in range(options.baseline_loops)))
            figures.cpu_ms = (time.process_time() - cpu) * 1000 / options.recipients
        stats = await _stats(http, base)
    _outcome(figures, stats, started)
    figures.lost = max(figures.lost, lost)
    return figures


def _pct(values: list[float], q: float) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(q * len(ordered)))]:.0f}"


def report(runs: Sequence[Figures]) -> None:
    """Print the figures side by side."""
    rows = [
        ("recipients", "", lambda f: f"{f.recipients:,}"),
        ("limit (messages/s)", "", lambda f: f"{f.rate:g}"),
        ("messages sent meanwhile", "", lambda f: f"{f.sends:,}"),
        ("elapsed / (sent / limit)", "<= 1.03", lambda f: f"{f.ratio:.3f}"),
        ("press -> first copy (ms)", "< 100", lambda f: f"{f.first_ms:.0f}"),
        ("429s", "0", lambda f: str(f.refused)),
        ("lost / duplicated", "0 / 0", lambda f: f"{f.lost} / {f.duplicated}"),
        ("CPU per copy (ms)", "<= 1", lambda f: f"{f.cpu_ms:.2f}"),
        ("RSS (MB)", "", lambda f: f"{f.rss_mb:.0f}" if f.rss_mb else "-"),
        ("/help replies", "", lambda f: str(len(f.replies_ms)) if f.replies_ms else "-"),
        ("/help p50 / p95 / p99 (ms)", "p99 < 1000", lambda f: "/".join(
            _pct(f.replies_ms, q) for q in (0.5, 0.95, 0.99))),
        ("listings p50 / max (ms)", "", lambda f: f"{_pct(f.listings_ms, 0.5)} / "
            f"{max(f.listings_ms):.0f}" if f.listings_ms else "-"),
    ]  # fmt: skip
    width = max(len(r[0]) for r in rows) + 2
    print(f"{'':{width}}{'goal':>12}" + "".join(f"{f.name:>36}" for f in runs))
    for label, goal, value in rows:
        print(f"{label:{width}}{goal:>12}" + "".join(f"{value(f):>36}" for f in runs))


async def main_async(options: argparse.Namespace) -> None:
    """Run the parts asked for against one model process."""
    runs = []
    paid_rate = options.rate if options.paid else 1000.0
    free_rate = 30.0 if options.paid else options.rate
    async with model(free_rate, paid_rate) as base:
        if "bot" in options.only:
            runs.append(await run_bot(options, base))
        if "baseline" in options.only:
            runs.append(await run_baseline(options, base))
    report(runs)
    if runs and runs[0].replies_ms:
        _progress(f"(/help mean {statistics.mean(runs[0].replies_ms):.0f} ms)")


def main() -> None:
    """Parse the options and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=30.0, help="messages/s (default 30)")
    parser.add_argument("--paid", action="store_true", help="paid broadcast: --rate 1000")
    parser.add_argument("--talkers", type=int, default=20)
    parser.add_argument("--reply-every", type=float, default=0.25, help="s between /help")
    parser.add_argument("--list-every", type=float, default=3.0, help="s between listings")
    parser.add_argument("--history", type=int, default=0, help="old copies in the database")
    parser.add_argument("--baseline-loops", type=int, default=8)
    parser.add_argument("--database-url", help="a PostgreSQL server URL (throw-away database)")
    parser.add_argument("--only", default="bot,baseline")
    parser.add_argument(
        "--timeline", action="store_true", help="show the first calls after the press"
    )
    options = parser.parse_args()
    if options.paid and options.rate == 30.0:
        options.rate = 1000.0
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    eventloop.run(main_async(options))  # the loop `sleutelnet run` serves on


if __name__ == "__main__":
    main()
