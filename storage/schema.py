"""The whole schema: every model module, so Alembic and tests see all tables at once."""

from storage import signal_models
from storage.models import Base

metadata = Base.metadata

__all__ = ["metadata", "signal_models"]
