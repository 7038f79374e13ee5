"""Feature declarations: nothing is declared twice, job periods are checked by name, and the
data register covers every table that holds something about a person."""

from __future__ import annotations

import pytest

import storage.meeting_models
import storage.signal_models
import storage.workgroup_models  # noqa: F401 (all tables are registered on import)
from bot.feature import Command, Feature, Features, Job, Who
from handlers import discover
from storage.models import Base


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


def test_every_table_about_people_is_in_the_data_register() -> None:
    """A table with a person's id in it (or the people table) is declared by some feature, with
    a purpose and a retention, and only names columns that exist."""
    declared = {d.table: d for f in discover().all for d in f.personal_data}
    about_people = {
        table.name
        for table in Base.metadata.tables.values()
        if table.name == "people"
        or any(fk.column.table.name == "people" for c in table.columns for fk in c.foreign_keys)
    }
    assert about_people - set(declared) == set()
    for name, entry in declared.items():
        columns = set(Base.metadata.tables[name].columns.keys())
        assert set(entry.fields) <= columns, name
        assert entry.purpose and entry.retention, name
