"""The coordinator's list of people: a page at a time, with buttons to page and for the whole
list as a file. A listing of thousands never becomes hundreds of messages (each chat gets one
message a second), and a page is read with a LIMIT, its consents in one query."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.buttons import Codec
from bot.config import Config
from bot.errors import StaleAction
from bot.spreadsheet import cell
from storage.models import Person, PersonStatus, Role
from storage.repositories import Consents, People, PeopleFilter

PAGE = 25  # people per message
PAGE_OF, FILE = "p", "f"


@dataclass(frozen=True, slots=True)
class Listing:
    """A paging or file button: the page and the filter, compact (indexes into the config)."""

    what: str
    offset: int  # the first person shown
    status: str = ""
    role: str = ""
    wijk: int = 0  # 1-based index into network.neighbourhoods; 0: any
    theme: int = 0  # 1-based index into network.themes; 0: any


LISTING = Codec("pl", Listing, choices={"what": (PAGE_OF, FILE)})


def button(what: str, offset: int, where: PeopleFilter, config: Config) -> str:
    """Return the callback data of a paging or file button for this filter."""
    network = config.network
    keys = [theme.key for theme in network.themes]
    return LISTING.encode(
        Listing(
            what,
            offset,
            where.status.value if where.status else "",
            where.role.value if where.role else "",
            network.neighbourhoods.index(where.wijk) + 1 if where.wijk else 0,
            keys.index(where.theme) + 1 if where.theme else 0,
        )
    )


def filter_of(listing: Listing, config: Config) -> PeopleFilter:
    """Return the filter a button stands for; StaleAction if it no longer fits the config."""
    network = config.network
    try:
        status = PersonStatus(listing.status) if listing.status else None
        role = Role(listing.role) if listing.role else None
    except ValueError:
        raise StaleAction from None
    if not 0 <= listing.wijk <= len(network.neighbourhoods):
        raise StaleAction
    if not 0 <= listing.theme <= len(network.themes):
        raise StaleAction
    return PeopleFilter(
        status=status,
        role=role,
        wijk=network.neighbourhoods[listing.wijk - 1] if listing.wijk else None,
        theme=network.themes[listing.theme - 1].key if listing.theme else None,
        hide_left=status is None,
    )


@dataclass(frozen=True, slots=True)
class Page:
    """Up to PAGE people from `offset` on, with everyone's current themes."""

    people: Sequence[Person]
    themes: dict[int, set[str]]
    total: int
    offset: int


async def page_of(session: AsyncSession, where: PeopleFilter, offset: int) -> Page:
    """Read up to PAGE people from `offset` (past the end: the last page)."""
    people = People(session)
    total = await people.count(where)
    offset = max(0, min(offset, total - 1))
    found = await people.find(where, offset=offset, limit=PAGE)
    themes = await Consents(session).granted_themes_of([p.id for p in found])
    return Page(found, themes, total, offset)


async def everyone(session: AsyncSession, where: PeopleFilter) -> Page:
    """Read the whole listing (for the file)."""
    found = await People(session).find(where)
    themes = await Consents(session).granted_themes_of([p.id for p in found])
    return Page(found, themes, len(found), 0)


def as_csv(rows: Sequence[Sequence[str]], header: Sequence[str]) -> bytes:
    """Write rows as CSV for a spreadsheet (UTF-8 with BOM, no cell runs as a formula)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return out.getvalue().encode("utf-8-sig")
