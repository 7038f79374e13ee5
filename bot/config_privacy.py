"""The [privacy] section: the key of the pseudonyms kept after erasure, and how long they stay."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from bot.config_parsing import ConfigError, Table

PSEUDONYM_KEY_ENV = "SLEUTELNET_PSEUDONYM_KEY"
PRIVACY_KEYS = ("pseudonym_key", "consent_proof_retention")
MIN_KEY_LENGTH = 16
KEY_HINT = "at least 16 random characters, e.g. the output of: openssl rand -base64 32"


@dataclass(frozen=True, slots=True)
class PrivacyConfig:
    """What is kept after someone is erased, under which key, and for how long."""

    # Key of the keyed hash that replaces a Telegram id; None: derived from the bot token.
    pseudonym_key: str | None = field(default=None, repr=False)
    consent_proof_retention: timedelta = timedelta(days=365)

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
    )
