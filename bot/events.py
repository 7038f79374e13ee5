"""What happened, for the operator's log: numbers, counts, kinds and internal ids only.

Every event an administrator may want to follow (an alert queued and finished, a signal filed,
a member joined or left, meeting invitations and reminders, a working group bound or closed)
is one INFO line from the `bot.events` logger, written here and nowhere else. The arguments
are ints and enum values: no names, no texts, no Telegram ids (tests/e2e/test_events.py reads
a whole conversation's log for them).
"""

from __future__ import annotations

import logging
from datetime import timedelta

log = logging.getLogger(__name__)


def alert_queued(number: int, recipients: int) -> None:
    """An alert was confirmed for this many recipients."""
    log.info("alert #%d queued: recipients=%d", number, recipients)


def alert_finished(number: int, sent: int, blocked: int, failed: int, took: timedelta) -> None:
    """Every copy of an alert has an outcome."""
    log.info(
        "alert #%d finished: sent=%d blocked=%d failed=%d seconds=%.0f",
        number,
        sent,
        blocked,
        failed,
        took.total_seconds(),
    )


def signal_filed(number: int, theme: str, urgency: str) -> None:
    """A key person filed a signal (the theme key and urgency, never its contents)."""
    log.info("signal #%d filed: theme=%s urgency=%s", number, theme, urgency)


def member_joined(person_id: int) -> None:
    """Someone finished signing up (internal id)."""
    log.info("member %d joined", person_id)


def member_left(person_id: int) -> None:
    """Someone left the network and was erased (the internal id they had)."""
    log.info("member %d left", person_id)


def meeting_queued(number: int, kind: str, recipients: int) -> None:
    """A meeting's invitations, change, cancellation or reminder were queued (alert kind)."""
    log.info("meeting #%d: %s queued: recipients=%d", number, kind, recipients)


def workgroup_bound(number: int) -> None:
    """A working group was bound to its Telegram group."""
    log.info("working group #%d bound to its Telegram group", number)


def workgroup_closed(number: int, not_removed: int) -> None:
    """A working group was closed (how many members could not be removed)."""
    log.info("working group #%d closed: not_removed=%d", number, not_removed)
