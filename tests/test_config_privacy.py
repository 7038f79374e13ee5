"""Specification of the [privacy] configuration: the pseudonym key and how long proofs stay."""

from datetime import timedelta
from typing import Any

from bot.config import load_config
from bot.config_privacy import KEY_HINT, PSEUDONYM_KEY_ENV, PrivacyConfig, pseudonym
from tests.test_config import REPO_ROOT, build, build_error, minimal

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


def with_notice(text: str, **privacy: object) -> dict[str, Any]:
    """Return a minimal mapping whose Dutch notice is `text`, with [privacy] keys."""
    data = with_privacy(**privacy)
    data["network"]["privacy_notice"]["text"] = {"nl": text, "en": text}
    return data


def test_the_notice_names_the_periods_the_config_sets() -> None:
    """A notice's {placeholders} are filled from the config, in each language: they cannot
    disagree with what the retention job does."""
    text = (
        "Bewijs: {consent_proof_retention}. Logboek: {audit_retention}. "
        "Zonder: {unconsented_retention}."
    )
    config = build(with_notice(text, consent_proof_retention="180d", audit_retention="730d"))

    notice = config.network.privacy_notice
    assert notice.text("nl", "nl") == "Bewijs: 6 maanden. Logboek: 2 jaar. Zonder: 1 maand."
    assert notice.text("en", "nl") == "Bewijs: 6 months. Logboek: 2 years. Zonder: 1 month."


def test_an_unknown_placeholder_in_the_notice_is_named() -> None:
    """A typo in a placeholder is a configuration error that names it and the known ones."""
    error = build_error(with_notice("Bewaard: {consent_retention}."))

    assert error.key == "network.privacy_notice.text.nl"
    assert "{consent_retention}" in str(error) and "{consent_proof_retention}" in str(error)


def test_the_example_notice_states_the_default_periods() -> None:
    """The shipped example says a year for the proof of consent, 30 days for the unconsented."""
    config = load_config(REPO_ROOT / "config.example.toml", {})

    nl = config.network.privacy_notice.text("nl", "nl")
    assert "nog 1 jaar, onder een pseudoniem" in nl
    assert "wissen we je na 1 maand" in nl and "{" not in nl
    assert "{" not in config.network.privacy_notice.text("en", "nl")
