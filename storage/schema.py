"""The whole schema: every model module, so Alembic and tests see all tables at once."""

from storage import meeting_models, signal_models, workgroup_models
from storage.models import Base

metadata = Base.metadata

__all__ = ["meeting_models", "metadata", "signal_models", "workgroup_models"]
