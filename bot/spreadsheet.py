"""Files meant for spreadsheets: no cell may run as a formula."""

from __future__ import annotations

# Spreadsheets run a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """Keep a spreadsheet from running text as a formula (exports leave the bot)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return f"'{value}"
    return value
