"""Typed ORM model for dialogue state: what one person's next message means."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base


class Dialogue(Base):
    """The one dialogue a person is in: a feature, its step, and what it is about."""

    __tablename__ = "dialogues"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    feature: Mapped[str] = mapped_column(String(16))
    step: Mapped[str] = mapped_column(String(16))
    # The draft, alert, meeting, working group or signal the dialogue is about.
    ref_id: Mapped[int | None] = mapped_column(Integer)
    started_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]


__all__ = ["Dialogue"]
