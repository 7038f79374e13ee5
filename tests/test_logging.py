"""Specification of log redaction: the bot token never reaches a log line."""

from __future__ import annotations

import json
import logging
from types import TracebackType

from telegram.error import InvalidToken

from bot.logsetup import LibraryGuard, RedactingFormatter, RedactingJsonFormatter, frames

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]
TOKEN = "987654321:AAHsecretSECRETsecret_-0123456789abc"


def _record(msg: str, *args: object, exc_info: ExcInfo | None = None) -> logging.LogRecord:
    return logging.LogRecord(
        name="telegram.ext.Updater",
        level=logging.ERROR,
        pathname=__file__,
        lineno=1,
        msg=msg,
        args=args,
        exc_info=exc_info,
    )


def test_formatter_removes_the_token_from_the_message() -> None:
    """A token in the message or its arguments is replaced by '***'."""
    formatter = RedactingFormatter([TOKEN])
    record = _record("POST https://api.telegram.org/bot%s/getUpdates failed (%s)", TOKEN, TOKEN)

    line = formatter.format(record)

    assert TOKEN not in line
    assert "https://api.telegram.org/bot***/getUpdates failed (***)" in line


def test_formatter_removes_the_token_from_a_traceback() -> None:
    """A token inside an exception message and its traceback is replaced by '***'."""
    formatter = RedactingFormatter([TOKEN])
    try:
        msg = f"cannot reach https://api.telegram.org/bot{TOKEN}/getMe"
        raise ConnectionError(msg)
    except ConnectionError as error:
        record = _record("polling failed", exc_info=(type(error), error, error.__traceback__))

    line = formatter.format(record)

    assert "Traceback (most recent call last)" in line
    assert "ConnectionError: cannot reach https://api.telegram.org/bot***/getMe" in line
    assert TOKEN not in line


def test_formatter_removes_every_secret_and_ignores_empty_ones() -> None:
    """Each configured secret is redacted; an empty secret does not blank out the whole line."""
    formatter = RedactingFormatter([TOKEN, "", "db-password"], fmt="%(message)s")

    line = formatter.format(_record("token=%s password=%s", TOKEN, "db-password"))

    assert line == "token=*** password=***"


def test_a_url_encoded_token_and_its_secret_half_are_redacted_too() -> None:
    """'123:abc' also appears as '123%3Aabc' in URLs, and the half after ':' is the secret."""
    formatter = RedactingFormatter([TOKEN])
    secret = TOKEN.partition(":")[2]
    record = _record("GET /bot%s/getMe and %s", TOKEN.replace(":", "%3A"), secret)

    line = formatter.format(record)

    assert secret not in line and "%3A" not in line


def test_library_payload_dumps_keep_what_people_wrote_out_of_the_log() -> None:
    """PTB's 'Received data was [...]' (whole updates) is trimmed to one line without data."""
    guard = LibraryGuard()
    try:
        raise TypeError("Message.__init__() missing chat")
    except TypeError as error:
        record = _record(
            "Error while parsing updates! Received data was %r",
            [{"message": {"text": "mijn telefoonnummer is 0612345678"}}],
            exc_info=(type(error), error, error.__traceback__),
        )

    kept = guard.filter(record)

    line = RedactingFormatter([]).format(record)
    assert kept and "0612345678" not in line and "Traceback" not in line
    assert "received data withheld" in line


def test_a_rejected_token_is_left_to_the_command_line() -> None:
    """A library record about an invalid token is dropped: `sleutelnet run` says it in one line."""
    error = InvalidToken("The token `1:x` was rejected by the server.")
    record = _record("Invalid token", exc_info=(type(error), error, None))

    assert LibraryGuard().filter(record) is False


def test_frames_say_where_an_error_happened_but_not_what_it_said() -> None:
    """The error log shows the code path of every exception in the chain, never a message."""
    typed = "naam=mijn " + "buur" + "man"  # what a person typed: in no source line
    try:
        try:
            raise ValueError(typed)
        except ValueError as inner:
            raise RuntimeError(f"failed for {typed}") from inner
    except RuntimeError as error:
        shown = frames(error)

    assert "ValueError" in shown and "RuntimeError" in shown and "test_logging.py" in shown
    assert "buurman" not in shown


def test_times_are_utc_with_their_offset() -> None:
    """A log line starts with the time in UTC and says so (+00:00), whatever the server's zone."""
    record = _record("hello")
    record.created = 1_796_000_000.25  # 2026-11-30 00:53:20.250 UTC

    line = RedactingFormatter([]).format(record)

    assert line.startswith("2026-11-30T00:53:20.250+00:00 ERROR telegram.ext.Updater: hello")


def test_json_lines_carry_time_level_logger_and_message_without_secrets() -> None:
    """log_format = "json": one JSON object per line, the same fields, the token redacted."""
    record = _record("calling %s", f"https://api.telegram.org/bot{TOKEN}/getMe")
    record.created = 1_796_000_000.25

    line = RedactingJsonFormatter([TOKEN]).format(record)

    data = json.loads(line)
    assert data == {
        "time": "2026-11-30T00:53:20.250+00:00",
        "level": "ERROR",
        "logger": "telegram.ext.Updater",
        "message": "calling https://api.telegram.org/bot***/getMe",
    }
    assert "\n" not in line and "AAHsecret" not in line
