"""Feature declarations: nothing is declared twice, job periods are checked by name, and the
data register covers every table that holds something about a person."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

import pytest
from sqlalchemy import Column, Integer, MetaData, Table

import storage.meeting_models
import storage.signal_models
import storage.workgroup_models  # noqa: F401 (all tables are registered on import)
from bot import register
from bot.config import config_from_mapping
from bot.feature import Command, Feature, Features, Job, Who
from handlers import discover
from storage.models import Base
from tests.test_config import minimal


async def _noop(*args: object) -> None:
    return None


def test_a_command_declared_by_two_features_is_refused() -> None:
    """Two features cannot both answer /help: the clash is found when the bot is built."""
    one = Feature("one", commands=(Command("help", _noop),))
    two = Feature("two", commands=(Command("help", _noop, Who.COORDINATOR),))
    with pytest.raises(ValueError, match="'help' of feature 'two' is declared twice"):
        Features([one, two])


def test_job_periods_are_overridden_by_name_and_a_typo_is_an_error() -> None:
    """A test (or the operator) names the job it changes; an unknown name is not ignored."""
    features = Features([Feature("one", jobs=(Job("one.tick", _noop, every=60.0),))])
    assert features.periods({"one.tick": 0.5}) == {"one.tick": 0.5}
    assert features.periods(None) == {"one.tick": 60.0}
    with pytest.raises(ValueError, match="no job named"):
        features.periods({"one.tik": 0.5})


def test_the_menus_follow_the_declared_order_and_keep_coordinator_commands_out() -> None:
    """Members see only their commands; coordinators see everything listed."""
    features = discover()
    members = [c.name for c in features.menu(coordinator=False)]
    everyone = [c.name for c in features.menu(coordinator=True)]
    assert members == [c for c in everyone if features.commands[c].who is not Who.COORDINATOR]
    assert not set(members) & features.commands_for(Who.COORDINATOR)


def register_gaps(tables: Mapping[str, Table]) -> list[str]:
    """Return what the data register misses about these tables: a table about people that no
    feature declares, a column no declaration describes, an entry without its reasons."""
    declared = {d.table: d for f in discover().all for d in f.personal_data}
    gaps = [
        f"{table.name}: not in the register"
        for table in tables.values()
        if table.name not in declared
        and (
            table.name == "people"
            or any(fk.column.table.name == "people" for c in table.columns for fk in c.foreign_keys)
        )
    ]
    for name, entry in declared.items():
        columns = set(tables[name].columns.keys())
        described = set(entry.fields) | set(entry.other)
        gaps += [f"{name}.{c}: not described" for c in sorted(columns - described)]
        gaps += [f"{name}.{c}: no such column" for c in sorted(described - columns)]
        gaps += [f"{name}.{c}: both personal and not" for c in set(entry.fields) & set(entry.other)]
        if not (entry.purpose and entry.basis and entry.retention and entry.erasure):
            gaps.append(f"{name}: purpose, basis, retention and erasure are all required")
    return gaps


def test_every_column_of_every_table_about_people_is_in_the_data_register() -> None:
    """Every table with a person's id in it (or the people table) is declared by a feature,
    and its declaration says of every column whether it is personal and what it is."""
    assert register_gaps(Base.metadata.tables) == []


def test_a_new_column_in_a_table_about_people_must_be_described() -> None:
    """The check is not vacuous: a column added to people without a description fails it."""
    copy = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(copy)
    copy.tables["people"].append_column(Column("shoe_size", Integer))

    assert register_gaps(copy.tables) == ["people.shoe_size: not described"]


def test_the_register_names_every_personal_column_with_its_configured_retention() -> None:
    """`privacy register`: one row per personal column; periods come from the config."""
    config = config_from_mapping(
        {**minimal(), "privacy": {"consent_proof_retention": "180d"}}, path=None, environ={}
    )

    text = register.render(discover(), config, as_csv_file=True)

    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(register.COLUMNS)
    described = {(r[0], r[1]) for r in rows[1:]}
    declared = {(d.table, c) for f in discover().all for d in f.personal_data for c in d.fields}
    assert described == declared
    [telegram_id] = [r for r in rows if r[:2] == ["people", "telegram_user_id"]]
    assert "6 months" in telegram_id[5] and "{" not in text
    assert register.render(discover(), config, as_csv_file=False).startswith("| table | column |")
