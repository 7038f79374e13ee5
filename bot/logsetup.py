"""Logging that never writes a bot token, whatever a library puts in its messages."""

from __future__ import annotations

import logging
import traceback
from urllib.parse import quote

from telegram.error import InvalidToken

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactingFormatter(logging.Formatter):
    """Format records, tracebacks included, with every secret replaced by '***'."""

    def __init__(self, secrets: list[str], fmt: str = FORMAT) -> None:
        super().__init__(fmt)
        spelled: set[str] = set()
        for secret in filter(None, secrets):
            # A bot token also appears URL-encoded (":" as "%3A") and by its secret half.
            _, _, half = secret.partition(":")
            spelled.update({secret, quote(secret, safe=""), *([half] if len(half) >= 8 else [])})
        self.secrets = sorted(spelled, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        """Render the record, then blank out secrets."""
        text = super().format(record)
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text


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


def configure(level: str, secrets: list[str]) -> None:
    """Log to stderr at `level` for our code, with secrets redacted and libraries kept quiet."""
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(secrets))
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
