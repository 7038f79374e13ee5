"""Every value shown to people has a written-out text id, and every such id is in the catalog."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pytest

from bot import text_keys
from bot.alerts.audience import AudienceKind
from bot.alerts.compose import SOUNDS
from bot.locales.messages import MESSAGES
from bot.meetings.when import REASONS, WhenError
from bot.workgroups.service import NEEDED_RIGHTS
from handlers import discover
from storage.meeting_models import MeetingStatus, Rsvp
from storage.models import AlertStatus, PersonStatus, Role
from storage.signal_models import EntryKind, Urgency
from storage.workgroup_models import SeatState, WorkgroupStatus

# Each mapping, and the values it must give a text for.
COVERS: dict[str, Iterable[object]] = {
    "ROLE": Role,
    "PERSON_STATUS": PersonStatus,
    "ALERT_STATE": AlertStatus,
    "ALERT_SOUND": SOUNDS,
    # The bot's own notes to coordinators are never chosen on a button, nor described.
    "ALERT_AUDIENCE": set(AudienceKind) - {AudienceKind.COORDINATORS},
    "BTN_AUDIENCE": set(AudienceKind) - {AudienceKind.COORDINATORS},
    "SIGNAL_URGENCY": Urgency,
    "SIGNAL_KIND": EntryKind,
    "BTN_RSVP": Rsvp,
    "MEETING_RSVP": Rsvp,
    "MEETING_STATE": MeetingStatus,
    "WHEN_ERROR": REASONS,
    "WORKGROUP_STATE": WorkgroupStatus,
    "WORKGROUP_SEAT": SeatState,
    "ADMIN_RIGHT": NEEDED_RIGHTS,
    # Section names come from the features' export hooks (a database is needed to list them).
    "MYDATA_SECTION": (),
}


def mappings() -> dict[str, Mapping[object, str]]:
    """Return every public mapping of bot.text_keys, by name."""
    return {
        name: value
        for name, value in vars(text_keys).items()
        if name.isupper() and isinstance(value, Mapping)
    }


def test_every_mapping_is_checked_here() -> None:
    """A new mapping gets its list of values here too."""
    assert set(mappings()) == set(COVERS)


@pytest.mark.parametrize("name", sorted(COVERS))
def test_every_value_has_a_text_and_every_text_exists(name: str) -> None:
    """No value is left without a text, and no id points at nothing in the catalog."""
    mapping = mappings()[name]
    assert set(COVERS[name]) <= set(mapping)
    assert sorted(key for key in mapping.values() if key not in MESSAGES) == []
    assert len(set(mapping.values())) == len(mapping), "two values share one text"


def test_the_mappings_cannot_be_changed() -> None:
    """They are read-only: nobody adds a built id at run time."""
    with pytest.raises(TypeError):
        text_keys.ROLE[Role.COORDINATOR] = "cmd_help"  # type: ignore[index]


def test_every_refused_time_has_its_own_text() -> None:
    """Whatever WhenError says, there is a text for it."""
    for reason in REASONS:
        assert text_keys.WHEN_ERROR[WhenError(reason).reason] in MESSAGES


def test_every_command_in_a_menu_names_an_existing_text() -> None:
    """The menu's descriptions are ids written in the declarations, all in the catalog."""
    features = discover()
    listed = features.menu(coordinator=True)
    assert listed
    assert sorted(c.menu_key for c in listed if c.menu_key not in MESSAGES) == []
    unlisted = [c for c in features.commands.values() if c.menu is None]
    assert all(c.text is None for c in unlisted)
