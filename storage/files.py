"""Files that hold personal data are readable by their owner only (mode 0600)."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE = 0o600


def write_private(path: Path | str, data: bytes) -> None:
    """Write a file only its owner can read, also when it existed before with a wider mode."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
    try:
        os.fchmod(fd, PRIVATE)
        os.write(fd, data)
    finally:
        os.close(fd)


def create_private(path: Path | str) -> None:
    """Create an empty file with mode 0600 if it does not exist yet (e.g. an SQLite database,
    whose -wal and -shm files SQLite then creates with the same mode)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    except (FileExistsError, FileNotFoundError):  # there already, or no such folder (the
        return  # database reports that in its own words)
    os.close(fd)
