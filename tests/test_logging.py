"""Specification of log redaction: the bot token never reaches a log line."""

from __future__ import annotations

import logging
from types import TracebackType

from bot.logsetup import RedactingFormatter

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
