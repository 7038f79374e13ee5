"""What a recipient sees: the alert text in their language, its label, and feedback buttons."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.alerts.answers import Ack
from bot.buttons import Codec
from bot.i18n import LANGUAGE_NAMES, Safe, Translator
from bot.meetings.texts import rsvp_buttons
from storage.models import Alert, AlertKind


@dataclass(frozen=True, slots=True)
class Feedback:
    """A recipient's feedback button under an alert copy."""

    ack: Ack
    alert: int


ACK = Codec("al", Feedback)


@dataclass(frozen=True, slots=True)
class Rendered:
    """A ready-to-send alert message (a meeting's carries its calendar file)."""

    text: str
    markup: InlineKeyboardMarkup | None
    protect_content: bool
    attachment: tuple[str, bytes] | None = None


# Meeting messages are rendered (as HTML) when they are queued, and carry RSVP buttons.
_WITH_RSVP = (AlertKind.INVITATION, AlertKind.REMINDER, AlertKind.UPDATE)
_MEETING = (*_WITH_RSVP, AlertKind.CANCELLATION)
_PRERENDERED = (*_MEETING, AlertKind.NOTE)
# Telegram refuses a message longer than this (UTF-16 code units of its visible text).
MESSAGE_LIMIT = 4096
_TAGS = re.compile(r"</?[a-z]+>")


def alert_text(alert: Alert, language: str, default_language: str) -> str:
    """Pick the text in the recipient's language, else the default, else any."""
    texts = alert.texts
    return texts.get(language) or texts.get(default_language) or next(iter(texts.values()), "")


def ack_data(alert_id: int, ack: Ack) -> str:
    """Return the callback data of a feedback button (short, and re-checked when pressed)."""
    return ACK.encode(Feedback(ack, alert_id))


def feedback_buttons(t: Translator, language: str, alert_id: int) -> InlineKeyboardMarkup:
    """Build the 'Received / Passed on / Question' row."""
    labels = {
        Ack.RECEIVED: "btn_ack_received",
        Ack.PASSED_ON: "btn_ack_passed",
        Ack.QUESTION: "btn_ack_question",
    }
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t(language, key), callback_data=ack_data(alert_id, ack))
                for ack, key in labels.items()
            ]
        ]
    )


def render(alert: Alert, language: str, t: Translator, network: str) -> Rendered:
    """Render an alert for one recipient; internal alerts are protected from forwarding."""
    body = alert_text(alert, language, t.default_language)
    if alert.kind in _PRERENDERED:
        markup = None
        if alert.kind in _WITH_RSVP and alert.meeting_id is not None:
            markup = rsvp_buttons(t, language, alert.meeting_id)
        attachment = None
        if alert.attachment is not None:
            attachment = (alert.attachment_name or "meeting.ics", alert.attachment.encode())
        # Meeting messages say who meets where and when, notes to coordinators name members:
        # neither is for forwarding.
        protect = alert.kind in _MEETING or alert.kind is AlertKind.NOTE
        return Rendered(Safe(body), markup, protect, attachment)
    if alert.kind is AlertKind.NEWS:
        header_key = "news_header"
    else:
        header_key = "alert_header_urgent" if alert.urgent else "alert_header"
    header = t(language, header_key, network=network, number=alert.id)
    if alert.shareable:
        # A <pre> block is copied with one tap in Telegram's apps: the clean text to pass on,
        # then the other languages' texts, as many as fit, for passing on in those.
        text = Safe(f"{header}\n{t(language, 'alert_shareable')}\n<pre>{_escape(body)}</pre>")
        text = _with_other_languages(text, alert, body, language, t)
    else:
        text = Safe(f"{header}\n{t(language, 'alert_internal')}\n\n{_escape(body)}")
    return Rendered(text, feedback_buttons(t, language, alert.id), not alert.shareable)


def _with_other_languages(
    text: Safe, alert: Alert, body: str, language: str, t: Translator
) -> Safe:
    """Add a copy block per other language of a shareable alert, while the message fits."""
    others = [(code, other) for code, other in alert.texts.items() if other != body]
    if not others:
        return text
    parts = [text, "", t(language, "alert_other_languages")]
    length = _visible_length("\n".join(parts))
    for code, other in others:
        block = f"{LANGUAGE_NAMES.get(code, code)}:\n<pre>{_escape(other)}</pre>"
        added = _visible_length(block) + 1
        if length + added > MESSAGE_LIMIT:
            continue
        parts.append(block)
        length += added
    return text if len(parts) == 3 else Safe("\n".join(parts))


def _visible_length(markup: str) -> int:
    """Count what Telegram counts: the text without its tags, in UTF-16 code units."""
    plain = html.unescape(_TAGS.sub("", markup))
    return len(plain.encode("utf-16-le")) // 2


def reminder(alert: Alert, language: str, t: Translator, network: str) -> Rendered:
    """Render the one-time reminder for someone who has not acknowledged."""
    text = t(language, "alert_reminder", network=network, number=alert.id)
    return Rendered(text, feedback_buttons(t, language, alert.id), False)


def _escape(body: str) -> str:
    return html.escape(body, quote=False)
