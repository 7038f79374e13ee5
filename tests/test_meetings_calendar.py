"""The .ics file every meeting invitation carries (bot.meetings.calendar)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Component, vGeo

from bot.meetings.calendar import PRODID, event_ics, ics_filename

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
# Saturday 5 December 2026, 19:30-21:30 in Amsterdam (winter time, UTC+1).
STARTS = datetime(2026, 12, 5, 18, 30, tzinfo=UTC)
ENDS = datetime(2026, 12, 5, 20, 30, tzinfo=UTC)


def ics(**overrides: Any) -> bytes:
    """Build the file for a typical meeting, with some arguments overridden."""
    arguments: dict[str, Any] = {
        "uid": "meeting-7-7@sleutelnet",
        "sequence": 0,
        "title": "Netwerkoverleg Noord",
        "starts": STARTS,
        "ends": ENDS,
        "tz": AMS,
        "created": NOW,
        "location": "Buurthuis De Linde, Lindelaan 4",
        "geo": (52.3791, 4.9003),
        "description": "1. Welkom\n2. Rondvraag",
        "organizer": "Sleutelnet Noord",
    } | overrides
    return event_ics(**arguments)


def parsed(**overrides: Any) -> Calendar:
    """Build the file and read it back with icalendar."""
    return Calendar.from_ical(ics(**overrides))


def event_of(calendar: Calendar) -> Component:
    """Return the calendar's only VEVENT."""
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_the_file_is_valid_icalendar_that_survives_a_round_trip() -> None:
    """Reading the bytes back and writing them again gives the same bytes."""
    data = ics()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert Calendar.from_ical(data).to_ical() == data


def test_the_calendar_header_names_the_product_and_asks_for_the_event() -> None:
    """PRODID, VERSION 2.0, CALSCALE GREGORIAN and METHOD REQUEST head the file."""
    calendar = parsed()
    assert str(calendar["PRODID"]) == PRODID == "-//Sleutelnet//Meetings//NL"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "REQUEST"


def test_start_and_end_are_local_times_with_the_network_s_tzid() -> None:
    """DTSTART and DTEND carry TZID=Europe/Amsterdam and the local wall times 19:30 and 21:30."""
    event = event_of(parsed())
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event["DTEND"].params["TZID"] == "Europe/Amsterdam"
    assert b"DTSTART;TZID=Europe/Amsterdam:20261205T193000" in ics()
    assert b"DTEND;TZID=Europe/Amsterdam:20261205T213000" in ics()
    starts, ends = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (starts.hour, starts.minute, ends.hour, ends.minute) == (19, 30, 21, 30)
    assert starts == STARTS
    assert ends == ENDS


def test_a_summer_meeting_is_written_in_summer_time() -> None:
    """17:30 UTC on 10 July 2027 is written as 19:30 local."""
    data = ics(
        starts=datetime(2027, 7, 10, 17, 30, tzinfo=UTC),
        ends=datetime(2027, 7, 10, 19, 30, tzinfo=UTC),
    )
    assert b"DTSTART;TZID=Europe/Amsterdam:20270710T193000" in data
    assert event_of(Calendar.from_ical(data)).decoded("DTSTART") == datetime(
        2027, 7, 10, 17, 30, tzinfo=UTC
    )


def test_the_vtimezone_phones_need_travels_along() -> None:
    """A VTIMEZONE for Europe/Amsterdam with winter and summer time is in the file."""
    calendar = parsed()
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Amsterdam"]
    assert {c.name for c in timezones[0].subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert calendar.get_missing_tzids() == set()
    assert ics().index(b"BEGIN:VTIMEZONE") < ics().index(b"BEGIN:VEVENT")


def test_the_event_carries_its_identity_and_details() -> None:
    """UID, SEQUENCE, DTSTAMP (UTC), SUMMARY, LOCATION, GEO and STATUS are as given."""
    event = event_of(parsed(sequence=3))
    assert str(event["UID"]) == "meeting-7-7@sleutelnet"
    assert event.decoded("SEQUENCE") == 3
    assert event.decoded("DTSTAMP") == NOW
    assert b"DTSTAMP:20261128T120000Z" in ics()
    assert str(event["SUMMARY"]) == "Netwerkoverleg Noord"
    assert str(event["LOCATION"]) == "Buurthuis De Linde, Lindelaan 4"
    geo = event["GEO"]
    assert isinstance(geo, vGeo)
    assert (geo.latitude, geo.longitude) == (52.3791, 4.9003)
    assert str(event["STATUS"]) == "CONFIRMED"


def test_the_organiser_is_named_in_the_description_not_as_organizer() -> None:
    """Without an e-mail address there is no valid ORGANIZER, so the name joins the agenda."""
    event = event_of(parsed())
    assert "ORGANIZER" not in event
    assert str(event["DESCRIPTION"]) == "1. Welkom\n2. Rondvraag\n\nOrganisator: Sleutelnet Noord"
    english = event_of(parsed(description=None, organizer_label="Organiser"))
    assert str(english["DESCRIPTION"]) == "Organiser: Sleutelnet Noord"


def test_a_reminder_rings_two_hours_before() -> None:
    """A DISPLAY alarm with the title triggers two hours before the start."""
    alarms = event_of(parsed()).walk("VALARM")
    assert len(alarms) == 1
    assert str(alarms[0]["ACTION"]) == "DISPLAY"
    assert str(alarms[0]["DESCRIPTION"]) == "Netwerkoverleg Noord"
    assert alarms[0].decoded("TRIGGER") == -timedelta(hours=2)


def test_a_cancellation_is_method_cancel_with_status_cancelled_and_no_reminder() -> None:
    """A cancelled meeting's file says METHOD:CANCEL, STATUS:CANCELLED, with a higher SEQUENCE."""
    calendar = parsed(cancelled=True, sequence=2)
    event = event_of(calendar)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("SEQUENCE") == 2
    assert str(event["UID"]) == "meeting-7-7@sleutelnet"
    assert event.walk("VALARM") == []


def test_optional_details_are_left_out_when_not_given() -> None:
    """Without location, geo, description or organiser those properties are absent."""
    event = event_of(parsed(location=None, geo=None, description=None, organizer=None))
    for name in ("LOCATION", "GEO", "DESCRIPTION", "ORGANIZER"):
        assert name not in event


def test_commas_semicolons_and_newlines_survive() -> None:
    """Text with iCalendar's special characters reads back unchanged."""
    title = "Overleg; wijk 3, 4 & 5 — één"
    event = event_of(parsed(title=title, location="Plein 1;\nachter de kerk"))
    assert str(event["SUMMARY"]) == title
    assert str(event["LOCATION"]) == "Plein 1;\nachter de kerk"


def test_naive_times_and_an_end_before_the_start_are_programming_errors() -> None:
    """Naive datetimes and an end not after the start raise ValueError."""
    with pytest.raises(ValueError, match="timezone-aware"):
        ics(starts=STARTS.replace(tzinfo=None))
    with pytest.raises(ValueError, match="after"):
        ics(ends=STARTS)


@pytest.mark.parametrize(
    ("title", "filename"),
    [
        ("Netwerkoverleg Noord", "netwerkoverleg-noord.ics"),
        ("Overleg: wijk 3 & 4!", "overleg-wijk-3-4.ics"),
        ("Café Één — Zuid", "cafe-een-zuid.ics"),
        ("../../etc/passwd", "etc-passwd.ics"),
        ("", "bijeenkomst.ics"),
        ("!!! ???", "bijeenkomst.ics"),
        ("اجتماع", "bijeenkomst.ics"),
        ("a" * 39 + " b", "a" * 39 + ".ics"),
        ("x" * 60, "x" * 40 + ".ics"),
    ],
)
def test_ics_filename_is_a_short_ascii_slug(title: str, filename: str) -> None:
    """The file name is the title's ASCII slug (at most 40 characters), else 'bijeenkomst'."""
    assert ics_filename(title) == filename
