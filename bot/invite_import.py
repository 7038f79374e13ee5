"""Invite a list of people at once: a CSV file in, one personal link per person out.

The file has a header row with `name` and any of `neighbourhoods`, `tags`, `role` and
`language`. Fields are separated by commas or semicolons (as Dutch spreadsheets write them);
several neighbourhoods or tags in one cell are separated by the other of the two. The whole
file is checked before anything is stored: one bad row stores nothing, and every bad row is
named by its line. Someone already invited (an open invitation) or already a member, by the
same name, is skipped, so running the same file twice invites nobody twice.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Config
from bot.errors import InvalidInvite
from bot.invites import NewInvite, clean_name, create_invite
from bot.languages import available
from bot.spreadsheet import cell as safe
from storage.models import Invite, Person, PersonStatus, PersonTag, Role

COLUMNS = ("name", "neighbourhoods", "tags", "role", "language")
ROLES = {
    "key_person": Role.KEY_PERSON,
    "sleutelpersoon": Role.KEY_PERSON,
    "background_contact": Role.BACKGROUND_CONTACT,
    "achtergrondcontact": Role.BACKGROUND_CONTACT,
}
MAX_ROWS = 2000
MAX_BYTES = 1_000_000


class ImportRefused(ValueError):
    """The file cannot be imported; `problems` names every bad line."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True, slots=True)
class Row:
    """One person to invite, as read and checked."""

    line: int
    name: str
    neighbourhoods: tuple[str, ...]
    tags: tuple[str, ...]
    role: Role
    language: str | None


@dataclass(slots=True)
class Imported:
    """What an import did: new invitations, and the lines skipped as already there."""

    invited: list[tuple[Row, NewInvite]] = field(default_factory=list)
    skipped: list[Row] = field(default_factory=list)


def parse(data: bytes, config: Config) -> list[Row]:
    """Read and check the whole file; ImportRefused lists every problem by line."""
    if len(data) > MAX_BYTES:
        raise ImportRefused([f"the file is over {MAX_BYTES // 1000} kB; split it up"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(["the file is not UTF-8 text: save it as 'CSV UTF-8'"]) from None
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    several = "," if delimiter == ";" else ";"
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [(h or "").strip().lower() for h in reader.fieldnames or []]
    if "name" not in header:
        raise ImportRefused(["line 1: no 'name' column (columns: " + ", ".join(COLUMNS) + ")"])
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise ImportRefused([f"line 1: unknown column {unknown[0]!r} (use {', '.join(COLUMNS)})"])
    reader.fieldnames = header
    rows: list[Row] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for record in reader:
        line = reader.line_num
        if len(rows) + len(problems) >= MAX_ROWS:
            problems.append(f"more than {MAX_ROWS} people; split the file up")
            break
        if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue  # an empty line
        row, problem = _row(line, record, config, several)
        if problem:
            problems.append(f"line {line}: {problem}")
        elif row is not None:
            if row.name.casefold() in seen:
                problems.append(
                    f"line {line}: {row.name} is also on line {seen[row.name.casefold()]}"
                )
            seen.setdefault(row.name.casefold(), line)
            rows.append(row)
    if problems:
        raise ImportRefused(problems)
    if not rows:
        raise ImportRefused(["the file has nobody in it"])
    return rows


def _row(
    line: int, record: dict[str, str | None], config: Config, several: str
) -> tuple[Row | None, str | None]:
    def cell(key: str) -> str:
        value = record.get(key)
        return value.strip() if isinstance(value, str) else ""

    if None in record:  # csv puts surplus cells under the key None
        return None, "more cells than columns"
    try:
        name = clean_name(cell("name"))
    except InvalidInvite as error:
        return None, str(error)
    wijken = tuple(v.strip() for v in cell("neighbourhoods").split(several) if v.strip())
    unknown = [w for w in wijken if w not in config.network.neighbourhoods]
    if unknown:
        return None, f"unknown neighbourhood {unknown[0]!r}"
    tags = tuple(v.strip() for v in cell("tags").split(several) if v.strip())
    longest = PersonTag.tag.type.length
    if any(len(tag) > longest for tag in tags):
        return None, f"a tag is longer than {longest} characters"
    role_text = cell("role").lower() or "key_person"
    if role_text not in ROLES:
        return None, f"unknown role {role_text!r} (use key_person or background_contact)"
    language = cell("language").lower() or None
    if language is not None and language not in available():
        return None, f"unknown language {language!r} (use {', '.join(available())})"
    return Row(line, name, wijken, tags, ROLES[role_text], language), None


async def invite_all(
    session: AsyncSession,
    config: Config,
    rows: Sequence[Row],
    *,
    now: datetime,
    expires_in: timedelta | None,
    created_by: Person | None,
    actor_label: str | None,
) -> Imported:
    """Create an invitation for each row not yet invited or a member (the caller commits)."""
    names = [row.name for row in rows]
    open_invites = await session.scalars(
        select(Invite.name).where(
            Invite.name.in_(names),
            Invite.used_at.is_(None),
            Invite.revoked_at.is_(None),
            Invite.expires_at > now,
        )
    )
    members = await session.scalars(
        select(Person.display_name).where(
            Person.display_name.in_(names), Person.status != PersonStatus.LEFT
        )
    )
    there = {name.casefold() for name in [*open_invites.all(), *members.all()]}
    done = Imported()
    for row in rows:
        if row.name.casefold() in there:
            done.skipped.append(row)
            continue
        new = await create_invite(
            session,
            config,
            now=now,
            name=row.name,
            role=row.role,
            neighbourhoods=row.neighbourhoods,
            tags=row.tags,
            language=row.language,
            expires_in=expires_in,
            created_by=created_by,
            actor_label=actor_label,
        )
        done.invited.append((row, new))
    return done


def links_csv(done: Imported, config: Config) -> bytes:
    """Return the links file: one row per new invitation, in the input's order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["line", "name", "link", "valid until"])
    tz = config.network.timezone
    for row, new in done.invited:
        until = f"{new.invite.expires_at.astimezone(tz):%Y-%m-%d %H:%M}"
        writer.writerow([row.line, safe(row.name), new.link, until])
    return out.getvalue().encode("utf-8")
