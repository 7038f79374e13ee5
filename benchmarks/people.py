"""Benchmark the consent lookup behind /people and `sleutelnet people list`.

Seeds N key persons with one consent each in a fresh database and times the themes of all of
them, once asked person by person (as /people did) and once in one query (as it does now).
The figure that matters is the one query, against the one second a coordinator may wait.

    .venv/bin/python -m benchmarks.people                 # 10,000 people on SQLite
    .venv/bin/python -m benchmarks.people --database-url postgresql+asyncpg://postgres@127.0.0.1/test
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.alerts import fresh_database, seed_members
from storage.repositories import Consents, People, PeopleFilter

LIMIT_S = 1.0  # a coordinator's listing should start within a second


async def run(people: int, database_url: str | None) -> None:
    """Seed, then time both ways of reading everyone's themes."""
    async with fresh_database(database_url) as db:
        print(f"seeding {people:,} people ...", flush=True)
        await seed_members(db, people)
        async with db.begin() as session:
            found = await People(session).find(PeopleFilter())
            ids = [p.id for p in found]
            consents = Consents(session)
            started = time.perf_counter()
            together = await consents.granted_themes_of(ids)
            one_query = time.perf_counter() - started
            print("asking person by person ...", flush=True)
            started = time.perf_counter()
            apart = {p.id: await consents.granted_themes(p) for p in found}
            per_person = time.perf_counter() - started
        assert together == apart
    print(f"{len(ids):,} people's themes")
    print(f"  one query:        {one_query * 1000:8.0f} ms  ({one_query / LIMIT_S:.3f} x 1 s)")
    print(f"  person by person: {per_person * 1000:8.0f} ms  ({per_person / LIMIT_S:.3f} x 1 s)")


def main() -> None:
    """Parse the options and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--database-url", help="a PostgreSQL server URL (throw-away database)")
    options = parser.parse_args()
    asyncio.run(run(options.people, options.database_url))


if __name__ == "__main__":
    main()
