"""Logging that never writes a bot token, whatever a library puts in its messages."""

from __future__ import annotations

import logging
import traceback
from datetime import UTC, datetime
from urllib.parse import quote

from pythonjsonlogger.json import JsonFormatter
from telegram.error import InvalidToken

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
JSON_FIELDS = ("asctime", "levelname", "name", "message")


def _utc(record: logging.LogRecord) -> str:
    """Return the record's time in UTC with its offset, e.g. 2026-12-06T17:50:51.013+00:00."""
    return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


class _Secrets:
    """The spellings of every secret, longest first."""

    def __init__(self, secrets: list[str]) -> None:
        spelled: set[str] = set()
        for secret in filter(None, secrets):
            # A bot token also appears URL-encoded (":" as "%3A") and by its secret half.
            _, _, half = secret.partition(":")
            spelled.update({secret, quote(secret, safe=""), *([half] if len(half) >= 8 else [])})
        self.spelled = sorted(spelled, key=len, reverse=True)

    def redact(self, text: str) -> str:
        """Return the text with every secret replaced by '***'."""
        for secret in self.spelled:
            text = text.replace(secret, "***")
        return text


class RedactingFormatter(logging.Formatter):
    """Format records, tracebacks included, with every secret replaced by '***'."""

    def __init__(self, secrets: list[str], fmt: str = FORMAT) -> None:
        super().__init__(fmt)
        self.secrets = _Secrets(secrets)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        """Return the time in UTC with its offset."""
        return _utc(record)

    def format(self, record: logging.LogRecord) -> str:
        """Render the record, then blank out secrets."""
        return self.secrets.redact(super().format(record))


class RedactingJsonFormatter(JsonFormatter):
    """One JSON object per record (time, level, logger, message), secrets blanked out."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__(
            " ".join(f"%({name})s" for name in JSON_FIELDS),
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
        self.secrets = _Secrets(secrets)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        """Return the time in UTC with its offset."""
        return _utc(record)

    def format(self, record: logging.LogRecord) -> str:
        """Render the record as JSON, then blank out secrets."""
        return self.secrets.redact(super().format(record))


OWN_LOGGERS = ("bot", "handlers", "storage")
# Library messages that dump what Telegram sent: whole updates, with what people wrote.
PAYLOAD_DUMPS = ("Received data was", "Received data")


class LibraryGuard(logging.Filter):
    """Keep libraries' records from carrying received data or a rejected token."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Drop or trim a library record; our own records pass unchanged."""
        if record.name.split(".")[0] in OWN_LOGGERS:
            return True
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, InvalidToken):
            return False  # the command line says so in one line, without the token
        if any(marker in str(record.msg) for marker in PAYLOAD_DUMPS):
            record.msg = "%s (received data withheld from the log)"
            record.args = (type(error).__name__ if error else "library error",)
            record.exc_info = record.exc_text = None
        return True


def configure(level: str, secrets: list[str], log_format: str = "text") -> None:
    """Log to stderr at `level` for our code, as text or JSON lines, with secrets redacted and
    libraries kept quiet."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        RedactingJsonFormatter(secrets) if log_format == "json" else RedactingFormatter(secrets)
    )
    handler.addFilter(LibraryGuard())
    # Libraries' DEBUG output holds whole updates, requests and SQL parameters: what people
    # wrote. They never go below INFO, even when the operator asks for DEBUG for our code.
    library_level = max(logging.getLevelName(level), logging.INFO)
    logging.basicConfig(level=library_level, handlers=[handler], force=True)
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(level)
    # httpx logs every request URL at INFO, and the URL contains the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # Alembic says "Context impl SQLiteImpl" on every schema check; `db upgrade` says what it did.
    logging.getLogger("alembic").setLevel(logging.WARNING)


def frames(error: BaseException) -> str:
    """Return where an error (and those it was raised from) happened, without any exception's
    message: messages can hold what people typed or wrote."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    parts = []
    for link in reversed(chain):
        stack = traceback.extract_tb(link.__traceback__)
        parts.append("".join(traceback.format_list(stack)) + type(link).__name__)
    return "\n-- which led to --\n".join(parts)
