"""Specification of [telegram] mode = "webhook": what it needs, and how mistakes are reported."""

from typing import Any

import pytest

from bot.config_webhook import SECRET_ENV
from tests.test_config import build, build_error, minimal

SECRET = "s3cret-Token_for-the-webhook"


def webhook(**telegram: Any) -> dict[str, Any]:
    """Return a valid mapping in webhook mode, with `telegram` keys changed (None removes)."""
    data = minimal()
    data["telegram"].update(
        mode="webhook",
        webhook_url="https://bot.example.nl/telegram",
        secret_token=SECRET,
    )
    for key, value in telegram.items():
        if value is None:
            data["telegram"].pop(key, None)
        else:
            data["telegram"][key] = value
    return data


def test_polling_is_the_default() -> None:
    """Without a mode the bot polls, and no webhook is configured."""
    assert build(minimal()).telegram.webhook is None


def test_a_webhook_has_its_url_path_listen_address_and_secret() -> None:
    """The listener answers on the URL's path, on 127.0.0.1:8443 unless told otherwise."""
    hook = build(webhook(webhook_listen="0.0.0.0:8080")).telegram.webhook

    assert hook is not None
    assert (hook.url, hook.path, hook.host, hook.port) == (
        "https://bot.example.nl/telegram",
        "/telegram",
        "0.0.0.0",
        8080,
    )
    assert hook.secret_token == SECRET
    assert build(webhook()).telegram.webhook.port == 8443  # type: ignore[union-attr]


def test_webhook_mode_without_a_secret_does_not_start() -> None:
    """Anyone who finds the address could post forged updates: no secret, no start, and the
    error says how to make one."""
    error = build_error(webhook(secret_token=None))

    assert error.key == "telegram.secret_token"
    assert "without a secret token" in error.problem
    assert SECRET_ENV in str(error) and "secrets.token_urlsafe" in str(error)


def test_the_secret_may_come_from_the_environment_and_wins_over_the_file() -> None:
    """SLEUTELNET_WEBHOOK_SECRET keeps the secret out of the file."""
    hook = build(webhook(secret_token=None), {SECRET_ENV: "from-the-env"}).telegram.webhook

    assert hook is not None and hook.secret_token == "from-the-env"


@pytest.mark.parametrize("secret", ["with space", "ümlaut", "x" * 257, "semi;colon"])
def test_a_secret_telegram_would_refuse_is_refused_without_echoing_it(secret: str) -> None:
    """Telegram takes 1-256 letters, digits, _ and -; anything else fails at start-up here."""
    error = build_error(webhook(secret_token=secret))

    assert error.key == "telegram.secret_token"
    assert secret not in str(error)


def test_the_secret_never_appears_in_repr() -> None:
    """A config printed in a log or a traceback does not give the secret away."""
    config = build(webhook())

    assert SECRET not in repr(config.telegram)
    assert SECRET not in repr(config)


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://bot.example.nl/telegram", "is not an https:// URL"),
        ("bot.example.nl/telegram", "is not an https:// URL"),
        ("https://bot.example.nl:5000/telegram", "does not post to port 5000"),
        ("https://bot.example.nl:99999/telegram", "is not an https:// URL"),
    ],
)
def test_a_webhook_url_telegram_cannot_post_to_is_refused(url: str, problem: str) -> None:
    """Telegram posts only over HTTPS to ports 443, 80, 88 and 8443."""
    error = build_error(webhook(webhook_url=url))

    assert error.key == "telegram.webhook_url"
    assert problem in error.problem


def test_plain_http_is_allowed_to_a_loopback_address_for_the_local_sandbox() -> None:
    """The sandbox posts over plain HTTP to 127.0.0.1; port 0 there means the listener's."""
    hook = build(
        webhook(webhook_url="http://127.0.0.1:0/hook", webhook_listen="127.0.0.1:0")
    ).telegram.webhook

    assert hook is not None
    assert hook.url_for(41234) == "http://127.0.0.1:41234/hook"
    assert build(webhook()).telegram.webhook.url_for(1) == "https://bot.example.nl/telegram"  # type: ignore[union-attr]


def test_webhook_keys_in_polling_mode_are_a_mistake_worth_naming() -> None:
    """A secret or URL without mode = "webhook" would silently do nothing: it is refused."""
    data = webhook(mode=None)

    error = build_error(data)

    assert error.key == "telegram.webhook_url"
    assert "only used in webhook mode" in error.problem


@pytest.mark.parametrize(("key", "value"), [("mode", "webhooks"), ("webhook_listen", "8443")])
def test_a_typo_in_the_mode_or_listen_address_names_the_key(key: str, value: str) -> None:
    """An unknown mode or a listen address without a host is reported by its key."""
    assert build_error(webhook(**{key: value})).key == f"telegram.{key}"
