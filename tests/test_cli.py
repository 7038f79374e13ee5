"""Specification of the `sleutelnet` command, driven in-process against a SQLite file."""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import logging
import re
import shlex
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from pypdf import PdfReader

from bot.alerts import service
from bot.cli import _parser, main
from bot.clock import FakeClock
from bot.signals.crypto import Sealer, new_key
from storage.db import Database
from storage.migrate import alembic_config
from storage.models import PersonStatus
from storage.signal_models import EntryKind, EntryRole, Signal, SignalEntry, SignalStatus, Urgency
from tests.factories import add_member, stage_member

EXAMPLE = Path(__file__).resolve().parent.parent / "config.example.toml"
BOT_USERNAME = "SleutelnetDelftBot"
# A coordinator listed in config.example.toml.
CONFIGURED_COORDINATOR = 123456789
# Nothing here may reach Telegram; should a command try, it finds a closed local port.
UNREACHABLE_API = "http://127.0.0.1:9/bot"
HEAD = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


@dataclass(frozen=True)
class Cli:
    """A config file in a temporary directory, and the SQLite file it points at."""

    config: Path
    database: Path

    def args(self, *argv: str) -> list[str]:
        """Return a command line that uses this config file."""
        return ["--config", str(self.config), *argv]


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """Undo the logging set-up main() does, so captured streams do not outlive the test."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    for name in ("bot", "handlers", "storage", "httpx", "sqlalchemy", "apscheduler"):
        logging.getLogger(name)
    levels = {
        name: logger.level
        for name, logger in logging.Logger.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    for handler in handlers:
        if handler not in root.handlers:
            root.addHandler(handler)
    root.setLevel(level)
    for name, logger in logging.Logger.manager.loggerDict.items():
        if isinstance(logger, logging.Logger):
            logger.setLevel(levels.get(name, logging.NOTSET))


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """Write config.example.toml with the database in tmp_path and no way to reach Telegram."""
    database = tmp_path / "sleutelnet.db"
    toml = EXAMPLE.read_text(encoding="utf-8")
    toml = _replace_line(toml, "url", f'url = "sqlite+aiosqlite:///{database}"')
    toml = _replace_line(toml, "api_base_url", f'api_base_url = "{UNREACHABLE_API}"')
    config = tmp_path / "config.toml"
    config.write_text(toml, encoding="utf-8")
    return Cli(config=config, database=database)


@pytest.fixture
def migrated(cli: Cli) -> Cli:
    """Return the CLI set-up with its database upgraded."""
    assert main(cli.args("db", "upgrade"), environ={}) == 0
    return cli


def _replace_line(toml: str, key: str, line: str) -> str:
    new, count = re.subn(rf"^{key} = .*$", line, toml, flags=re.MULTILINE)
    assert count == 1, f"expected exactly one {key!r} line in {EXAMPLE}"
    return new


def _rows(database: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(database)) as connection:
        return connection.execute(sql).fetchall()


def _line_for(output: str, name: str) -> str:
    [line] = [line for line in output.splitlines() if f"  {name}  " in line]
    return line


# Configuration


def test_missing_config_file_exits_2_naming_the_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pointing --config at a file that does not exist is a usage error that names the file."""
    missing = tmp_path / "nowhere" / "config.toml"

    code = main(["--config", str(missing), "db", "upgrade"], environ={})

    assert code == 2
    err = capsys.readouterr().err
    assert str(missing) in err
    assert "file not found" in err


def test_unknown_config_key_exits_2_naming_the_key(
    cli: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """A typo in the config file is reported with its dotted key before anything runs."""
    cli.config.write_text(
        cli.config.read_text(encoding="utf-8").replace(
            "[network]\n", "[network]\nneighbourhoodz = []\n", 1
        ),
        encoding="utf-8",
    )

    code = main(cli.args("db", "upgrade"), environ={})

    assert code == 2
    err = capsys.readouterr().err
    assert "network.neighbourhoodz" in err
    assert "neighbourhoods" in err
    assert not cli.database.exists()


# The command line itself


def test_config_may_come_after_the_subcommand(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--config` works anywhere on the line, as the README says every command takes it."""
    config = str(migrated.config)
    added = main(["coordinator", "add", "42", "--name", "Sanne", "--config", config], environ={})
    capsys.readouterr()

    listed = main(["people", "list", "--config", config], environ={})

    assert (added, listed) == (0, 0)
    out = capsys.readouterr().out
    assert "Sanne" in out
    assert out.splitlines()[-1] == "1 person"


def test_version_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    """`--version` names the installed version."""
    with pytest.raises(SystemExit) as exited:
        main(["--version"], environ={})

    assert exited.value.code == 0
    assert re.fullmatch(r"sleutelnet \d+\.\d+\.\d+\n", capsys.readouterr().out)


def test_every_command_and_option_explains_itself() -> None:
    """Each subcommand has a description in its own -h, and every argument a help text."""
    missing: list[str] = []

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        if path and not parser.description:
            missing.append(f"{path}: no description")
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, f"{path} {name}".strip())
            elif not action.help:
                missing.append(f"{path} {action.option_strings or action.dest}: no help")

    walk(_parser(), "")
    assert missing == []


# Database


def test_db_current_says_whether_the_schema_is_current(
    cli: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """`db current` exits 1 with what to do before the upgrade, and 0 naming the revision after."""
    before = main(cli.args("db", "current"), environ={})
    before_out = capsys.readouterr().out
    main(cli.args("db", "upgrade"), environ={})
    capsys.readouterr()
    after = main(cli.args("db", "current"), environ={})

    assert (before, after) == (1, 0)
    assert "has no schema; 'sleutelnet db upgrade' creates it" in before_out
    assert f"at revision {HEAD}, current" in capsys.readouterr().out


def test_db_backup_copies_the_database_readable_by_the_owner_only(
    migrated: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`db backup FILE` writes a consistent copy (mode 0600) and never overwrites a file."""
    _with_members(migrated, 2001, 2002)
    copy = tmp_path / "backup" / "sleutelnet-copy.db"
    copy.parent.mkdir()

    first = main(migrated.args("db", "backup", str(copy)), environ={})
    again = main(migrated.args("db", "backup", str(copy)), environ={})

    assert (first, again) == (0, 2)
    out, err = capsys.readouterr()
    assert f"database copied to {copy}" in out
    assert "exists already" in err
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert _rows(copy, "SELECT telegram_user_id FROM people ORDER BY 1") == [
        (2001,),
        (2002,),
        (CONFIGURED_COORDINATOR,),
    ]
    assert _rows(copy, "SELECT version_num FROM alembic_version") == [(HEAD,)]


def test_db_upgrade_migrates_once_then_reports_the_revision(
    cli: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first upgrade migrates an empty database; the second says it is already current."""
    first = main(cli.args("db", "upgrade"), environ={})
    first_out = capsys.readouterr().out
    second = main(cli.args("db", "upgrade"), environ={})
    second_out = capsys.readouterr().out

    assert (first, second) == (0, 0)
    assert f"upgraded from empty to {HEAD}" in first_out
    assert f"already at revision {HEAD}" in second_out


def test_run_refuses_an_unmigrated_database(cli: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    """`run` checks the schema before it contacts Telegram and says which command to run."""
    code = main(cli.args("run"), environ={})

    assert code == 2
    err = capsys.readouterr().err
    assert "sleutelnet db upgrade" in err
    assert "no schema yet" in err


@pytest.mark.parametrize(
    "argv",
    [
        ("invite", "create", "--name", "Fatima"),
        ("coordinator", "add", "42"),
        ("people", "list"),
    ],
)
def test_commands_on_an_unmigrated_database_say_to_upgrade(
    cli: Cli, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    """Every database command on an unmigrated database exits 2 and says which command to run."""
    code = main(cli.args(*argv), environ={})

    assert code == 2
    assert "sleutelnet db upgrade" in capsys.readouterr().err


def test_db_upgrade_refuses_a_database_from_a_newer_version(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """A database migrated by a newer Sleutelnet is left alone, with advice to upgrade the code."""
    with closing(sqlite3.connect(migrated.database)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00dcafe9999'")
    capsys.readouterr()

    code = main(migrated.args("db", "upgrade"), environ={})

    assert code == 2
    assert "newer than this version" in capsys.readouterr().err
    assert _rows(migrated.database, "SELECT version_num FROM alembic_version") == [
        ("f00dcafe9999",)
    ]


# Invitations


def test_invite_create_prints_a_link_and_stores_only_the_token_hash(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """The link carries the token once; the database keeps only its sha256 hash."""
    capsys.readouterr()

    code = main(
        migrated.args(
            "invite",
            "create",
            "--name=Fatima",
            "--neighbourhood=Wippolder",
            "--theme=undermining-crime",
            "--expires=3d",
        ),
        environ={},
    )

    assert code == 0
    out = capsys.readouterr().out
    assert "Invitation for Fatima (key_person)" in out
    match = re.search(rf"https://t\.me/{BOT_USERNAME}\?start=([A-Za-z0-9_-]+)$", out, re.MULTILINE)
    assert match is not None
    token = match.group(1)
    [(name, token_hash, neighbourhoods, themes, lifetime)] = _rows(
        migrated.database,
        "SELECT name, token_hash, neighbourhoods, themes,"
        " julianday(expires_at) - julianday(created_at) FROM invites",
    )
    assert (name, neighbourhoods, themes) == ("Fatima", '["Wippolder"]', '["undermining-crime"]')
    assert token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert lifetime == pytest.approx(3)
    stored = b"".join(f.read_bytes() for f in migrated.database.parent.glob("sleutelnet.db*"))
    assert token_hash.encode() in stored
    assert token.encode() not in stored


def test_invite_create_refuses_an_unknown_neighbourhood(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """A neighbourhood not in the config is refused, listing the known ones; nothing is stored."""
    code = main(
        migrated.args("invite", "create", "--name", "Fatima", "--neighbourhood", "Atlantis"),
        environ={},
    )

    assert code == 2
    err = capsys.readouterr().err
    assert "unknown neighbourhood 'Atlantis'" in err
    assert "Wippolder" in err
    assert _rows(migrated.database, "SELECT count(*) FROM invites") == [(0,)]


def test_invite_create_refuses_an_unknown_theme(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """A theme key not in the config is refused, listing the known keys; nothing is stored."""
    code = main(
        migrated.args("invite", "create", "--name", "Fatima", "--theme", "weather"), environ={}
    )

    assert code == 2
    err = capsys.readouterr().err
    assert "unknown theme 'weather'" in err
    assert "radicalisation-polarisation" in err
    assert _rows(migrated.database, "SELECT count(*) FROM invites") == [(0,)]


@pytest.mark.parametrize("expires", ["soon", "0d", "-3d", "3"])
def test_invite_create_refuses_a_bad_expiry(
    migrated: Cli, capsys: pytest.CaptureFixture[str], expires: str
) -> None:
    """An --expires that is not a positive duration is refused with the accepted forms."""
    code = main(
        migrated.args("invite", "create", "--name", "Fatima", f"--expires={expires}"), environ={}
    )

    assert code == 2
    err = capsys.readouterr().err
    assert repr(expires) in err
    assert _rows(migrated.database, "SELECT count(*) FROM invites") == [(0,)]


def test_invite_create_does_not_offer_the_coordinator_role(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """Coordinators are not invited by link: argparse refuses --role coordinator."""
    with pytest.raises(SystemExit) as exited:
        main(
            migrated.args("invite", "create", "--name", "Sanne", "--role", "coordinator"),
            environ={},
        )

    assert exited.value.code == 2
    assert "invalid choice: 'coordinator'" in capsys.readouterr().err


# Coordinators and the member list


def test_coordinator_add_shows_up_in_people_list(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """A coordinator added from the command line is listed as an active coordinator."""
    added = main(migrated.args("coordinator", "add", "42", "--name", "Sanne"), environ={})
    assert "Sanne (42) is a coordinator" in capsys.readouterr().out

    listed = main(migrated.args("people", "list"), environ={})

    assert (added, listed) == (0, 0)
    out = capsys.readouterr().out
    line = _line_for(out, "Sanne")
    assert line.split() == ["42", "Sanne", "coordinator", "active", "-", "-", "-"]
    assert out.splitlines()[-1] == "1 person"


def test_coordinator_remove_takes_the_role_away(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """Removing a coordinator without consent on record makes them leave the network, erased
    as after /stop: the people list no longer shows them."""
    main(migrated.args("coordinator", "add", "42", "--name", "Sanne"), environ={})
    capsys.readouterr()

    code = main(migrated.args("coordinator", "remove", "42"), environ={})

    assert code == 0
    assert "Sanne has left the network and is erased" in capsys.readouterr().out
    main(migrated.args("people", "list"), environ={})
    listed = capsys.readouterr().out
    assert "Sanne" not in listed and "42" not in listed.split()
    assert listed.splitlines()[-1] == "0 people"


def test_coordinator_remove_refuses_one_listed_in_the_config_file(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """A coordinator from the config's `coordinators` would come back, so removal is refused."""
    main(
        migrated.args("coordinator", "add", str(CONFIGURED_COORDINATOR), "--name", "Eva"),
        environ={},
    )
    capsys.readouterr()

    code = main(migrated.args("coordinator", "remove", str(CONFIGURED_COORDINATOR)), environ={})

    assert code == 2
    err = capsys.readouterr().err
    assert "listed under 'coordinators'" in err
    assert str(migrated.config) in err
    assert _rows(migrated.database, "SELECT role FROM people") == [("coordinator",)]


def test_coordinator_remove_refuses_someone_who_is_not_a_coordinator(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """Removing an unknown Telegram id is an error that names the id."""
    code = main(migrated.args("coordinator", "remove", "77"), environ={})

    assert code == 2
    assert "no coordinator with Telegram id 77" in capsys.readouterr().err


def test_people_list_filters_by_status(migrated: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    """`people list --status active` leaves out people who have left."""
    main(migrated.args("coordinator", "add", "42", "--name", "Sanne"), environ={})
    main(migrated.args("coordinator", "add", "43", "--name", "Pieter"), environ={})
    main(migrated.args("coordinator", "remove", "43"), environ={})
    capsys.readouterr()

    code = main(migrated.args("people", "list", "--status", "active"), environ={})

    assert code == 0
    out = capsys.readouterr().out
    assert "Sanne" in out
    assert "Pieter" not in out
    assert out.splitlines()[-1] == "1 person"


# Alerts


def _with_members(cli: Cli, *telegram_ids: int, languages: dict[int, str] | None = None) -> None:
    async def _add() -> None:
        db = Database(f"sqlite+aiosqlite:///{cli.database}")
        try:
            for telegram_id in telegram_ids:
                language = (languages or {}).get(telegram_id, "nl")
                clock = FakeClock(datetime.now(UTC))
                await add_member(db, clock, telegram_id, f"P{telegram_id}", language=language)
        finally:
            await db.dispose()

    asyncio.run(_add())
    assert main(cli.args("coordinator", "add", str(CONFIGURED_COORDINATOR)), environ={}) == 0


def test_alert_send_without_yes_only_previews(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --yes the command says how many people it would reach and queues nothing."""
    _with_members(migrated, 2001, 2002)
    capsys.readouterr()

    code = main(migrated.args("alert", "send", "--text", "Let op", "--audience", "all"), environ={})

    assert code == 2
    assert "would reach 2 people; add --yes" in capsys.readouterr().out
    assert _rows(migrated.database, "SELECT count(*) FROM alert_deliveries") == [(0,)]


def test_alert_send_says_who_gets_which_language(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """--text-LANG adds a language; the preview counts who gets which text, and names the
    readers of a language without a text, who get the default language's."""
    _with_members(migrated, 2001, 2002, 2003, 2004, languages={2002: "tr", 2003: "tr", 2004: "en"})
    capsys.readouterr()

    code = main(
        migrated.args(
            "alert", "send", "--text", "Let op", "--text-tr", "Dikkat", "--audience", "all"
        ),
        environ={},
    )

    assert code == 2
    assert capsys.readouterr().out.splitlines() == [
        "would reach 4 people; add --yes to send",
        "  2 people get the Nederlands text",
        "  2 people get the Türkçe text",
        "  (English readers: 1; no English text given, they get Nederlands)",
    ]


def test_alert_send_queues_the_text_of_each_language(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """The texts are stored per language, for the sender to pick per recipient."""
    _with_members(migrated, 2001)
    capsys.readouterr()

    code = main(
        migrated.args(
            "alert",
            "send",
            "--text",
            "Let op",
            "--text-ar",
            "انتباه",
            "--text-tr",
            "Dikkat",
            "--audience",
            "all",
            "--yes",
        ),
        environ={},
    )

    assert code == 0
    [(texts,)] = _rows(migrated.database, "SELECT texts FROM alerts")
    assert json.loads(str(texts)) == {"nl": "Let op", "ar": "انتباه", "tr": "Dikkat"}


def test_alert_send_refuses_the_default_language_twice(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """--text is the default language's text: --text-nl as well is refused, nothing stored."""
    _with_members(migrated, 2001)
    capsys.readouterr()

    code = main(
        migrated.args("alert", "send", "--text", "A", "--text-nl", "B", "--audience", "all"),
        environ={},
    )

    assert code == 2
    assert "--text-nl is the default language's text" in capsys.readouterr().err
    assert _rows(migrated.database, "SELECT count(*) FROM alerts") == [(0,)]


def test_report_writes_an_anonymous_pdf_and_says_what_it_is_doing(
    migrated: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The report is written to a new file, saying first what it is doing; the names of the
    members are not in it."""
    _with_members(migrated, 2001, 2002)
    capsys.readouterr()
    target = tmp_path / "report.pdf"

    code = main(
        migrated.args("report", "--from", "2026-01-01", "--to", "2026-06-30", "-o", str(target)),
        environ={},
    )

    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "reading the figures for 2026-01-01 to 2026-06-30 and drawing ..."
    assert lines[1].startswith(f"wrote {target} (")
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Sleutelnetwerk Delft" in text
    assert "P2001" not in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--from", "2026-06-30", "--to", "2026-01-01"), "the end is before the start"),
        (("--from", "1-1-2026", "--to", "2026-06-30"), "--from '1-1-2026': use YYYY-MM-DD"),
        (("--from", "2020-01-01", "--to", "2026-06-30"), "at most 36 months"),
        (
            ("--from", "2026-01-01", "--to", "2026-06-30", "--language", "fr"),
            "--language fr: not offered",
        ),
    ],
)
def test_report_refuses_what_it_cannot_make(
    migrated: Cli,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: tuple[str, ...],
    message: str,
) -> None:
    """Bad periods and languages exit 2 with the reason, and write nothing."""
    target = tmp_path / "report.pdf"

    code = main(migrated.args("report", *argv, "-o", str(target)), environ={})

    assert code == 2
    assert message in capsys.readouterr().err
    assert not target.exists()


def test_report_never_overwrites_a_file(
    migrated: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An existing file is left alone."""
    target = tmp_path / "report.pdf"
    target.write_text("keep me", encoding="utf-8")

    code = main(
        migrated.args("report", "--from", "2026-01-01", "--to", "2026-06-30", "-o", str(target)),
        environ={},
    )

    assert code == 2
    assert "exists already" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "keep me"


def test_alert_to_named_people_takes_their_telegram_ids(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """`people:` takes Telegram ids, as `people list` shows them; an unknown one is named."""
    _with_members(migrated, 2001, 2002)
    capsys.readouterr()

    one = main(
        migrated.args("alert", "send", "--text", "Let op", "--audience", "people:2002", "--yes"),
        environ={},
    )
    unknown = main(
        migrated.args("alert", "send", "--text", "Let op", "--audience", "people:2002,77"),
        environ={},
    )

    assert (one, unknown) == (0, 2)
    out, err = capsys.readouterr()
    assert "alert #1 queued for 1 person" in out
    assert "no member with Telegram id 77" in err
    assert _rows(migrated.database, "SELECT chat_id FROM alert_deliveries") == [(2002,)]


def test_alert_send_with_yes_queues_one_row_per_recipient(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """--yes confirms: the alert and its outbox rows are stored for the running bot to send."""
    _with_members(migrated, 2001, 2002, 2003)
    capsys.readouterr()

    code = main(
        migrated.args(
            "alert",
            "send",
            "--text",
            "Let op",
            "--text-en",
            "Attention",
            "--audience",
            "all",
            "--urgent",
            "--shareable",
            "--yes",
        ),
        environ={},
    )
    status = main(migrated.args("alert", "status", "1"), environ={})

    assert (code, status) == (0, 0)
    out = capsys.readouterr().out
    assert "alert #1 queued for 3 people" in out
    assert "pending: 3" in out
    assert _rows(migrated.database, "SELECT urgent, shareable, texts FROM alerts") == [
        (1, 1, '{"nl": "Let op", "en": "Attention"}')
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--text", "x", "--audience", "everyone"), "unknown audience 'everyone'"),
        (("--text", "x", "--audience", "wijk:Atlantis"), "unknown neighbourhood 'Atlantis'"),
        (("--text", "x", "--audience", "theme:weather"), "needs one known theme"),
        (("--text", "   ", "--audience", "all"), "without text"),
        (("--text", "x" * 4000, "--audience", "all"), "4000 characters"),
        (("--text", "x", "--audience", "all", "--at", "2020-01-01 10:00"), "in the past"),
        (("--text", "x", "--audience", "all", "--at", "morgen"), "use 'YYYY-MM-DD HH:MM'"),
    ],
)
def test_alert_send_refuses_bad_input_clearly(
    migrated: Cli, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    """Bad audiences, texts and times exit 2 with a message saying what is wrong."""
    _with_members(migrated, 2001)
    capsys.readouterr()

    code = main(migrated.args("alert", "send", *argv, "--yes"), environ={})

    assert code == 2
    assert message in capsys.readouterr().err
    assert _rows(migrated.database, "SELECT count(*) FROM alerts") == [(0,)]


def test_alert_to_nobody_sends_nothing(migrated: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    """An audience that matches nobody is refused and stores no alert."""
    _with_members(migrated)
    capsys.readouterr()

    code = main(
        migrated.args("alert", "send", "--text", "x", "--audience", "tag:niemand", "--yes"),
        environ={},
    )

    assert code == 2
    assert "Nobody matches" in capsys.readouterr().err
    assert _rows(migrated.database, "SELECT count(*) FROM alerts") == [(0,)]


# Signals


def _with_signal(cli: Cli, text: str, *, anonymous: bool) -> None:
    """Store a filed signal with one plaintext entry, as a bot without a key would."""

    async def _add() -> None:
        db = Database(f"sqlite+aiosqlite:///{cli.database}")
        clock = FakeClock(datetime.now(UTC))
        try:
            person_id = await add_member(db, clock, 2001, "Fatima Yilmaz")
            async with db.begin() as session:
                signal = Signal(
                    reporter_id=person_id,
                    status=SignalStatus.OPEN,
                    urgency=Urgency.NORMAL,
                    anonymous=anonymous,
                    created_at=clock.now(),
                    filed_at=clock.now(),
                )
                session.add(signal)
                await session.flush()
                session.add(
                    SignalEntry(
                        signal_id=signal.id,
                        author_id=person_id,
                        role=EntryRole.REPORT,
                        kind=EntryKind.TEXT,
                        body=Sealer(None).seal(text),
                        created_at=clock.now(),
                    )
                )
        finally:
            await db.dispose()

    asyncio.run(_add())


def test_signals_new_key_prints_a_usable_key(capsys: pytest.CaptureFixture[str]) -> None:
    """`signals new-key` needs no config and prints a key the sealer accepts."""
    code = main(["signals", "new-key"], environ={})

    key = capsys.readouterr().out.strip()
    assert code == 0
    assert Sealer(key).open(Sealer(key).seal("x")) == "x"


def test_signals_rotate_key_encrypts_stored_plaintext(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """Switching encryption on and rotating leaves no plaintext in the database file."""
    _with_signal(migrated, "Geheime plaintext", anonymous=False)
    key = new_key()
    capsys.readouterr()

    code = main(migrated.args("signals", "rotate-key"), environ={"SLEUTELNET_ENCRYPTION_KEY": key})

    assert code == 0
    assert "1 stored values re-sealed" in capsys.readouterr().out
    [(body,)] = _rows(migrated.database, "SELECT body FROM signal_entries")
    assert isinstance(body, str) and body.startswith("f:")
    assert Sealer(key).open(body) == "Geheime plaintext"
    assert b"Geheime plaintext" not in migrated.database.read_bytes()


def test_signals_rotate_key_without_the_old_key_says_what_to_add(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """Values sealed with a key that is not configured are reported, not destroyed."""
    _with_signal(migrated, "Oud", anonymous=False)
    old, new = new_key(), new_key()
    main(migrated.args("signals", "rotate-key"), environ={"SLEUTELNET_ENCRYPTION_KEY": old})
    capsys.readouterr()

    code = main(migrated.args("signals", "rotate-key"), environ={"SLEUTELNET_ENCRYPTION_KEY": new})

    assert code == 1
    assert "security.previous_keys" in capsys.readouterr().err
    [(body,)] = _rows(migrated.database, "SELECT body FROM signal_entries")
    assert Sealer(old).open(str(body)) == "Oud"


def test_signals_export_writes_csv_without_names_where_asked(
    migrated: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The partner export is a CSV file; an anonymous reporter's name is not in it."""
    _with_signal(migrated, "Anoniem signaal", anonymous=True)
    out = tmp_path / "signals.csv"

    code = main(migrated.args("signals", "export", "--since", "30d", "-o", str(out)), environ={})

    assert code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # the database's and exports' mode
    assert stat.S_IMODE(migrated.database.stat().st_mode) == 0o600
    text = out.read_text(encoding="utf-8")
    assert "Anoniem signaal" in text and "Fatima" not in text
    exports = "SELECT count(*) FROM audit_log WHERE action = 'signals.export'"
    assert _rows(migrated.database, exports) == [(1,)]


# Meetings


def _in_a_month() -> str:
    """Return the date a month from now (the CLI runs on the real clock), as YYYY-MM-DD."""
    return f"{datetime.now(UTC) + timedelta(days=30):%Y-%m-%d}"


def test_meeting_create_plans_and_queues_invitations_with_a_calendar_file(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """`meeting create --yes` plans the meeting, queues one invitation per member, and
    `meeting list` shows it."""
    _with_members(migrated, 2001, 2002)
    capsys.readouterr()

    day = _in_a_month()
    code = main(
        migrated.args(
            "meeting", "create", "--title", "Netwerkoverleg", "--start", f"{day} 19:30",
            "--end", "21:30", "--location", "Buurthuis", "--every-weeks", "6", "--yes",
        ),
        environ={},
    )  # fmt: skip
    listed = main(migrated.args("meeting", "list"), environ={})

    assert (code, listed) == (0, 0)
    out = capsys.readouterr().out
    assert "meeting #1 planned; the running bot invites 2 people" in out
    assert "#1  " in out and "Netwerkoverleg" in out and "invited 2" in out
    [(kind, attachment)] = _rows(migrated.database, "SELECT kind, attachment FROM alerts")
    stamp = f"TZID=Europe/Amsterdam:{day.replace('-', '')}T193000"
    assert kind == "invitation" and stamp in str(attachment)
    assert _rows(migrated.database, "SELECT count(*) FROM meeting_reminders") == [(4,)]


def test_a_meeting_for_more_people_than_the_first_chunk_invites_them_all(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """Everyone a big meeting goes to is an invitee (and may answer), not only those whose
    copies the confirmation wrote."""
    many = service.FIRST_CHUNK + 20

    async def _add() -> None:
        db = Database(f"sqlite+aiosqlite:///{migrated.database}")
        clock = FakeClock(datetime.now(UTC))
        try:
            async with db.begin() as session:
                for i in range(many):
                    await stage_member(session, clock, 50_000 + i, f"P{i}")
        finally:
            await db.dispose()

    asyncio.run(_add())
    main(migrated.args("coordinator", "add", str(CONFIGURED_COORDINATOR)), environ={})
    capsys.readouterr()

    code = main(
        migrated.args(
            "meeting", "create", "--title", "Netwerkdag", "--start", f"{_in_a_month()} 19:30",
            "--yes",
        ),
        environ={},
    )  # fmt: skip

    assert code == 0
    assert f"invites {many:,} people" in capsys.readouterr().out
    assert _rows(migrated.database, "SELECT count(*) FROM meeting_invitees") == [(many,)]
    assert _rows(migrated.database, "SELECT count(*) FROM alert_deliveries") == [
        (service.FIRST_CHUNK,)
    ]


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        (("--start", "gisteren"), "format"),
        (("--start", "2020-01-01 19:30"), "past"),
        (("--start", "{day} 19:30", "--end", "18:00"), "end before start"),
        (
            ("--start", "{day} 19:30", "--rrule", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"),
            "rrule never",
        ),
        (
            ("--start", "{day} 19:30", "--rrule", "FREQ=WEEKLY;BYDAY=" + ",".join(["MO"] * 70)),
            "rrule",
        ),
    ],
)
def test_meeting_create_refuses_bad_times_with_a_hint(
    migrated: Cli, capsys: pytest.CaptureFixture[str], extra: tuple[str, ...], problem: str
) -> None:
    """Bad times exit 2 with the reason and examples; nothing is stored."""
    _with_members(migrated, 2001)
    capsys.readouterr()

    filled = [part.format(day=_in_a_month()) for part in extra]
    code = main(migrated.args("meeting", "create", "--title", "X", *filled, "--yes"), environ={})

    assert code == 2
    assert problem in capsys.readouterr().err
    assert _rows(migrated.database, "SELECT count(*) FROM meetings") == [(0,)]


def test_people_export_writes_both_files_readable_by_the_owner_only(
    migrated: Cli, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A request by letter: JSON and readable text, mode 0600, with the person's data."""
    main(migrated.args("coordinator", "add", "42", "--name", "Sanne"), environ={})
    out = tmp_path / "sanne.json"

    code = main(migrated.args("people", "export", "42", "-o", str(out)), environ={})

    assert code == 0, capsys.readouterr()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert stat.S_IMODE(out.with_suffix(".txt").stat().st_mode) == 0o600
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["data"]["account"]["profile"]["name"] == "Sanne"
    assert "Sanne" in out.with_suffix(".txt").read_text(encoding="utf-8")


def test_people_erase_asks_first_then_erases_once_and_says_so_again(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --yes a preview; with it the person is erased; a second time changes nothing."""
    main(migrated.args("coordinator", "add", "42", "--name", "Sanne"), environ={})
    capsys.readouterr()

    main(migrated.args("people", "erase", "42"), environ={})
    preview = capsys.readouterr().out
    main(migrated.args("people", "erase", "42", "--yes"), environ={})
    done = capsys.readouterr().out
    code = main(migrated.args("people", "erase", "42", "--yes"), environ={})
    again = capsys.readouterr().out
    main(migrated.args("people", "list"), environ={})

    assert "would erase" in preview and "--yes" in preview
    assert done.startswith("erased person")
    assert code == 0 and "already erased" in again
    assert "Sanne" not in capsys.readouterr().out


def test_people_erase_of_someone_never_held_is_a_clear_error(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown Telegram id: exit code 2 and a message that nothing is held."""
    code = main(migrated.args("people", "erase", "77", "--yes"), environ={})

    assert code == 2
    assert "nothing is held about Telegram id 77" in capsys.readouterr().err


def test_people_erase_works_for_someone_who_never_finished_signing_up(
    migrated: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    """Invited, never consented: erased all the same, and their name is gone from the store."""

    async def invited() -> None:
        db = Database(f"sqlite+aiosqlite:///{migrated.database}")
        try:
            clock = FakeClock(datetime.now(UTC))
            await add_member(
                db, clock, 2001, "Fatima Yilmaz", themes=(), status=PersonStatus.INVITED
            )
        finally:
            await db.dispose()

    asyncio.run(invited())

    code = main(migrated.args("people", "erase", "2001", "--yes"), environ={})

    assert code == 0 and "erased person" in capsys.readouterr().out
    names = _rows(migrated.database, "SELECT display_name, telegram_user_id FROM people")
    assert all(name != "Fatima Yilmaz" and tid != 2001 for name, tid in names)


# The README's examples


def _readme_commands() -> set[str]:
    text = (EXAMPLE.parent / "README.md").read_text(encoding="utf-8").replace("\n", " ")
    return {re.sub(r"\s+", " ", m) for m in re.findall(r"`(sleutelnet [^`]+)`", text)}


# Each README example as the test runs it (placeholders filled in), in this order; None: a
# command that does not return, run by the test named instead.
README_RUNS: dict[str, str | None] = {
    "sleutelnet db upgrade": "db upgrade",
    "sleutelnet db current": "db current",
    "sleutelnet --version": "--version",
    "sleutelnet coordinator add <telegram id> [--name ...]": "coordinator add 42 --name Sanne",
    'sleutelnet invite create --name "Fatima Yilmaz" --neighbourhood Tanthof-West --expires 7d': (
        'invite create --name "Fatima Yilmaz" --neighbourhood Tanthof-West --expires 7d'
    ),
    'sleutelnet alert send --text "..." --audience all|wijk:A,B|theme:KEY|tag:T|people:TELEGRAM_ID,'
    "... [--text-tr ...] [--urgent|--silent] [--shareable] [--escalate 30] "
    '[--at "2026-12-05 19:30"] --yes': (
        'alert send --text "Let op" --audience people:2001 --text-tr "Dikkat" --urgent '
        "--shareable --escalate 30 --yes"
    ),
    "sleutelnet alert status NUMBER": "alert status 1",
    "sleutelnet invite import people.csv -o links.csv": (
        "invite import {tmp}/people.csv -o {tmp}/links.csv"
    ),
    'sleutelnet meeting create --title "Netwerkoverleg" --start "2026-12-05 19:30" [--end 21:30] '
    "[--location ...] [--agenda ...] [--audience all|wijk:A|theme:KEY] "
    '[--every-weeks 6 | --rrule "FREQ=WEEKLY;INTERVAL=6"] --yes': (
        'meeting create --title "Netwerkoverleg" --start "{next_year}-12-05 19:30" --end 21:30 '
        '--location "Buurthuis" --agenda "Terugblik" --audience all --every-weeks 6 --yes'
    ),
    "sleutelnet meeting list": "meeting list",
    "sleutelnet people list": "people list",
    "sleutelnet people list [--wijk ...] [--theme ...] [--status ...] [--role ...]": (
        "people list --wijk Tanthof-West --theme radicalisation-polarisation --status active "
        "--role key_person"
    ),
    "sleutelnet signals new-key": "signals new-key",
    "sleutelnet signals rotate-key": "signals rotate-key",
    "sleutelnet signals export [--since 90d] [-o signals.csv]": (
        "signals export --since 90d -o {tmp}/signals.csv"
    ),
    "sleutelnet privacy register": "privacy register",
    "sleutelnet report --from 2026-01-01 --to 2026-06-30 -o report.pdf": (
        "report --from 2026-01-01 --to 2026-06-30 -o {tmp}/report.pdf"
    ),
    "sleutelnet db backup FILE": "db backup {tmp}/copy.db",
    "sleutelnet db backup /backups/sleutelnet-$(date +%F).db": "db backup {tmp}/dated.db",
    "sleutelnet people export TELEGRAM_ID -o FILE": "people export 2001 -o {tmp}/person.json",
    "sleutelnet people erase TELEGRAM_ID --yes": "people erase 2001 --yes",
    "sleutelnet coordinator remove <telegram id>": "coordinator remove 42",
    # Needs Telegram: tests/e2e/test_run_process.py::test_check_says_on_one_line_each_...
    "sleutelnet check": None,
    # Run until stopped: tests/e2e/test_run_process.py (run, and sandbox printing its set-up).
    "sleutelnet run": None,
    "sleutelnet sandbox --port 8081": None,
}


def test_every_readme_example_runs(
    cli: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each `sleutelnet …` command the README shows runs against a temporary config and
    succeeds, in the order an administrator would use them; a new example must be added here."""
    assert _readme_commands() == set(README_RUNS)
    (tmp_path / "people.csv").write_text(PEOPLE_CSV, encoding="utf-8")
    next_year = datetime.now(UTC).year + 1
    failed: list[str] = []
    for example, line in README_RUNS.items():
        if line is None:
            continue
        if line.startswith("alert send"):
            _with_members(cli, 2001)
        argv = shlex.split(line.format(tmp=tmp_path, next_year=next_year))
        try:
            code = main(cli.args(*argv), environ={})
        except SystemExit as exited:  # --version
            code = int(exited.code or 0)
        if code != 0:
            failed.append(f"{example}: exit {code}: {capsys.readouterr().err.strip()}")
    assert failed == []


# Invitations in bulk


PEOPLE_CSV = """name;neighbourhoods;tags;role;language
Fatima Yilmaz;Tanthof-West,Voorhof;moskee;sleutelpersoon;nl
Mo Bouzid;Buitenhof;;background_contact;en

Ayla Demir;;sport,jongeren;;
"""


def test_invite_import_writes_one_link_per_person_and_skips_them_on_a_second_run(
    migrated: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Dutch spreadsheet's CSV (semicolons) becomes one personal link each, in a file only
    its owner can read; the same file again invites nobody twice."""
    source = tmp_path / "people.csv"
    source.write_text(PEOPLE_CSV, encoding="utf-8")
    links, again = tmp_path / "links.csv", tmp_path / "links-again.csv"

    first = main(migrated.args("invite", "import", str(source), "-o", str(links)), environ={})
    first_out = capsys.readouterr().out
    second = main(migrated.args("invite", "import", str(source), "-o", str(again)), environ={})

    assert (first, second) == (0, 0)
    assert "3 invitations written to" in first_out
    assert "3 people skipped, already invited or a member: lines 2, 3, 5" in capsys.readouterr().out
    assert stat.S_IMODE(links.stat().st_mode) == 0o600
    rows = links.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "line,name,link,valid until"
    assert [row.split(",")[:2] for row in rows[1:]] == [
        ["2", "Fatima Yilmaz"],
        ["3", "Mo Bouzid"],
        ["5", "Ayla Demir"],
    ]
    assert all(f"https://t.me/{BOT_USERNAME}?start=" in row for row in rows[1:])
    assert again.read_text(encoding="utf-8").splitlines() == ["line,name,link,valid until"]
    stored = _rows(
        migrated.database, "SELECT name, role, neighbourhoods, tags, language FROM invites"
    )
    assert sorted(stored) == [
        ("Ayla Demir", "key_person", "[]", '["sport", "jongeren"]', None),
        ("Fatima Yilmaz", "key_person", '["Tanthof-West", "Voorhof"]', '["moskee"]', "nl"),
        ("Mo Bouzid", "background_contact", '["Buitenhof"]', "[]", "en"),
    ]


def test_invite_import_names_every_bad_line_and_stores_nothing(
    migrated: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One bad row stores nobody; each problem is named with its line number."""
    source = tmp_path / "people.csv"
    source.write_text(
        "name,neighbourhoods,role,language\n"
        "Fatima Yilmaz,Voorhof,,\n"
        ",Voorhof,,\n"
        "Mo Bouzid,,boss,\n"
        "Ayla Demir,,,fr\n"
        "fatima yilmaz,,,\n"
        "Jan Jansen,Atlantis,,\n",
        encoding="utf-8",
    )
    links = tmp_path / "links.csv"

    code = main(migrated.args("invite", "import", str(source), "-o", str(links)), environ={})

    assert code == 2
    err = capsys.readouterr().err
    assert "line 3: the name is empty" in err
    assert "line 4: unknown role 'boss'" in err
    assert "line 5: unknown language 'fr'" in err
    assert "line 6: fatima yilmaz is also on line 2" in err
    assert "line 7: unknown neighbourhood 'Atlantis'" in err
    assert "line 2:" not in err
    assert "nothing was stored" in err
    assert not links.exists()
    assert _rows(migrated.database, "SELECT count(*) FROM invites") == [(0,)]
