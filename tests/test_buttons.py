"""Button codecs: unique prefixes, strict decoding of forged data, Telegram's 64-byte limit,
and the same data on the wire as before the codecs (buttons in old chats keep working)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import pytest

from bot.alerts import render, status
from bot.alerts.answers import Ack
from bot.buttons import MAX_BYTES, Codec, Pressed, codec_of, registered
from bot.errors import StaleAction
from bot.meetings import texts
from handlers import account, discover, onboarding
from storage.meeting_models import Rsvp


class Colour(enum.StrEnum):
    """A test enum."""

    RED = "r"
    BLUE = "b"


@dataclass(frozen=True, slots=True)
class Paint:
    """A test payload: an enum, an integer and an optional word."""

    colour: Colour
    wall: int
    note: str = ""


PAINT = Codec("test-paint", Paint)


def test_a_value_survives_the_round_trip() -> None:
    """What is encoded decodes to the same value, with or without the optional field."""
    for value in (Paint(Colour.RED, 7), Paint(Colour.BLUE, 123456789, "x-1")):
        assert PAINT.decode(PAINT.encode(value)) == value


def test_trailing_defaults_are_left_out() -> None:
    """Optional fields at their default take no room."""
    assert PAINT.encode(Paint(Colour.RED, 7)) == "test-paint:r:7"
    assert PAINT.encode(Paint(Colour.RED, 7, "n")) == "test-paint:r:7:n"


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "test-paint",
        "test-paint:",
        "test-paint:r",
        "test-paint:g:7",
        "test-paint:r:-7",
        "test-paint:r:+7",
        "test-paint:r:7.0",
        "test-paint:r:１２",  # full-width digits are digits to Python, not to us
        "test-paint:r:1234567890",
        "test-paint:r:7:a:b",
        "test-paint:r:7:<b>",
        "other:r:7",
        "test-painter:r:7",
        "test-paint:r:7:" + "a" * 60,
    ],
)
def test_forged_or_foreign_data_is_stale(data: str | None) -> None:
    """Anything that is not exactly what the codec writes is refused as a stale button."""
    with pytest.raises(StaleAction):
        PAINT.decode(data)


def test_declared_choices_are_the_only_words_accepted() -> None:
    """A field with choices takes exactly those, both ways."""
    codec = Codec("test-choice", Pressed, choices={"action": ("go", "+")})
    assert codec.decode("test-choice:+:3") == Pressed("+", 3)
    with pytest.raises(StaleAction):
        codec.decode("test-choice:stop:3")
    with pytest.raises(ValueError, match="cannot carry"):
        codec.encode(Pressed("stop", 3))


def test_a_prefix_can_be_used_once() -> None:
    """Two kinds of button can never share a prefix."""
    with pytest.raises(ValueError, match="already used"):
        Codec("test-paint", Paint)


def test_data_over_telegrams_limit_is_refused_when_encoding() -> None:
    """A button that Telegram would refuse is a programming error, caught before sending."""
    codec = Codec("test-long", Pressed)
    with pytest.raises(ValueError, match=f"longer than {MAX_BYTES}"):
        codec.encode(Pressed("a" * 30, 1, "b" * 30))


def test_every_declared_button_has_its_own_registered_codec() -> None:
    """The features' buttons and the registry agree, and the gate finds a codec by its data."""
    features = discover()
    declared = {b.codec.prefix for b in features.buttons.values()}
    assert declared <= set(registered())
    for prefix in declared:
        assert codec_of(f"{prefix}:1") is registered()[prefix]


def test_the_wire_format_is_what_chats_already_hold() -> None:
    """Buttons sent before the codecs still decode to what they meant."""
    assert render.ACK.decode("al:q:12") == render.Feedback(Ack.QUESTION, 12)
    assert render.ack_data(12, Ack.RECEIVED) == "al:r:12"
    assert texts.RSVP.decode("mt:yes:4") == texts.RsvpChoice(Rsvp.YES, 4)
    assert status.manage_data(status.EDIT, 9) == "as:e:9"
    assert onboarding.OB.decode("ob:lang:en") == onboarding.Step("lang", "en")
    assert onboarding.OB.decode("ob:next") == onboarding.Step("next")
    assert account.STOP.decode("stop:yes") == account.StopAnswer("yes")
    # Older pages wrote an empty argument with a trailing colon.
    assert registered()["md"].decode("md:who:3:") == Pressed("who", 3)
