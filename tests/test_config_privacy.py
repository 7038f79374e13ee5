"""Specification of the [privacy] configuration: the pseudonym key and how long proofs stay."""

from datetime import timedelta
from typing import Any

from bot.config_privacy import KEY_HINT, PSEUDONYM_KEY_ENV, PrivacyConfig, pseudonym
from tests.test_config import build, build_error, minimal

KEY = "k3y-0f-the-pseudonyms-1234"


def with_privacy(**privacy: object) -> dict[str, Any]:
    """Return a minimal mapping with the given [privacy] keys."""
    data = minimal()
    data["privacy"] = dict(privacy)
    return data


def test_defaults_keep_the_proof_a_year_under_a_key_from_the_token() -> None:
    """Without [privacy]: a year, and a key derived from the bot token (never the token)."""
    config = build(minimal())

    assert config.privacy.consent_proof_retention == timedelta(days=365)
    assert config.privacy.pseudonym_key is None
    key = config.privacy.key_bytes(config.telegram.token)
    assert config.telegram.token.encode() not in key


def test_the_environment_key_wins_and_is_never_shown() -> None:
    """SLEUTELNET_PSEUDONYM_KEY overrides the file, and repr never shows a key."""
    config = build(with_privacy(pseudonym_key="file-key-0123456789"), {PSEUDONYM_KEY_ENV: KEY})

    assert config.privacy.pseudonym_key == KEY
    assert KEY not in repr(config.privacy)


def test_a_short_key_names_the_file_and_key_but_not_the_key() -> None:
    """A key under 16 characters is refused, with where it was and how to make one."""
    error = build_error(with_privacy(pseudonym_key="short"))

    assert (error.key, error.hint) == ("privacy.pseudonym_key", KEY_HINT)
    assert "short" not in str(error).replace("too short", "")


def test_a_misspelt_retention_is_named() -> None:
    """A duration that is not one is reported against privacy.consent_proof_retention."""
    error = build_error(with_privacy(consent_proof_retention="a year"))

    assert error.key == "privacy.consent_proof_retention"


def test_a_pseudonym_is_negative_stable_and_depends_on_the_key() -> None:
    """Never a Telegram id (those are positive), the same every time, another with another key."""
    first = pseudonym(b"one key", 731_246_859)

    assert first < 0
    assert first == pseudonym(b"one key", 731_246_859)
    assert first != pseudonym(b"another key", 731_246_859)
    assert first != pseudonym(b"one key", 731_246_860)
    assert PrivacyConfig(pseudonym_key=KEY).key_bytes("token") == KEY.encode()
