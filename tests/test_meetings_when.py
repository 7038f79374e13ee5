"""Reading typed meeting times, and the occurrences of recurring meetings (bot.meetings.when)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.meetings.when import (
    WhenError,
    local_label,
    next_start,
    parse_end,
    parse_rrule,
    parse_start,
)

AMS = ZoneInfo("Europe/Amsterdam")
# Saturday 28 November 2026, 13:00 in Amsterdam.
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """Return an Amsterdam wall time as a UTC moment."""
    return datetime(year, month, day, hour, minute, tzinfo=AMS).astimezone(UTC)


def start(text: str, now: datetime = NOW) -> datetime:
    """Parse a start in Amsterdam."""
    return parse_start(text, now=now, tz=AMS)


def refusal(text: str, now: datetime = NOW) -> str:
    """Return the reason a start is refused."""
    with pytest.raises(WhenError) as caught:
        start(text, now)
    return caught.value.reason


# --- parse_start: accepted formats ---------------------------------------------------------


def test_day_month_with_a_dash_means_this_year() -> None:
    """'5-12 19:30' is 5 December of this year, 19:30 local time, returned in UTC."""
    assert start("5-12 19:30") == datetime(2026, 12, 5, 18, 30, tzinfo=UTC)


def test_day_month_with_a_slash_means_this_year() -> None:
    """'5/12 19:30' is the same as '5-12 19:30'."""
    assert start("5/12 19:30") == local(2026, 12, 5, 19, 30)


def test_day_month_later_today_means_today() -> None:
    """'28-11 19:30' on 28 November at 13:00 is tonight."""
    assert start("28-11 19:30") == local(2026, 11, 28, 19, 30)


def test_day_month_that_has_passed_means_next_year() -> None:
    """A day and month whose moment has passed this year mean next year."""
    assert start("1-11 19:30") == local(2027, 11, 1, 19, 30)
    assert start("28-11 12:30") == local(2027, 11, 28, 12, 30)


def test_leap_day_outside_a_leap_year_means_the_next_one_that_exists() -> None:
    """'29-02' typed in 2027 means 29 February 2028."""
    assert start("29-02 19:30", datetime(2027, 3, 1, tzinfo=UTC)) == local(2028, 2, 29, 19, 30)


@pytest.mark.parametrize("text", ["5-12-2026 19:30", "5/12/2026 19:30", "05-12-2026 19.30"])
def test_day_month_year(text: str) -> None:
    """A day, month and year with dashes or slashes is that date."""
    assert start(text) == local(2026, 12, 5, 19, 30)


def test_iso_date() -> None:
    """'2026-12-05 19:30' is an ISO date and a clock time."""
    assert start("2026-12-05 19:30") == local(2026, 12, 5, 19, 30)


def test_a_dot_separates_hours_and_minutes_too() -> None:
    """'19.30' is the same clock time as '19:30'."""
    assert start("5-12 19.30") == start("5-12 19:30")


def test_za_1930_means_the_coming_saturday_which_is_today_while_still_ahead() -> None:
    """On Saturday at 13:00, 'za 19:30' is tonight."""
    assert start("za 19:30") == local(2026, 11, 28, 19, 30)


def test_za_1230_means_next_saturday_once_today_has_passed() -> None:
    """On Saturday at 13:00, 'za 12:30' is a week later."""
    assert start("za 12:30") == local(2026, 12, 5, 12, 30)


@pytest.mark.parametrize(
    ("names", "day"),
    [
        (("zo", "zondag", "sun", "sunday"), 29),
        (("ma", "maandag", "mon", "monday"), 30),
        (("di", "dinsdag", "tue", "tuesday"), 1),
        (("wo", "woensdag", "wed", "wednesday"), 2),
        (("do", "donderdag", "thu", "thursday"), 3),
        (("vr", "vrijdag", "fri", "friday"), 4),
        (("za", "zaterdag", "sat", "saturday"), 28),
    ],
)
def test_weekday_names_in_dutch_and_english_mean_the_next_such_day(
    names: tuple[str, ...], day: int
) -> None:
    """Every short and full weekday name, Dutch or English, means the next such day."""
    month = 11 if day >= 28 else 12
    for name in names:
        assert start(f"{name} 19:30") == local(2026, month, day, 19, 30), name


def test_case_and_extra_spaces_do_not_matter() -> None:
    """'  ZATERDAG   19:30 ' and 'Saturday 19:30' are read like 'za 19:30'."""
    assert start("  ZATERDAG   19:30 ") == start("Saturday 19:30") == start("za 19:30")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("vandaag 19:30", 28),
        ("today 19:30", 28),
        ("morgen 19:30", 29),
        ("tomorrow 19:30", 29),
        ("overmorgen 19:30", 30),
    ],
)
def test_today_tomorrow_and_the_day_after(text: str, day: int) -> None:
    """'vandaag', 'morgen' and 'overmorgen' (and English) count from today."""
    assert start(text) == local(2026, 11, day, 19, 30)


@pytest.mark.parametrize("text", ["morgen om 19:30", "tomorrow at 19:30", "om 19:30 "])
def test_om_or_at_before_the_clock_time_is_allowed(text: str) -> None:
    """'morgen om 19:30' reads as 'morgen 19:30'; a lone 'om 19:30' as '19:30'."""
    expected = local(2026, 11, 29 if "mor" in text else 28, 19, 30)
    assert start(text) == expected


def test_a_clock_time_alone_means_today_while_still_ahead() -> None:
    """At 13:00, '19:30' is tonight."""
    assert start("19:30") == local(2026, 11, 28, 19, 30)


def test_a_clock_time_alone_means_tomorrow_once_passed() -> None:
    """At 13:00, '09:00' and '13:00' are tomorrow morning and afternoon."""
    assert start("09:00") == local(2026, 11, 29, 9, 0)
    assert start("13:00") == local(2026, 11, 29, 13, 0)


def test_a_repeated_october_hour_means_its_first_occurrence() -> None:
    """02:30 on 31 October 2027 happens twice; the first (still summer time, UTC+2) is meant."""
    moment = start("2027-10-31 02:30")
    assert moment == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert moment.astimezone(AMS).utcoffset() == timedelta(hours=2)


# --- parse_start: refusals ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "za",
        "gisteren 19:30",
        "19:30 morgen",
        "za 19:30 extra",
        "25:00",
        "19:3",
        "1930",
        "31-02 19:30",
        "31-04-2027 19:30",
        "2026-13-01 19:30",
        "28-11-26 19:30",
        "zaterdag 19:30 uur",
    ],
)
def test_anything_else_is_refused_as_format(text: str) -> None:
    """Text that is not one of the accepted forms is refused with reason 'format'."""
    assert refusal(text) == "format"


@pytest.mark.parametrize(
    "text", ["vandaag 12:30", "vandaag 13:00", "28-11-2026 12:59", "2025-12-05 19:30"]
)
def test_a_start_at_or_before_now_is_refused_as_past(text: str) -> None:
    """A start at or before `now` is refused with reason 'past'."""
    assert refusal(text) == "past"


@pytest.mark.parametrize("text", ["2027-03-28 02:30", "28-03 02:30", "zo 02:30"])
def test_a_time_skipped_by_the_spring_dst_jump_is_refused_as_nonexistent(text: str) -> None:
    """02:30 on 28 March 2027 does not exist in Amsterdam: refused with reason 'nonexistent'."""
    assert refusal(text, datetime(2027, 3, 27, 12, 0, tzinfo=UTC)) == "nonexistent"


def test_two_years_ahead_is_accepted_and_later_is_refused_as_too_long() -> None:
    """A start up to two years ahead is fine; beyond that the reason is 'too_long'."""
    assert start("2028-11-27 19:30") == local(2028, 11, 27, 19, 30)
    assert refusal("2028-11-29 19:30") == "too_long"


def test_a_naive_now_is_a_programming_error() -> None:
    """`now` without a time zone raises a plain ValueError, not a WhenError."""
    with pytest.raises(ValueError, match="timezone-aware") as caught:
        parse_start("19:30", now=NOW.replace(tzinfo=None), tz=AMS)
    assert not isinstance(caught.value, WhenError)


def test_when_error_is_a_value_error_with_a_known_reason() -> None:
    """WhenError carries its reason and refuses reasons nobody handles."""
    error = WhenError("past")
    assert isinstance(error, ValueError)
    assert error.reason == "past"
    with pytest.raises(ValueError, match="unknown reason"):
        WhenError("tuesday")


# --- parse_end --------------------------------------------------------------------------------

START = local(2026, 12, 5, 19, 30)


def end(text: str, starts: datetime = START) -> datetime:
    """Parse an end in Amsterdam."""
    return parse_end(text, start=starts, tz=AMS)


def end_refusal(text: str, starts: datetime = START) -> str:
    """Return the reason an end is refused."""
    with pytest.raises(WhenError) as caught:
        end(text, starts)
    return caught.value.reason


@pytest.mark.parametrize("text", ["21:00", "21.00", "tot 21:00", "until 21:00", " 21:00 "])
def test_an_end_clock_time_is_on_the_start_s_local_day(text: str) -> None:
    """'21:00' after a 19:30 start ends at 21:00 the same evening."""
    assert end(text) == local(2026, 12, 5, 21, 0)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("2u", 120),
        ("2h", 120),
        ("2 uur", 120),
        ("2 hours", 120),
        ("90m", 90),
        ("90 min", 90),
        ("45 minuten", 45),
        ("1,5u", 90),
        ("1.5 uur", 90),
        ("1.25h", 75),
        ("1h30", 90),
        ("1u30", 90),
        ("1u 30m", 90),
        ("24u", 24 * 60),
    ],
)
def test_a_duration_counts_from_the_start(text: str, minutes: int) -> None:
    """Hours (u, uur, h), minutes (m, min) and decimal hours with comma or dot are durations."""
    assert end(text) == START + timedelta(minutes=minutes)


def test_an_end_clock_time_before_the_start_means_the_next_night() -> None:
    """A 22:00 start with end '01:00' ends at 01:00 the next day."""
    assert end("01:00", local(2026, 12, 5, 22, 0)) == local(2026, 12, 6, 1, 0)


def test_a_duration_is_elapsed_time_across_the_autumn_dst_change() -> None:
    """'2u' from 01:30 summer time on 31 October 2027 ends two real hours later."""
    starts = local(2027, 10, 31, 1, 30)
    assert end("2u", starts) - starts == timedelta(hours=2)
    assert end("2u", starts).astimezone(AMS).strftime("%H:%M %Z") == "02:30 CET"


@pytest.mark.parametrize("text", ["18:00", "19:30", "19:00", "0u", "0m"])
def test_an_end_at_or_before_the_start_is_refused(text: str) -> None:
    """An end not after the start (and not within 12 hours the next day) is 'end_before_start'."""
    assert end_refusal(text) == "end_before_start"


@pytest.mark.parametrize("text", ["25u", "24h01", "1500m", "100 uur"])
def test_an_end_more_than_a_day_later_is_refused_as_too_long(text: str) -> None:
    """A meeting longer than 24 hours is refused with reason 'too_long'."""
    assert end_refusal(text) == "too_long"


@pytest.mark.parametrize(
    "text", ["", "tot", "morgen", "2 dagen", "1,5u30", "1u75", "2", "21:00 22:00", "1.5", "-2u"]
)
def test_an_unreadable_end_is_refused_as_format(text: str) -> None:
    """Text that is neither a clock time nor a duration is refused with reason 'format'."""
    assert end_refusal(text) == "format"


def test_an_end_in_the_spring_dst_gap_is_refused_as_nonexistent() -> None:
    """'02:30' after a 01:00 start on 28 March 2027 does not exist in Amsterdam."""
    assert end_refusal("02:30", local(2027, 3, 28, 1, 0)) == "nonexistent"


# --- parse_rrule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=SA", "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA"),
        ("freq=monthly;byday=1sa", "FREQ=MONTHLY;BYDAY=1SA"),
        (" rrule: FREQ=WEEKLY;COUNT=3; ", "FREQ=WEEKLY;COUNT=3"),
        ("FREQ=WEEKLY;UNTIL=20270601T000000Z", "FREQ=WEEKLY;UNTIL=20270601T000000Z"),
        ("FREQ=YEARLY;UNTIL=20300101", "FREQ=YEARLY;UNTIL=20300101"),
        ("FREQ=DAILY", "FREQ=DAILY"),
    ],
)
def test_a_valid_rrule_is_returned_upper_case_without_prefix(text: str, normalised: str) -> None:
    """A valid RRULE comes back in upper case without 'RRULE:'."""
    assert parse_rrule(text) == normalised


@pytest.mark.parametrize(
    "text",
    [
        "",
        "RRULE:",
        "elke week",
        "FREQ=HOURLY",
        "FREQ=MINUTELY;COUNT=5",
        "FREQ=SECONDLY",
        "FREQ=FORTNIGHTLY",
        "INTERVAL=2",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=WEEKLY;COUNT=x",
        "FREQ=WEEKLY;FOO=1",
        "FREQ=WEEKLY;FREQ=DAILY",
        "FREQ=WEEKLY;COUNT=3;UNTIL=20270601",
        "FREQ=WEEKLY;UNTIL=volgendjaar",
        "FREQ=WEEKLY;;COUNT=3",
        "DTSTART:20260101T000000\nRRULE:FREQ=WEEKLY",
        "FREQ=WEEKLY\nRDATE:20260101T000000",
    ],
)
def test_an_invalid_or_too_frequent_rrule_is_refused(text: str) -> None:
    """Unparseable rules, sub-daily frequencies and COUNT with UNTIL are refused as 'rrule'."""
    with pytest.raises(WhenError) as caught:
        parse_rrule(text)
    assert caught.value.reason == "rrule"


def test_a_rule_longer_than_its_column_is_refused() -> None:
    """meetings.rrule holds 200 characters: a longer rule is refused before it is stored (on
    PostgreSQL it used to fail there)."""
    long = "FREQ=WEEKLY;BYDAY=" + ",".join(["MO", "TU", "WE", "TH", "FR", "SA", "SU"] * 9)
    assert len(long) > 200

    with pytest.raises(WhenError) as caught:
        parse_rrule(long)

    assert caught.value.reason == "rrule_long"


@pytest.mark.parametrize(
    "text",
    [
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",  # 30 February
        "FREQ=WEEKLY;BYMONTH=4,6;BYMONTHDAY=31",  # 31 April and June
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO",  # a Monday 29 February: next in 2044
    ],
)
def test_a_rule_without_an_occurrence_in_five_years_is_refused(text: str) -> None:
    """A rule that never (or not for five years) falls on a day is refused as 'rrule_never';
    checking it takes milliseconds (`benchmarks/rrule.py`), not the seconds dateutil needs
    to search up to the year 9999."""
    with pytest.raises(WhenError) as caught:
        parse_rrule(text, start=local(2027, 3, 6, 19, 30))

    assert caught.value.reason == "rrule_never"


def test_a_rule_that_occurs_now_and_then_is_accepted() -> None:
    """Every 29 February is rare but real: accepted."""
    assert (
        parse_rrule("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29") == "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"
    )


# --- next_start -------------------------------------------------------------------------------

# Saturday 6 March 2027, 19:30 winter time (UTC+1).
FIRST = local(2027, 3, 6, 19, 30)


def test_every_six_weeks_keeps_1930_local_across_the_dst_change() -> None:
    """Six weeks after 6 March (winter time) is 17 April at 19:30 summer time: UTC moves an hour."""
    following = next_start(FIRST, tz=AMS, after=FIRST, every_weeks=6)
    assert following == datetime(2027, 4, 17, 17, 30, tzinfo=UTC)
    assert following is not None
    assert following.astimezone(AMS).strftime("%a %H:%M") == "Sat 19:30"
    assert FIRST.astimezone(AMS).utcoffset() == timedelta(hours=1)
    assert following.astimezone(AMS).utcoffset() == timedelta(hours=2)


def test_every_n_weeks_finds_the_first_occurrence_after_a_later_moment() -> None:
    """Long after the start, the next occurrence is the first one of the series after `after`."""
    # 6 March + 12 weeks = 29 May, + 18 weeks = 10 July.
    assert next_start(FIRST, tz=AMS, after=local(2027, 6, 1, 0), every_weeks=6) == local(
        2027, 7, 10, 19, 30
    )
    assert next_start(FIRST, tz=AMS, after=local(2027, 5, 29, 19, 29), every_weeks=6) == local(
        2027, 5, 29, 19, 30
    )


def test_every_n_weeks_back_to_winter_time() -> None:
    """Weekly from summer into winter time keeps 19:30 local (UTC 17:30 becomes 18:30)."""
    first = local(2027, 10, 30, 19, 30)
    assert first == datetime(2027, 10, 30, 17, 30, tzinfo=UTC)
    assert next_start(first, tz=AMS, after=first, every_weeks=1) == datetime(
        2027, 11, 6, 18, 30, tzinfo=UTC
    )


def test_an_occurrence_in_the_spring_dst_gap_is_skipped() -> None:
    """Weekly at Sunday 02:30: 28 March 2027 does not exist, so the next is 4 April."""
    first = local(2027, 3, 21, 2, 30)
    assert next_start(first, tz=AMS, after=first, every_weeks=1) == local(2027, 4, 4, 2, 30)


def test_the_first_occurrence_is_the_start_itself_while_ahead() -> None:
    """Before the series starts, its next occurrence is `first`."""
    before = FIRST - timedelta(days=1)
    assert next_start(FIRST, tz=AMS, after=before, every_weeks=2) == FIRST
    assert next_start(FIRST, tz=AMS, after=before, rrule="FREQ=WEEKLY") == FIRST


def test_a_meeting_without_recurrence_has_no_next_start() -> None:
    """Without every_weeks or rrule there is no next occurrence."""
    assert next_start(FIRST, tz=AMS, after=FIRST - timedelta(days=1)) is None
    assert next_start(FIRST, tz=AMS, after=FIRST) is None


def test_an_rrule_with_count_ends_after_the_last_occurrence() -> None:
    """FREQ=WEEKLY;COUNT=3 from 5 December gives 12 and 19 December, then nothing."""
    first = local(2026, 12, 5, 19, 30)
    rule = "FREQ=WEEKLY;COUNT=3"
    second = next_start(first, tz=AMS, after=first, rrule=rule)
    assert second == local(2026, 12, 12, 19, 30)
    third = next_start(first, tz=AMS, after=second, rrule=rule)
    assert third == local(2026, 12, 19, 19, 30)
    assert next_start(first, tz=AMS, after=third, rrule=rule) is None


def test_an_rrule_with_a_utc_until_includes_an_occurrence_at_that_moment() -> None:
    """UNTIL=20261219T183000Z (19:30 Amsterdam) keeps the 19 December meeting, then ends."""
    first = local(2026, 12, 5, 19, 30)
    rule = "FREQ=WEEKLY;UNTIL=20261219T183000Z"
    assert next_start(first, tz=AMS, after=local(2026, 12, 13, 0), rrule=rule) == local(
        2026, 12, 19, 19, 30
    )
    assert next_start(first, tz=AMS, after=local(2026, 12, 19, 19, 30), rrule=rule) is None


def test_an_rrule_with_a_date_until_includes_that_whole_day() -> None:
    """UNTIL=20261219 keeps the meeting on the evening of 19 December."""
    first = local(2026, 12, 5, 19, 30)
    rule = "FREQ=WEEKLY;UNTIL=20261219"
    assert next_start(first, tz=AMS, after=local(2026, 12, 13, 0), rrule=rule) == local(
        2026, 12, 19, 19, 30
    )


def test_an_rrule_keeps_the_local_wall_time_across_the_dst_change() -> None:
    """Every first Saturday of the month at 19:30: 3 April 2027 is 19:30 summer time."""
    assert next_start(FIRST, tz=AMS, after=FIRST, rrule="FREQ=MONTHLY;BYDAY=1SA") == datetime(
        2027, 4, 3, 17, 30, tzinfo=UTC
    )


def test_every_weeks_and_rrule_together_are_a_programming_error() -> None:
    """Giving both recurrences, or a step below one week, raises ValueError."""
    with pytest.raises(ValueError, match="not both"):
        next_start(FIRST, tz=AMS, after=FIRST, every_weeks=2, rrule="FREQ=WEEKLY")
    with pytest.raises(ValueError, match="at least 1"):
        next_start(FIRST, tz=AMS, after=FIRST, every_weeks=0)


# --- local_label ------------------------------------------------------------------------------


def test_local_label_in_dutch_and_english() -> None:
    """A UTC moment is shown in local time with short day and month names."""
    moment = datetime(2026, 12, 5, 18, 30, tzinfo=UTC)
    assert local_label(moment, AMS, "nl") == "za 5 dec 19:30"
    assert local_label(moment, AMS, "en") == "Sat 5 Dec 19:30"


def test_local_label_uses_summer_time_in_summer() -> None:
    """17:30 UTC on 10 July is 19:30 in Amsterdam."""
    moment = datetime(2027, 7, 10, 17, 30, tzinfo=UTC)
    assert local_label(moment, AMS, "nl") == "za 10 jul 19:30"
    assert local_label(moment, AMS, "en") == "Sat 10 Jul 19:30"


def test_local_label_speaks_the_language_of_the_locale_data() -> None:
    """Day and month names come from the locale data: Turkish, Arabic, any language Babel knows."""
    moment = datetime(2027, 3, 1, 8, 5, tzinfo=UTC)
    assert local_label(moment, AMS, "tr") == "Pzt 1 Mar 09:05"
    assert local_label(moment, AMS, "ar") == "الاثنين 1 مارس 09:05"
    assert local_label(moment, AMS, "fy") == "mo 1 Mrt 09:05"


@pytest.mark.parametrize(
    ("typed", "weekday"),
    [("cumartesi 19:30", 5), ("cmt 19:30", 5), ("السبت 19:30", 5), ("pazartesi 19:30", 0)],
)
def test_weekdays_are_understood_in_every_catalog_language(typed: str, weekday: int) -> None:
    """A coordinator may type the weekday in Turkish or Arabic too (Babel's day names)."""
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)

    start = parse_start(typed, now=now, tz=AMS)

    assert start.astimezone(AMS).weekday() == weekday
    assert start.astimezone(AMS).strftime("%H:%M") == "19:30"
