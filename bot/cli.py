"""The `sleutelnet` command: load the configuration, then run one task."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import asdict, replace
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.engine import make_url
from telegram.error import InvalidToken

from bot import admin, eventloop, invite_import, people_cli, register, startup
from bot.alerts.audience import AudienceKind, parse_audience, read_as
from bot.alerts.compose import parse_send_at
from bot.clock import SystemClock
from bot.config import Config, ConfigError, load_config, parse_duration, resolve_config_path
from bot.errors import SleutelnetError
from bot.i18n import Translator, language_name
from bot.languages import available
from bot.logsetup import configure
from bot.meetings import admin as meetings_cli
from bot.picture import cli as report_cli
from bot.signals import keys
from bot.signals.crypto import Sealer, new_key
from handlers import discover
from storage.db import Database
from storage.files import write_private
from storage.models import PersonStatus, Role
from storage.repositories import PeopleFilter

EXIT_USAGE = 2
_TAGS = re.compile(r"<[^>]+>")


def strip_tags(text: str) -> str:
    """Return catalog HTML as plain text for the terminal."""
    return _TAGS.sub("", text)


T = TypeVar("T")


def people(count: int) -> str:
    """Return '1 person', '2 people': the command line speaks English."""
    return f"{count:,} {'person' if count == 1 else 'people'}"


CONFIG_HELP = "TOML file (default: $SLEUTELNET_CONFIG or ./config.toml)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sleutelnet", description="Telegram bot for a municipal network of key persons."
    )
    parser.add_argument("--config", help=CONFIG_HELP)
    parser.add_argument("--version", action="version", version=f"sleutelnet {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = sub.add_parser("run", help="run the bot (long polling) until SIGTERM/SIGINT")
    run.add_argument(
        "--fail-fast",
        action="store_true",
        help="exit 1 when the database or Telegram cannot be reached at start (default: retry)",
    )
    sub.add_parser("check", help="check the config, database, token and admin chat, one line each")
    sub.add_parser("demo", help="play a scripted scenario offline (sandbox + temporary SQLite)")
    sandbox = sub.add_parser("sandbox", help="serve the local Bot API sandbox for manual testing")
    sandbox.add_argument("--port", type=int, default=8081, help="port on 127.0.0.1 (default 8081)")

    db = sub.add_parser("db", help="database schema").add_subparsers(
        dest="db_command", required=True
    )
    db.add_parser("upgrade", help="apply all migrations")
    db.add_parser("current", help="show the schema revision and whether it is current")
    backup = db.add_parser(
        "backup", help="copy a SQLite database while the bot runs (PostgreSQL: use pg_dump)"
    )
    backup.add_argument("file", type=Path, help="the copy to write (must not exist yet)")

    inv = sub.add_parser("invite", help="invitations").add_subparsers(
        dest="invite_command", required=True
    )
    create = inv.add_parser("create", help="create a single-use invitation link")
    create.add_argument(
        "--name", required=True, help="the invitee's name as the coordinator knows it"
    )
    create.add_argument(
        "--role",
        choices=[Role.KEY_PERSON.value, Role.BACKGROUND_CONTACT.value],
        default=Role.KEY_PERSON.value,
        help="what they join as (default: key_person)",
    )
    create.add_argument(
        "--neighbourhood",
        action="append",
        default=[],
        help="a neighbourhood from network.neighbourhoods; repeatable",
    )
    create.add_argument(
        "--theme", action="append", default=[], help="a theme key to ask consent for; repeatable"
    )
    create.add_argument("--expires", help="validity, e.g. 7d, 48h, 2w (default from config)")
    bulk = inv.add_parser("import", help="invite everyone in a CSV file; write their links")
    bulk.add_argument(
        "file",
        type=Path,
        help="CSV with a header: name, and any of neighbourhoods, tags, role, language",
    )
    bulk.add_argument(
        "-o", "--output", type=Path, required=True, help="the links file to write (new, 0600)"
    )
    bulk.add_argument("--expires", help="validity, e.g. 14d (default from config)")

    coord = sub.add_parser("coordinator", help="coordinators").add_subparsers(
        dest="coordinator_command", required=True
    )
    add = coord.add_parser("add", help="give a Telegram user the coordinator role")
    add.add_argument("telegram_user_id", type=int, help=TELEGRAM_ID_HELP)
    add.add_argument("--name", help="the name shown to others (default: their Telegram name)")
    remove = coord.add_parser("remove", help="take the coordinator role away")
    remove.add_argument("telegram_user_id", type=int, help=TELEGRAM_ID_HELP)

    alert = sub.add_parser("alert", help="alerts").add_subparsers(
        dest="alert_command", required=True
    )
    send = alert.add_parser("send", help="queue an alert; the running bot sends it")
    send.add_argument("--text", required=True, help="the text, in the network's default language")
    for code in available():
        send.add_argument(
            f"--text-{code}",
            dest=f"text_for_{code}",
            metavar="TEXT",
            help=f"the text for those who read {language_name(code)} ({code})",
        )
    send.add_argument(
        "--audience",
        required=True,
        help="all | wijk:NAME[,NAME] | theme:KEY | tag:TAG[,TAG] | people:TELEGRAM_ID[,ID]",
    )
    loudness = send.add_mutually_exclusive_group()
    loudness.add_argument("--urgent", action="store_true", help="rings, even in quiet hours")
    loudness.add_argument("--silent", action="store_true", help="never rings")
    send.add_argument("--shareable", action="store_true", help="may be passed on (else internal)")
    send.add_argument("--escalate", type=int, metavar="MINUTES", help="remind once if no ack")
    send.add_argument(
        "--at", help="send later: 'YYYY-MM-DD HH:MM', 'DD-MM HH:MM' or 'HH:MM' (network time)"
    )
    send.add_argument("--as", dest="actor", type=int, help="coordinator's Telegram id")
    send.add_argument("--yes", action="store_true", help="confirm; without it only a preview")
    status = alert.add_parser("status", help="delivery figures of an alert")
    status.add_argument("alert_id", type=int, help="the alert's number (#N)")

    people = sub.add_parser("people", help="members").add_subparsers(
        dest="people_command", required=True
    )
    plist = people.add_parser("list", help="list members (the CLI sees everyone)")
    plist.add_argument("--wijk", help="only people active in this neighbourhood")
    plist.add_argument("--theme", help="only people who consent to this theme")
    plist.add_argument(
        "--status", choices=[s.value for s in PersonStatus], help="only people with this status"
    )
    plist.add_argument("--role", choices=[r.value for r in Role], help="only people in this role")
    people_cli.add_parsers(people)
    register.add_parser(sub)
    meetings_cli.add_parser(sub)
    report_cli.add_parser(sub)
    sig = sub.add_parser("signals", help="signals").add_subparsers(
        dest="signals_command", required=True
    )
    sig.add_parser("new-key", help="print a fresh key for security.encryption_key")
    sig.add_parser("rotate-key", help="re-encrypt stored signal contents with the current key")
    export = sig.add_parser("export", help="signals as CSV for partners (no names where asked)")
    export.add_argument("--since", help="only signals filed or closed in this period, e.g. 30d")
    export.add_argument("--output", "-o", help="file to write (default: standard output)")
    _everywhere(parser)
    return parser


TELEGRAM_ID_HELP = "their Telegram user id (a number; they can see it with @userinfobot)"


def _everywhere(parser: argparse.ArgumentParser) -> None:
    """Let every subcommand take --config, and describe itself in its own -h."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help for choice in action._choices_actions}
        for name, subparser in action.choices.items():
            if subparser.description is None:
                subparser.description = helps.get(name)
            if not any("--config" in a.option_strings for a in subparser._actions):
                subparser.add_argument("--config", default=argparse.SUPPRESS, help=CONFIG_HELP)
            _everywhere(subparser)


def _version() -> str:
    try:
        return metadata.version("sleutelnet")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Parse arguments and run the chosen task; return the exit code."""
    env = os.environ if environ is None else environ
    args = _parser().parse_args(argv)
    try:
        if args.command == "demo":
            from bot.demo import run_demo

            return asyncio.run(run_demo(sys.stdout))
        if args.command == "sandbox":
            from bot.sandbox import serve_forever

            asyncio.run(serve_forever("127.0.0.1", args.port, ready=_sandbox_ready))
            return 0
        if args.command == "signals" and args.signals_command == "new-key":
            print(new_key())
            return 0
        path = resolve_config_path(args.config, env)
        config = load_config(path, env)
        secrets = [config.telegram.token, *_password(config.database.url)]
        configure(config.log_level, secrets, config.log_format)
        if args.command == "check":
            return _check(config, path)
        return _dispatch(args, config)
    except ConfigError as error:
        print(f"sleutelnet: configuration error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SleutelnetError as error:
        t = Translator("en")
        print(
            f"sleutelnet: {strip_tags(t('en', error.message_key, **error.values))}", file=sys.stderr
        )
        return EXIT_USAGE
    except (admin.AdminError, startup.Refused) as error:
        print(f"sleutelnet: {error}", file=sys.stderr)
        return EXIT_USAGE
    except startup.Unreachable as error:  # run --fail-fast
        print(f"sleutelnet: {error}", file=sys.stderr)
        return 1
    except InvalidToken:  # its message holds the token: never print it
        print(
            "sleutelnet: Telegram rejected the bot token (telegram.token or "
            "SLEUTELNET_TELEGRAM_TOKEN); get the right one from @BotFather",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except ValueError as error:  # bad --expires and invite details
        print(f"sleutelnet: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _password(url: str) -> list[str]:
    password = make_url(url).password
    return [str(password)] if password else []


def _with_db(
    config: Config, task: Callable[[Database], Awaitable[T]], *, check_schema: bool = True
) -> T:
    async def _run() -> T:
        db = Database(config.database.url)
        try:
            if check_schema:
                await admin.check_schema(db)
            return await task(db)
        finally:
            await db.dispose()

    return asyncio.run(_run())


def _dispatch(args: argparse.Namespace, config: Config) -> int:
    clock = SystemClock()
    if args.command == "run":
        return _run(config, fail_fast=args.fail_fast)
    if args.command == "db" and args.db_command == "backup":
        print(admin.backup(config, args.file))
        return 0
    if args.command == "db" and args.db_command == "current":
        line, current = _with_db(config, admin.describe_schema, check_schema=False)
        print(line)
        return 0 if current else 1
    if args.command == "db":
        print(_with_db(config, admin.migrate, check_schema=False))
        return 0
    if args.command == "invite" and args.invite_command == "import":
        return _import_invites(args, config, clock)
    if args.command == "invite":
        expires = parse_duration(args.expires) if args.expires else None
        new = _with_db(
            config,
            lambda db: admin.invite(
                db,
                config,
                clock,
                name=args.name,
                role=Role(args.role),
                neighbourhoods=args.neighbourhood,
                themes=args.theme,
                expires_in=expires,
            ),
        )
        tz = config.network.timezone
        print(
            f"Invitation for {new.invite.name} ({new.invite.role.value}), valid until "
            f"{new.invite.expires_at.astimezone(tz):%Y-%m-%d %H:%M %Z}:"
        )
        print(new.link)
        return 0
    if args.command == "alert":
        return _alert(args, config, clock)
    if args.command == "signals":
        return _signals(args, config, clock)
    if args.command == "meeting":
        return _meeting(args, config, clock)
    if args.command == "report":
        return _report(args, config, clock)
    if args.command == "privacy":
        sys.stdout.write(register.render(discover(), config, as_csv_file=args.csv))
        return 0
    if args.command == "people" and args.people_command != "list":
        return _person(args, config, clock)
    if args.command == "coordinator":
        if args.coordinator_command == "add":
            person = _with_db(
                config,
                lambda db: admin.add_coordinator(
                    db, config, clock, args.telegram_user_id, args.name
                ),
            )
            print(f"{person.display_name} ({person.telegram_user_id}) is a coordinator")
        else:
            print(
                _with_db(
                    config,
                    lambda db: admin.remove_coordinator(
                        db, config, clock, args.telegram_user_id, discover().erase_hooks
                    ),
                )
            )
        return 0
    where = PeopleFilter(
        status=PersonStatus(args.status) if args.status else None,
        role=Role(args.role) if args.role else None,
        wijk=args.wijk,
        theme=args.theme,
    )
    rows = _with_db(config, lambda db: admin.list_people(db, clock, where))
    _print_people(rows, config)
    return 0


def _import_invites(args: argparse.Namespace, config: Config, clock: SystemClock) -> int:
    if args.output.exists():
        print(f"sleutelnet: {args.output} exists already; choose a new file", file=sys.stderr)
        return EXIT_USAGE
    try:
        rows = invite_import.parse(args.file.read_bytes(), config)
    except OSError as error:
        print(f"sleutelnet: {args.file}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    except invite_import.ImportRefused as refused:
        for problem in refused.problems:
            print(f"sleutelnet: {args.file}: {problem}", file=sys.stderr)
        print(
            "sleutelnet: nothing was stored; correct the file and run this again", file=sys.stderr
        )
        return EXIT_USAGE
    expires = parse_duration(args.expires) if args.expires else None
    print(f"inviting {people(len(rows))} from {args.file} ...", flush=True)
    done = _with_db(config, lambda db: admin.import_invites(db, config, clock, rows, expires))
    write_private(args.output, invite_import.links_csv(done, config))
    print(f"{len(done.invited):,} invitations written to {args.output} (readable by you only)")
    if done.skipped:
        lines = ", ".join(str(row.line) for row in done.skipped)
        print(f"{people(len(done.skipped))} skipped, already invited or a member: lines {lines}")
    return 0


def _person(args: argparse.Namespace, config: Config, clock: SystemClock) -> int:
    features, who = discover(), args.telegram_user_id
    if args.people_command == "export":
        out = args.output
        done = _with_db(config, lambda db: people_cli.export(db, config, features, clock, who, out))
        print(f"wrote {done.json_path} and {done.text_path} (readable by you only)")
        return 0
    yes = args.yes
    print(
        _with_db(
            config,
            lambda db: people_cli.erase_person(db, config, features, clock, who, confirmed=yes),
        )
    )
    return 0


def _meeting(args: argparse.Namespace, config: Config, clock: SystemClock) -> int:
    if args.meeting_command == "list":
        lines = _with_db(config, lambda db: meetings_cli.upcoming(db, config, clock))
        print("\n".join(lines) if lines else "no upcoming meetings")
        return 0
    if not args.yes:
        print("add --yes to plan the meeting and send the invitations")
        return EXIT_USAGE
    done = _with_db(config, lambda db: meetings_cli.create(db, config, clock, args))
    print(f"meeting #{done.number} planned; the running bot invites {people(done.invited)}")
    return 0


def _report(args: argparse.Namespace, config: Config, clock: SystemClock) -> int:
    chosen = report_cli.period(args, config, clock)
    target, language = report_cli.output(args, config)
    print(f"reading the figures for {chosen.first} to {chosen.last} and drawing ...", flush=True)
    pdf = _with_db(config, lambda db: report_cli.make(db, config, clock, chosen, language))
    write_private(target, pdf)
    print(f"wrote {target} ({len(pdf) // 1024:,} kB, anonymous; readable by you only)")
    return 0


def _signals(args: argparse.Namespace, config: Config, clock: SystemClock) -> int:
    sealer = Sealer.from_config(config.security)
    now = clock.now()
    if args.signals_command == "rotate-key":
        done = _with_db(config, lambda db: keys.rotate(db, sealer, now=now))
        how = "encrypted with the current key" if sealer.enabled else "stored as plaintext"
        print(f"{done.resealed} stored values re-sealed; all are now {how}")
        if done.unreadable:
            print(
                f"sleutelnet: {done.unreadable} values are sealed with a key that is not "
                "configured; add it to security.previous_keys and run this again",
                file=sys.stderr,
            )
            return 1
        return 0
    since = now - parse_duration(args.since) if args.since else None
    text = _with_db(config, lambda db: keys.export(db, config, sealer, now=now, since=since))
    if args.output:
        write_private(args.output, text.encode("utf-8"))
        print(f"signals written to {args.output} (readable by you only)")
    else:
        sys.stdout.write(text)
    return 0


def _alert(args: argparse.Namespace, config: Config, clock: SystemClock) -> int:
    if args.alert_command == "status":
        alert, counts = _with_db(config, lambda db: admin.alert_status(db, args.alert_id))
        print(f"alert #{alert.id}: {alert.status.value}")
        for name, value in asdict(counts).items():
            print(f"  {name.replace('_', ' ')}: {value}")
        return 0
    request = admin.AlertRequest(
        texts=_alert_texts(args, config),
        audience=parse_audience(
            args.audience,
            neighbourhoods=config.network.neighbourhoods,
            themes=[t.key for t in config.network.themes],
        ),
        urgent=args.urgent,
        silent=args.silent,
        shareable=args.shareable,
        escalate_minutes=args.escalate,
        send_at=_local_time(args.at, config, clock) if args.at else None,
    )
    if request.audience.kind is AudienceKind.PEOPLE:  # Telegram ids, as everywhere here
        request = replace(
            request,
            audience=_with_db(config, lambda db: admin.by_telegram_ids(db, request.audience)),
        )
    readers = _with_db(config, lambda db: admin.alert_preview(db, request))
    if not args.yes:
        print(f"would reach {people(sum(readers.values()))}; add --yes to send")
        for line in _language_lines(readers, request.texts, config):
            print(f"  {line}")
        return EXIT_USAGE
    alert_id, count = _with_db(
        config, lambda db: admin.send_alert(db, config, clock, request, actor=args.actor)
    )
    print(f"alert #{alert_id} queued for {people(count)}; the running bot sends it")
    return 0


def _alert_texts(args: argparse.Namespace, config: Config) -> dict[str, str]:
    """Return the alert's text per language: --text for the default, --text-LANG for others."""
    network = config.network
    texts = {network.default_language: args.text}
    for code in available():
        given = getattr(args, f"text_for_{code}", None)
        if given is None:
            continue
        if code == network.default_language:
            msg = f"--text-{code} is the default language's text: give it once, with --text"
            raise admin.AdminError(msg)
        if code not in network.languages:
            msg = f"--text-{code}: {language_name(code)} is not offered (network.languages)"
            raise admin.AdminError(msg)
        texts[code] = given
    return texts


def _language_lines(readers: dict[str, int], texts: dict[str, str], config: Config) -> list[str]:
    """Say which language each group of recipients gets, and who gets another language."""
    default = config.network.default_language
    got = read_as(readers, texts, default)
    lines = [f"{people(n)} get the {language_name(code)} text" for code, n in got.items()]
    for code, n in readers.items():
        if code not in texts:
            name, shown = language_name(code), language_name(default)
            lines.append(f"({name} readers: {n:,}; no {name} text given, they get {shown})")
    return lines


def _local_time(text: str, config: Config, clock: SystemClock) -> datetime:
    now = clock.now()
    moment = parse_send_at(text, now=now, tz=config.network.timezone)
    if moment is None:
        msg = f"--at {text!r}: use 'YYYY-MM-DD HH:MM', 'DD-MM HH:MM' or 'HH:MM'"
        raise ValueError(msg)
    if moment <= now:
        msg = f"--at {text!r} is in the past"
        raise ValueError(msg)
    return moment


def _print_people(rows: list[admin.PersonRow], config: Config) -> None:
    tz = config.network.timezone
    header = (
        "telegram id",
        "name",
        "role",
        "status",
        "neighbourhoods",
        "themes",
        "last seen",
    )
    table = [header] + [
        (
            str(r.person.telegram_user_id),
            r.person.display_name,
            r.person.role.value,
            r.person.status.value,
            ", ".join(n.wijk for n in r.person.neighbourhoods) or "-",
            ", ".join(r.themes) or "-",
            f"{r.person.last_seen_at.astimezone(tz):%Y-%m-%d}" if r.person.last_seen_at else "-",
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    print(people(len(rows)))


def _sandbox_ready(sandbox: Any) -> None:
    """Say where the sandbox listens, its token, and how to talk to the bot as a user."""
    root = sandbox.base_url.removesuffix("/bot")
    print(f"Bot API sandbox listening on {root} (Ctrl-C stops it)")
    print("In config.toml, [telegram]:")
    print(f'  api_base_url = "{sandbox.base_url}"')
    print(f'  token = "{sandbox.token}"')
    print(f'  bot_username = "{sandbox.bot_username}"')
    print("Then 'sleutelnet run' in another terminal. To write to the bot as user 1001:")
    print(
        f"  curl -X POST {root}/_sandbox/users/1001/send "
        """-H 'Content-Type: application/json' -d '{"text": "/help"}'"""
    )
    print(f"What was said: curl {root}/_sandbox/transcript")
    sys.stdout.flush()


def _run(config: Config, *, fail_fast: bool) -> int:
    from bot.app import build_application
    from bot.runner import serve

    asyncio.run(startup.until_reachable(config, fail_fast=fail_fast))
    app = build_application(config)
    # Stops gracefully on SIGINT and SIGTERM: it finishes the update in hand, confirms the
    # offset to Telegram and closes the database in post_shutdown. With several processes on
    # one PostgreSQL database, only the active one polls (bot.runner.serve).
    eventloop.run(serve(app))
    return 0


def _check(config: Config, path: Path) -> int:
    print(f"config {path}: read, every key valid")
    for probe in startup.probes(config):
        try:
            print(asyncio.run(probe.run()))
        except (startup.Unreachable, startup.Refused) as error:
            print(f"sleutelnet: {error}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
