"""Domain errors: each becomes a friendly reply at the handler boundary."""

from __future__ import annotations


class SleutelnetError(Exception):
    """Base class; `message_key` names the catalog entry shown to the user."""

    message_key = "error_generic"


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
