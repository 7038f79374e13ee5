"""The signals feature: reporting (`report`) and the coordinators' desk (`desk`)."""

from handlers.signals.desk import FEATURE

__all__ = ["FEATURE"]
