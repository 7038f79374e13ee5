"""Logging that never writes a bot token, whatever a library puts in its messages."""

from __future__ import annotations

import logging

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactingFormatter(logging.Formatter):
    """Format records, tracebacks included, with every secret replaced by '***'."""

    def __init__(self, secrets: list[str], fmt: str = FORMAT) -> None:
        super().__init__(fmt)
        self.secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        """Render the record, then blank out secrets."""
        text = super().format(record)
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text


OWN_LOGGERS = ("bot", "handlers", "storage")


def configure(level: str, secrets: list[str]) -> None:
    """Log to stderr at `level` for our code, with secrets redacted and libraries kept quiet."""
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(secrets))
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
