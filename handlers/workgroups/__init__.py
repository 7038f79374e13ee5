"""The workgroups feature: its declaration is in `feature`."""

from handlers.workgroups.feature import FEATURE

__all__ = ["FEATURE"]
