"""What meeting messages say: invitation, reminder, moved, cancelled, in each language."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.buttons import Codec
from bot.config import Config
from bot.i18n import Safe, Translator
from bot.meetings.when import local_label
from bot.text_keys import BTN_RSVP
from storage.meeting_models import Meeting, Rsvp


@dataclass(frozen=True, slots=True)
class RsvpChoice:
    """An RSVP button under a meeting invitation or reminder."""

    answer: Rsvp
    meeting: int


RSVP = Codec("mt", RsvpChoice)
# Captions (the invitation travels as a calendar file) hold at most 1024 characters: the
# template takes about 250, so title, place and agenda share the rest.
TITLE_ROOM, PLACE_ROOM, AGENDA_ROOM = 120, 200, 350


def when(meeting: Meeting, config: Config, lang: str) -> str:
    """Return 'za 5 dec 19:30–21:30' in the network's time zone."""
    assert meeting.starts_at is not None and meeting.ends_at is not None
    tz = config.network.timezone
    start = local_label(meeting.starts_at, tz, lang)
    end = meeting.ends_at.astimezone(tz)
    same_day = end.date() == meeting.starts_at.astimezone(tz).date()
    return (
        f"{start}–{end:%H:%M}"
        if same_day
        else f"{start} – {local_label(meeting.ends_at, tz, lang)}"
    )


def message(meeting: Meeting, t: Translator, config: Config, lang: str, key: str) -> str:
    """Render a meeting message in one language (HTML, fit for a caption)."""
    agenda = _cut((meeting.agenda or "").strip(), AGENDA_ROOM)
    return t(
        lang,
        key,
        title=_cut(meeting.title, TITLE_ROOM),
        when=when(meeting, config, lang),
        location=_cut(meeting.location or "", PLACE_ROOM) or t(lang, "meeting_no_location"),
        agenda=Safe(f"\n\n{t(lang, 'meeting_agenda', agenda=agenda)}") if agenda else "",
        network=config.network.name,
    )


def _cut(text: str, room: int) -> str:
    """Shorten to `room` UTF-16 code units (Telegram's measure), marking the cut."""
    if len(text.encode("utf-16-le")) // 2 <= room:
        return text
    while len(text.encode("utf-16-le")) // 2 > room - 1:
        text = text[:-1]
    return text + "…"


def rsvp_data(meeting_id: int, answer: Rsvp) -> str:
    """Return the callback data of an RSVP button."""
    return RSVP.encode(RsvpChoice(answer, meeting_id))


def rsvp_buttons(t: Translator, lang: str, meeting_id: int) -> InlineKeyboardMarkup:
    """Build the Yes / Maybe / No row."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t(lang, BTN_RSVP[a]), callback_data=rsvp_data(meeting_id, a))
                for a in (Rsvp.YES, Rsvp.MAYBE, Rsvp.NO)
            ]
        ]
    )
