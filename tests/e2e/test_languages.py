"""End to end over HTTP: a Turkish- or Arabic-speaking key person goes through onboarding, their
data, a signal, an alert and a meeting entirely in their language, and sees no Dutch.

Every expected text comes from the catalogs through the Translator; only what people type
themselves (a signal, the coordinator's alert text) is written out here.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from babel.dates import format_datetime
from icalendar import Calendar
from sqlalchemy import select

from bot.config import Config
from bot.demo import NEIGHBOURHOODS
from bot.i18n import LANGUAGE_NAMES, Translator
from bot.mydata import JSON_NAME, TEXT_NAME
from bot.sandbox import Sandbox, SentMessage, SimulatedUser
from bot.sandbox.html import strip_html
from storage.models import Alert, PersonStatus
from tests.conftest import RATE_SCALE
from tests.e2e.test_meetings import START as MEETING_START
from tests.e2e.test_meetings import plan
from tests.factories import Harness, bot_config
from tests.timeline import AMSTERDAM

T = Translator("nl")
NL = "nl"
NETWORK = "Sleutelnetwerk Delft"
THEME = "radicalisation-polarisation"
EXAMPLE_CONFIG = Path(__file__).resolve().parents[2] / "config.example.toml"

# What the people themselves type: the key person's signal and the coordinator's alert texts.
NAMES = {"tr": "Elif Yıldız", "ar": "Amira Haddad"}
SIGNALS = {
    "tr": "Gençler arasında gerginlik var, gece parkta toplanıyorlar.",
    "ar": "هناك توتر بين الشباب، يجتمعون في الحديقة ليلاً.",
}
ALERTS = {
    "tr": "Bu akşam saat 20:00'de mahalle evinde toplantı.",
    "ar": "اجتماع الليلة الساعة 20:00 في بيت الحي.",
}
ALERT_NL = "Vanavond om 20:00 bijeenkomst in het buurthuis."

# Distinctive Dutch that must never reach a Turkish or Arabic reader.
DUTCH = (
    "Verder",
    "Klaar",
    "Bericht van",
    "Toestemming",
    "Welkom",
    "Versturen",
    "Ontvangen",
    "Uitnodiging",
    "Nieuw signaal",
    "Ik kom",
    ALERT_NL,
)


@pytest.fixture
def config(sandbox: Sandbox, database_url: str) -> Config:
    """The sandbox configuration with the themes and privacy notice of config.example.toml,
    which name every theme and give the notice in Turkish and Arabic too."""
    example = tomllib.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))["network"]
    network = {
        "name": NETWORK,
        "neighbourhoods": list(NEIGHBOURHOODS),
        "themes": example["themes"],
        "privacy_notice": example["privacy_notice"],
    }
    return bot_config(sandbox, database_url, rate_scale=RATE_SCALE, network=network)


def shown(text: str) -> str:
    """Return Telegram HTML as a person reads it."""
    return strip_html(text)


def first_line(lang: str, key: str, **values: object) -> str:
    """Return the first line of a catalog text in `lang`, as a person reads it."""
    return shown(T.template(lang, key).split("\n")[0].format(**values))


def documents(user: SimulatedUser) -> list[SentMessage]:
    """Return the files the bot sent a person."""
    return [m for m in user.received() if m.kind == "document"]


def with_buttons(user: SimulatedUser, labels: Sequence[str]) -> SentMessage:
    """Return the newest message a person received with exactly these buttons."""
    return next(m for m in reversed(user.received()) if m.button_texts == list(labels))


def assert_no_dutch(what: str, where: str) -> None:
    """Fail if a distinctive Dutch word is in something the key person sees."""
    leaked = [word for word in DUTCH if word.casefold() in what.casefold()]
    assert not leaked, f"Dutch {leaked} in {where}: {what!r}"


async def alert_in(h: Harness, lang: str) -> int:
    """The coordinator writes a Dutch alert, adds the text in `lang`, and sends it to everyone;
    return its number once every copy is out."""
    sanne = h.coordinator
    await h.say(sanne, "/alert")
    await h.say(sanne, ALERT_NL)
    await h.press(sanne, T(NL, "btn_alert_add_language", language=LANGUAGE_NAMES[lang]))
    await h.say(sanne, ALERTS[lang])
    await h.press(sanne, T(NL, "btn_continue"))
    await h.press(sanne, T(NL, "btn_audience_all"))
    await h.press(sanne, T(NL, "btn_send_now"))
    confirmed = await h.press(sanne, "Verstuur naar")
    assert confirmed is not None and confirmed.startswith("Bericht #"), confirmed
    await h.drained()
    async with h.db.begin() as session:
        return (await session.scalars(select(Alert.id).order_by(Alert.id.desc()).limit(1))).one()


@pytest.mark.parametrize("lang", ["tr", "ar"], ids=["turkish", "arabic"])
async def test_a_key_person_goes_through_everything_in_their_own_language(
    harness: Harness, lang: str
) -> None:
    """A Turkish/Arabic-speaking key person goes through onboarding, /privacy, /mydata, a
    signal, an alert and a meeting entirely in their language: every text and button comes
    from their catalog, dates carry their month names, and nothing Dutch reaches them."""
    h = harness
    name = NAMES[lang]
    configured = h.config.network.theme(THEME)
    assert configured is not None
    theme = configured.label(lang)
    tz = h.config.network.timezone
    user = h.sandbox.user(2002, name.split()[0], language_code=lang)
    answers: list[str | None] = []

    async def press(button: str, message: SentMessage | None = None) -> str | None:
        await user.press(button, message=message)
        said = (await user.expect_answer()).text
        answers.append(said)
        return said

    # 1. Their Telegram app is in their language; the invitation was made without one.
    welcome = await h.say(user, f"/start {await h.invite(name)}")
    assert welcome.plain_text().split("\n")[0] == first_line(
        lang, "welcome", name=name, network=NETWORK
    )
    notice = h.config.network.privacy_notice
    assert notice.text(lang, NL) in welcome.plain_text()
    assert T(lang, "btn_continue") in welcome.button_texts
    await press(T(lang, "btn_continue"))
    consent = user.last()
    assert consent.plain_text().split("\n")[0] == first_line(lang, "consent_intro")
    assert await press(T(lang, "btn_consent", theme=theme)) == T(
        lang, "consent_recorded", theme=theme
    )
    await press(T(lang, "btn_continue"))
    assert user.last().plain_text() == shown(T(lang, "wijk_intro"))
    await press(T(lang, "btn_done"))
    assert user.last().plain_text() == shown(T(lang, "onboarding_done", network=NETWORK))
    person = await h.person(2002)
    assert person is not None
    assert (person.status, person.language) == (PersonStatus.ACTIVE, lang)

    # 2. What is kept about them, told and handed over in their language.
    privacy = (await h.say(user, "/privacy")).plain_text()
    assert privacy.split("\n")[0] == first_line(lang, "privacy", version=notice.version)
    consent_line = T(
        lang,
        "privacy_consent_line",
        theme=theme,
        state=T(lang, "consent_granted"),
        date=T.moment(lang, h.clock.now(), tz),
        version=notice.version,
    )
    for expected in (
        T(lang, "role_key_person"),
        T(lang, "status_active"),
        LANGUAGE_NAMES[lang],
        T.moment(lang, h.clock.now(), tz, time=False),
        shown(consent_line),
    ):
        assert expected in privacy
    await h.say(user, "/mydata")
    await h.sandbox.wait_until(lambda: len(documents(user)) == 2)
    readable, machine = documents(user)
    assert (readable.file_name, machine.file_name) == (TEXT_NAME, JSON_NAME)
    assert machine.caption == shown(T(lang, "mydata_caption"))
    text = (readable.file_bytes or b"").decode("utf-8")
    assert text.split("\n")[0] == shown(T(lang, "mydata_title", network=NETWORK))
    for section in ("mydata_section_consents", "mydata_section_signals_reported"):
        assert f"== {shown(T(lang, section))} ==" in text
    assert_no_dutch(text, TEXT_NAME)
    data: dict[str, Any] = json.loads(machine.file_bytes or b"{}")
    assert data["data"]["account"]["profile"]["language"] == lang

    # 3. A signal: the form, its buttons, the answer and the receipt are in their language.
    form = await h.say(user, SIGNALS[lang])
    minutes = int(h.config.signals.draft_timeout.total_seconds() // 60)
    assert form.plain_text() == shown(
        T(
            lang,
            "signal_form",
            theme=theme,
            urgency=T(lang, "signal_urgency_normal"),
            wijk=T(lang, "signal_no_wijk"),
            name=T(lang, "signal_form_name_hidden"),
            parts=1,
            minutes=minutes,
        )
    )
    form_buttons = form.button_texts
    assert {T(lang, "btn_signal_send"), T(lang, "btn_cancel")} <= set(form_buttons)
    assert await press(T(lang, "btn_signal_send"), message=form) == T(lang, "signal_sent", number=1)
    receipt = await user.next_message()
    await h.drained()
    assert receipt.plain_text() == shown(T(lang, "signal_receipt", number=1))
    assert receipt.button_texts == [T(lang, "btn_signal_add", number=1)]
    await h.sandbox.wait_until(
        lambda: form.plain_text() == shown(T(lang, "signal_form_filed", number=1))
    )

    # 4. An alert written in Dutch with a text in their language: they get theirs.
    number = await alert_in(h, lang)
    feedback = [T(lang, key) for key in ("btn_ack_received", "btn_ack_passed", "btn_ack_question")]
    copy = with_buttons(user, feedback)
    assert copy.plain_text().split("\n")[0] == shown(
        T(lang, "alert_header", network=NETWORK, number=number)
    )
    assert ALERTS[lang] in copy.plain_text()
    assert ALERT_NL not in copy.plain_text()
    assert await press(T(lang, "btn_ack_received"), message=copy) == T(lang, "alert_ack_thanks")

    # 5. A meeting: the invitation, its calendar file, the dates and the answers are theirs.
    await plan(h)
    rsvp = [T(lang, key) for key in ("btn_rsvp_yes", "btn_rsvp_maybe", "btn_rsvp_no")]
    invitation = with_buttons(user, rsvp)
    assert invitation.kind == "document"
    assert invitation.file_name is not None and invitation.file_name.endswith(".ics")
    [event] = Calendar.from_ical(invitation.file_bytes or b"").walk("VEVENT")
    assert event.decoded("DTSTART") == MEETING_START
    caption = invitation.plain_text()
    assert caption.split("\n")[0] == first_line(lang, "meeting_invitation", title="Netwerkoverleg")
    month = format_datetime(MEETING_START, "MMM", tzinfo=AMSTERDAM, locale=lang)
    dutch_month = format_datetime(MEETING_START, "MMM", tzinfo=AMSTERDAM, locale=NL)
    weekday = format_datetime(MEETING_START, "EEE", tzinfo=AMSTERDAM, locale=lang)
    assert month in caption and weekday in caption
    assert dutch_month not in caption
    assert await press(T(lang, "btn_rsvp_yes"), message=invitation) == T(lang, "meeting_rsvp_yes")

    # Throughout: every message had something to read, and none of it was Dutch.
    for message in user.received():
        assert message.plain_text().strip() or message.file_bytes, message
        assert_no_dutch(message.plain_text(), f"message {message.message_id}")
        for button in message.button_texts:
            assert_no_dutch(button, f"a button of message {message.message_id}")
    for said in answers:
        assert_no_dutch(said or "", "a button's answer")
