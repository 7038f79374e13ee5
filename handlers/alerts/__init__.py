"""The alerts feature: its declaration is in `feature`."""

from handlers.alerts.feature import FEATURE

__all__ = ["FEATURE"]
