"""Which languages have a catalog: English (the source) and every .po under bot/locales."""

from pathlib import Path

LOCALES = Path(__file__).parent / "locales"
DOMAIN = "sleutelnet"
SOURCE_LANGUAGE = "en"


def po_path(language: str) -> Path:
    """Return where a language's catalog lives: bot/locales/<language>/LC_MESSAGES/…po."""
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def available() -> tuple[str, ...]:
    """Return the language codes with a catalog, the source language first."""
    found = sorted(path.parent.parent.name for path in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LANGUAGE, *(code for code in found if code != SOURCE_LANGUAGE))
