"""What signals look like in chat: the reporter's form and receipt, the coordinators' card,
relayed thread entries, and the buttons with their callback data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.buttons import Codec, Pressed
from bot.config import Config
from bot.i18n import Safe, Translator
from bot.text_keys import SIGNAL_KIND, SIGNAL_URGENCY
from storage.signal_models import EntryKind, Signal, SignalStatus, Urgency

# Form actions: theme, urgency, neighbourhood list, neighbourhood choice, anonymous, send,
# cancel, back to the form; "+" on a receipt adds to a filed signal.
THEME, URGENCY, WIJKEN, WIJK, ANONYMOUS, SEND, CANCEL, BACK, ADD = (
    "t", "u", "w", "ws", "a", "s", "c", "b", "+",
)  # fmt: skip
NO_WIJK = "x"
# Desk actions: reply, take, close (ask), close with a message, close without, never mind.
REPLY, TAKE, CLOSE, CLOSE_MESSAGE, CLOSE_SILENT, DISMISS = "r", "t", "c", "cm", "cn", "x"
# The reporter's buttons (form and receipt) and the coordinators' buttons (card).
FORM = Codec(
    "sf",
    Pressed,
    choices={"action": (THEME, URGENCY, WIJKEN, WIJK, ANONYMOUS, SEND, CANCEL, BACK, ADD)},
)
DESK = Codec(
    "sd", Pressed, choices={"action": (REPLY, TAKE, CLOSE, CLOSE_MESSAGE, CLOSE_SILENT, DISMISS)}
)
# Telegram allows 1024 characters in a caption (counted without the HTML tags).
CAPTION_LIMIT = 1024


@dataclass(frozen=True, slots=True)
class Names:
    """The people a card mentions, already resolved."""

    reporter: str | None
    assignee: str | None
    closer: str | None


def data(codec: Codec[Pressed], action: str, number: int, arg: str | int | None = None) -> str:
    """Return callback data such as 'sf:t:17:0' (re-checked against the store when pressed)."""
    return codec.encode(Pressed(action, number, "" if arg is None else str(arg)))


def theme_label(config: Config, key: str | None, t: Translator, lang: str) -> str:
    """Return a theme's label in the reader's language, or 'no theme'."""
    theme = config.network.theme(key) if key else None
    return theme.label(lang) if theme else t(lang, "signal_no_theme")


def _button(label: str, callback: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callback)


def _tick(chosen: bool, label: str) -> str:
    return f"✓ {label}" if chosen else label


def form_text(
    t: Translator, config: Config, lang: str, signal: Signal, parts: int, minutes: int
) -> Safe:
    """Render the reporter's draft form: what will be sent, and how to change it."""
    return t(
        lang,
        "signal_form",
        theme=theme_label(config, signal.theme, t, lang),
        urgency=t(lang, SIGNAL_URGENCY[signal.urgency]),
        wijk=signal.wijk or t(lang, "signal_no_wijk"),
        name=t(lang, "signal_form_name_hidden" if signal.anonymous else "signal_form_name_shown"),
        parts=parts,
        minutes=minutes,
    )


def form_buttons(
    t: Translator, config: Config, lang: str, signal: Signal, themes: Sequence[str]
) -> InlineKeyboardMarkup:
    """Build the form's buttons: consented themes, urgency, neighbourhood, name, send/cancel."""
    number = signal.id
    rows = [
        [
            _button(
                _tick(key == signal.theme, theme_label(config, key, t, lang)),
                data(FORM, THEME, number, index),
            )
        ]
        for index, key in enumerate(themes)
    ]
    urgent = signal.urgency is Urgency.URGENT
    rows.append(
        [
            _button(
                _tick(not urgent, t(lang, "btn_signal_normal")), data(FORM, URGENCY, number, 0)
            ),
            _button(_tick(urgent, t(lang, "btn_signal_urgent")), data(FORM, URGENCY, number, 1)),
        ]
    )
    if config.network.neighbourhoods:
        wijk = signal.wijk or t(lang, "signal_no_wijk")
        rows.append([_button(t(lang, "btn_signal_wijk", wijk=wijk), data(FORM, WIJKEN, number))])
    hidden = "btn_signal_name_hidden" if signal.anonymous else "btn_signal_name_shown"
    rows.append([_button(t(lang, hidden), data(FORM, ANONYMOUS, number))])
    rows.append(
        [
            _button(t(lang, "btn_signal_send"), data(FORM, SEND, number)),
            _button(t(lang, "btn_cancel"), data(FORM, CANCEL, number)),
        ]
    )
    return InlineKeyboardMarkup(rows)


def wijk_buttons(t: Translator, config: Config, lang: str, signal: Signal) -> InlineKeyboardMarkup:
    """Build the neighbourhood choice, two per row, with 'none' and 'back'."""
    number = signal.id
    choices = [
        _button(_tick(wijk == signal.wijk, wijk), data(FORM, WIJK, number, index))
        for index, wijk in enumerate(config.network.neighbourhoods)
    ]
    rows = [choices[i : i + 2] for i in range(0, len(choices), 2)]
    rows.append(
        [
            _button(t(lang, "signal_no_wijk"), data(FORM, WIJK, number, NO_WIJK)),
            _button(t(lang, "btn_back"), data(FORM, BACK, number)),
        ]
    )
    return InlineKeyboardMarkup(rows)


def receipt_buttons(t: Translator, lang: str, number: int) -> InlineKeyboardMarkup:
    """Build the receipt's 'add something' button."""
    return InlineKeyboardMarkup(
        [[_button(t(lang, "btn_signal_add", number=number), data(FORM, ADD, number))]]
    )


def card_text(
    t: Translator,
    config: Config,
    lang: str,
    signal: Signal,
    names: Names,
    body: str | None,
    *,
    attachments: int,
    filed: str,
) -> Safe:
    """Render the coordinators' card: number, urgency, theme, neighbourhood, reporter, text."""
    title = "signal_card_urgent" if signal.urgency is Urgency.URGENT else "signal_card"
    reporter = names.reporter or t(lang, "signal_reporter_gone")
    lines = [
        t(lang, title, number=signal.id),
        t(
            lang,
            "signal_card_facts",
            theme=theme_label(config, signal.theme, t, lang),
            wijk=signal.wijk or t(lang, "signal_no_wijk"),
            name=reporter,
            when=filed,
        ),
    ]
    if signal.anonymous:
        lines.append(t(lang, "signal_card_anonymous"))
    lines.append(state_line(t, lang, signal, names))
    if body:
        lines.append(t(lang, "signal_card_body", text=body))
    if attachments:
        lines.append(t(lang, "signal_card_attachments", count=attachments))
    return Safe("\n".join(lines))


def state_line(t: Translator, lang: str, signal: Signal, names: Names) -> Safe:
    """Say where the signal stands: open, taken by someone, closed by someone."""
    if signal.status is SignalStatus.CLOSED:
        return t(lang, "signal_state_closed", name=names.closer or "?")
    if signal.status is SignalStatus.TAKEN:
        return t(lang, "signal_state_taken", name=names.assignee or "?")
    return t(lang, "signal_state_open")


def card_buttons(t: Translator, lang: str, signal: Signal) -> InlineKeyboardMarkup | None:
    """Build Reply / Take / Close; a closed signal has none."""
    if signal.status is SignalStatus.CLOSED:
        return None
    number = signal.id
    row = [_button(t(lang, "btn_signal_reply"), data(DESK, REPLY, number))]
    if signal.status is SignalStatus.OPEN:
        row.append(_button(t(lang, "btn_signal_take"), data(DESK, TAKE, number)))
    row.append(_button(t(lang, "btn_signal_close"), data(DESK, CLOSE, number)))
    return InlineKeyboardMarkup([row])


def close_buttons(t: Translator, lang: str, number: int) -> InlineKeyboardMarkup:
    """Build the close question's choices."""
    return InlineKeyboardMarkup(
        [
            [_button(t(lang, "btn_signal_close_message"), data(DESK, CLOSE_MESSAGE, number))],
            [_button(t(lang, "btn_signal_close_silent"), data(DESK, CLOSE_SILENT, number))],
            [_button(t(lang, "btn_cancel"), data(DESK, DISMISS, number))],
        ]
    )


def dismiss_button(t: Translator, lang: str, number: int) -> InlineKeyboardMarkup:
    """Build a lone 'cancel' button for a reply or closing message being typed."""
    return InlineKeyboardMarkup([[_button(t(lang, "btn_cancel"), data(DESK, DISMISS, number))]])


def entry_header(t: Translator, lang: str, number: int, name: str | None) -> Safe:
    """Head a relayed addition: which signal, from whom."""
    return t(
        lang, "signal_entry_header", number=number, name=name or t(lang, "signal_reporter_gone")
    )


def caption(header: Safe, text: str | None, t: Translator, lang: str, number: int) -> Safe:
    """Combine a header and a media caption within Telegram's caption limit."""
    if not text:
        return header
    whole = Safe(f"{header}\n{t(lang, 'signal_card_body', text=text)}")
    if len(whole) <= CAPTION_LIMIT:  # the HTML only makes this an overestimate
        return whole
    room = CAPTION_LIMIT - len(header) - len(t(lang, "signal_caption_cut", text="", number=number))
    cut = t(lang, "signal_caption_cut", text=text[: max(0, room - 2)] + "…", number=number)
    return Safe(f"{header}\n{cut}")


def thread_line(
    t: Translator, lang: str, kind: EntryKind, when: str, who: str, text: str | None
) -> Safe:
    """Render one line of a signal's thread for /signal N."""
    label = "" if kind is EntryKind.TEXT else f"[{t(lang, SIGNAL_KIND[kind])}] "
    what = f"{label}{text or ''}"
    return t(lang, "signal_thread_line", when=when, name=who, text=what.strip())
