"""Domain errors: each becomes a friendly reply at the handler boundary."""

from __future__ import annotations

from typing import Any


class SleutelnetError(Exception):
    """Base class; `message_key` names the catalog entry shown to the user, with `values`."""

    message_key = "error_generic"

    def __init__(self, **values: object) -> None:
        super().__init__(self.message_key)
        self.values = values


class NotACoordinator(SleutelnetError):
    """Someone tried a coordinator action without the coordinator role."""

    message_key = "not_allowed"


class InviteUnknown(SleutelnetError):
    """The invite token matches no invite."""

    message_key = "invite_unknown"


class InviteExpired(SleutelnetError):
    """The invite's validity has run out, or it was revoked."""

    message_key = "invite_expired"


class InviteUsed(SleutelnetError):
    """The invite was already used by someone else."""

    message_key = "invite_used"


class AlreadyMember(SleutelnetError):
    """The person is already an active member; an invite is not needed."""

    message_key = "already_member"


class InvalidInvite(ValueError):
    """An invite request with a bad name, role, neighbourhood or theme (operator input)."""


class StaleAction(SleutelnetError):
    """A button or step that no longer fits the person's state."""

    message_key = "stale_button"


class AlertTextEmpty(SleutelnetError):
    """An alert without text."""

    message_key = "alert_text_empty"


class AlertTextTooLong(SleutelnetError):
    """An alert text longer than fits in one Telegram message with its header and footer."""

    message_key = "alert_text_too_long"


class TextTooLong(SleutelnetError):
    """A typed text longer than the column that keeps it (values: length, limit)."""

    message_key = "too_long"


def fitting(text: str, column: Any) -> str:
    """Return the text if it fits the column's length, else raise TextTooLong."""
    limit = getattr(column.type, "length", None)
    if limit is not None and len(text) > limit:
        raise TextTooLong(length=len(text), limit=limit)
    return text


class AlertAudienceEmpty(SleutelnetError):
    """An audience that matches nobody: nothing is sent."""

    message_key = "alert_audience_empty"


class AlertNotDraft(SleutelnetError):
    """The alert was already confirmed, cancelled or retracted (e.g. a second confirm tap)."""

    message_key = "alert_not_draft"


class AlertUnknown(SleutelnetError):
    """No alert with that number."""

    message_key = "alert_unknown"


class SignalUnknown(SleutelnetError):
    """No signal with that number (or not one this person may see)."""

    message_key = "signal_unknown"


class SignalTooLong(SleutelnetError):
    """A text longer than a signal may hold; nothing is stored."""

    message_key = "signal_too_long"


class SignalRateLimited(SleutelnetError):
    """The person sent more signals or messages than the hourly limit allows."""

    message_key = "signal_rate_limited"


class SignalClosed(SleutelnetError):
    """The signal is already closed."""

    message_key = "signal_closed"


class SignalTakenByOther(SleutelnetError):
    """Another coordinator already took the signal."""

    message_key = "signal_taken_by_other"


class SignalNotAllowed(SleutelnetError):
    """The person may not report (not an active key person or background contact)."""

    message_key = "signal_not_allowed"


class MeetingClosed(SleutelnetError):
    """The meeting was cancelled or has already started."""

    message_key = "meeting_closed"


class MeetingNotInvited(SleutelnetError):
    """An answer from someone the meeting's invitation did not go to."""

    message_key = "meeting_not_invited"
