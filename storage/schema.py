"""The whole schema: every model module, so Alembic and tests see all tables at once."""

from storage import dialogue_models, meeting_models, signal_models, workgroup_models
from storage.models import Base

metadata = Base.metadata

__all__ = ["dialogue_models", "meeting_models", "metadata", "signal_models", "workgroup_models"]
