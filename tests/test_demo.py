"""Specification of `sleutelnet demo`: the scripted scenario runs offline and tells its story."""

from __future__ import annotations

import io

from bot.demo import run_demo

COORDINATOR = "Sanne (coordinator)"


def _turn(transcript: str, prompt: str) -> str:
    """Return what follows `prompt` in the transcript, up to the next thing a person says."""
    _, found, rest = transcript.partition(prompt + "\n")
    assert found, f"{prompt!r} not in the transcript"
    turn: list[str] = []
    for line in rest.splitlines():
        if " → bot: " in line or " presses [" in line:
            break
        turn.append(line)
    return "\n".join(turn)


async def test_demo_plays_invitation_consent_help_and_people() -> None:
    """The demo returns 0 and its transcript shows the whole scenario, in Dutch."""
    out = io.StringIO()

    code = await run_demo(out)

    assert code == 0
    transcript = out.getvalue()
    assert transcript.rstrip().endswith("Demo finished as scripted.")
    assert "Telegram flood-control answers (429): 0" in transcript

    invitation = _turn(transcript, f"{COORDINATOR} → bot: /invite Fatima Yilmaz")
    assert "Uitnodiging voor Fatima Yilmaz (sleutelpersoon)" in invitation
    assert "https://t.me/sleutelnet_sandbox_bot?start=" in invitation
    assert "Stuur deze link alleen aan Fatima Yilmaz. Hij werkt één keer." in invitation

    stranger = _turn(transcript, "Stranger → bot: Hallo, wie ben jij?")
    assert "Meedoen kan alleen op uitnodiging." in stranger
    assert "Over jou is niets opgeslagen." in stranger

    consent = _turn(transcript, "Fatima presses [Ik doe mee: Radicalisering en polarisatie]")
    assert "Toestemming vastgelegd: Radicalisering en polarisatie" in consent
    assert "Je bent nu lid van Sleutelnetwerk Delft." in _turn(transcript, "Fatima presses [Klaar]")

    member_help = _turn(transcript, "Fatima → bot: /help")
    assert "/privacy – wat we over je bewaren" in member_help
    assert "/stop – toestemming intrekken en uitschrijven" in member_help
    assert "Voor de netwerkregisseur" not in member_help
    assert "Voor de netwerkregisseur" in _turn(transcript, f"{COORDINATOR} → bot: /help")

    people = _turn(transcript, f"{COORDINATOR} → bot: /people")
    assert "Leden gevonden: 2" in people
    assert "• Fatima Yilmaz (Fatima) – sleutelpersoon, actief · Tanthof" in people
    assert "• Sanne – netwerkregisseur, actief" in people
    in_tanthof = _turn(transcript, f"{COORDINATOR} → bot: /people wijk=Tanthof")
    assert "Leden gevonden: 1 (wijk=Tanthof)" in in_tanthof
    assert "• Sanne" not in in_tanthof
