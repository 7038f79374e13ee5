"""Requests that arrive by letter or e-mail: `people export` and `people erase` for one person.

Both are audited. The export is written for the operator to hand over (mode 0600); erasure is
the same as the person's own /stop, works for people who never finished signing up, and is
idempotent: a second run finds only the pseudonymous proof of consent and says so.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from bot import membership, mydata
from bot.admin import AdminError
from bot.clock import Clock
from bot.config import Config
from bot.erasure import erase, erased
from bot.feature import Features
from bot.i18n import Translator
from storage.db import Database
from storage.files import write_private
from storage.models import PersonStatus
from storage.repositories import People

CLI_ACTOR = "cli"


class PeopleError(AdminError):
    """A request the command cannot carry out; the message says why."""


@dataclass(frozen=True, slots=True)
class Written:
    """Where an export went."""

    json_path: Path
    text_path: Path


def add_parsers(people: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `people export` and `people erase` to the `people` command."""
    export = people.add_parser("export", help="everything held about one person, to files")
    export.add_argument("telegram_user_id", type=int, help="their Telegram user id")
    export.add_argument("-o", "--output", required=True, type=Path, help="the JSON file")
    erase_ = people.add_parser("erase", help="erase one person, as their /stop would")
    erase_.add_argument("telegram_user_id", type=int, help="their Telegram user id")
    erase_.add_argument("--yes", action="store_true", help="confirm; without it only a preview")


async def export(
    db: Database, config: Config, features: Features, clock: Clock, telegram_user_id: int, out: Path
) -> Written:
    """Write everything held about a person: JSON to `out`, readable text beside it."""
    async with db.begin() as session:
        person = await People(session).by_telegram_id(telegram_user_id)
        person = person or await erased(session, config, telegram_user_id)
        if person is None:
            msg = f"nothing is held about Telegram id {telegram_user_id}"
            raise PeopleError(msg)
        data = await mydata.collect(
            session, config, features, person, now=clock.now(), by=CLI_ACTOR
        )
        lang = person.language
    text_path = out.with_suffix(".txt")
    write_private(out, mydata.as_json(data))
    write_private(
        text_path, mydata.as_text(Translator(config.network.default_language), lang, data)
    )
    return Written(out, text_path)


async def erase_person(
    db: Database,
    config: Config,
    features: Features,
    clock: Clock,
    telegram_user_id: int,
    *,
    confirmed: bool,
) -> str:
    """Erase a person (withdrawing their consents first) and say what was done."""
    now = clock.now()
    async with db.begin() as session:
        person = await People(session).by_telegram_id(telegram_user_id)
        if person is None:
            if await erased(session, config, telegram_user_id) is not None:
                return "already erased: only the pseudonymous proof of consent is kept"
            msg = f"nothing is held about Telegram id {telegram_user_id}"
            raise PeopleError(msg)
        what = f"person {person.id} ({person.status.value}, {person.role.value})"
        if not confirmed:
            return f"would erase {what}; add --yes to erase"
        if person.status is PersonStatus.LEFT:
            await erase(session, config, person, now=now, hooks=features.erase_hooks, by=CLI_ACTOR)
        else:
            await membership.stop(
                session,
                config,
                person,
                now=now,
                hooks=features.stop_hooks,
                erase_hooks=features.erase_hooks,
                by=CLI_ACTOR,
            )
    await db.forget_on_disk()
    return f"erased {what}"
