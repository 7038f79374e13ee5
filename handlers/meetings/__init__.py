"""The meetings feature: its declaration is in `feature`."""

from handlers.meetings.feature import FEATURE

__all__ = ["FEATURE"]
