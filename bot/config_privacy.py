"""The [privacy] section: the key of the pseudonyms kept after erasure, and how long they stay."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from babel.units import format_unit

from bot.config_parsing import ConfigError, Table

PSEUDONYM_KEY_ENV = "SLEUTELNET_PSEUDONYM_KEY"
PRIVACY_KEYS = (
    "pseudonym_key",
    "consent_proof_retention",
    "unconsented_retention",
    "delivery_retention",
    "audit_retention",
)
MIN_KEY_LENGTH = 16
KEY_HINT = "at least 16 random characters, e.g. the output of: openssl rand -base64 32"


@dataclass(frozen=True, slots=True)
class PrivacyConfig:
    """What is kept after someone is erased, under which key, and for how long."""

    # Key of the keyed hash that replaces a Telegram id; None: derived from the bot token.
    pseudonym_key: str | None = field(default=None, repr=False)
    consent_proof_retention: timedelta = timedelta(days=365)
    # Invited but never consented: erased this long after the invitation was opened.
    unconsented_retention: timedelta = timedelta(days=30)
    # Who received an alert and when they acknowledged it: detached from them after this.
    delivery_retention: timedelta = timedelta(days=365)
    audit_retention: timedelta = timedelta(days=730)

    def key_bytes(self, token: str) -> bytes:
        """Return the pseudonym key (from the config, or derived from the bot's token)."""
        if self.pseudonym_key is not None:
            return self.pseudonym_key.encode("utf-8")
        return hashlib.sha256(b"sleutelnet pseudonym\0" + token.encode("utf-8")).digest()


def pseudonym(key: bytes, telegram_user_id: int) -> int:
    """Return the keyed hash that stands in for a Telegram id: negative, so never a real one."""
    digest = hmac.new(key, str(telegram_user_id).encode("ascii"), hashlib.sha256).digest()
    return -(int.from_bytes(digest[:7], "big") + 1)


def read_privacy(root: Table, environ: Mapping[str, str]) -> PrivacyConfig:
    """Read [privacy]; the key may come from SLEUTELNET_PSEUDONYM_KEY."""
    privacy = root.table("privacy", PRIVACY_KEYS)
    env_key = environ.get(PSEUDONYM_KEY_ENV, "").strip()
    key: str | None
    if env_key:
        key, path, where = env_key, None, PSEUDONYM_KEY_ENV
    else:
        raw = privacy.data.get("pseudonym_key")
        key = None if raw is None else privacy.as_str(raw, privacy.key("pseudonym_key"))
        path, where = privacy.path, privacy.key("pseudonym_key")
    if key is not None and len(key.strip()) < MIN_KEY_LENGTH:
        raise ConfigError(path, where, f"too short ({len(key.strip())} characters)", KEY_HINT)
    default = PrivacyConfig()
    return PrivacyConfig(
        pseudonym_key=key.strip() if key is not None else None,
        consent_proof_retention=privacy.duration(
            "consent_proof_retention", default.consent_proof_retention, "365d"
        ),
        unconsented_retention=privacy.duration(
            "unconsented_retention", default.unconsented_retention, "30d"
        ),
        delivery_retention=privacy.duration(
            "delivery_retention", default.delivery_retention, "365d"
        ),
        audit_retention=privacy.duration("audit_retention", default.audit_retention, "730d"),
    )


_PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")
# The units a period is said in, largest first: (days per unit, CLDR unit).
_UNITS = ((365, "duration-year"), (30, "duration-month"), (1, "duration-day"))


def describe_period(period: timedelta, lang: str) -> str:
    """Say a retention period in words: '1 jaar', '30 dagen', '2 years', '6 ay' (Babel)."""
    days = period.days
    for size, unit in _UNITS:
        if days >= size and days % size == 0:
            return format_unit(days // size, unit, length="long", locale=lang)
    hours = max(1, round(period.total_seconds() / 3600))
    return format_unit(hours, "duration-hour", length="long", locale=lang)


def notice_periods(
    privacy: PrivacyConfig, signal_retention: timedelta, max_open: timedelta
) -> dict[str, timedelta]:
    """Return the periods a privacy notice may name, by placeholder."""
    return {
        "consent_proof_retention": privacy.consent_proof_retention,
        "unconsented_retention": privacy.unconsented_retention,
        "delivery_retention": privacy.delivery_retention,
        "audit_retention": privacy.audit_retention,
        "signal_retention": signal_retention,
        "signal_max_open": max_open,
    }


def fill_periods(
    texts: Mapping[str, str], periods: Mapping[str, timedelta], path: Path | None, where: str
) -> dict[str, str]:
    """Fill a notice's {placeholders} with the configured periods, in each text's language,
    so the notice and the retention job cannot disagree; an unknown one is a config error."""
    filled: dict[str, str] = {}
    for lang, text in texts.items():

        def period(match: re.Match[str], lang: str = lang) -> str:
            name = match.group(1)
            if name not in periods:
                known = ", ".join("{" + key + "}" for key in periods)
                raise ConfigError(
                    path, f"{where}.{lang}", f"unknown placeholder {{{name}}}", f"known: {known}"
                )
            return describe_period(periods[name], lang)

        filled[lang] = _PLACEHOLDER.sub(period, text)
    return filled
