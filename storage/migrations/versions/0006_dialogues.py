"""One owner of dialogue state: the dialogues table replaces the step columns of alerts,
meetings and working groups, the signal_intents table and the question flag on deliveries.

Open dialogue state is copied over, so a draft that waited for text before the upgrade still
takes the next message after it. A person had several of these at once before; the one kept
is the one that waits for text, the newest first (the rule the bot follows from now on).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 10:00:00.000000

"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import context, op

# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of what the code used at 0005: these migrations must not change with the code.
WINDOW = timedelta(minutes=30)  # signal intents and questions
ALERT_TEXT_STEPS = frozenset({"text", "people", "time", "tpl_name"})
MEETING_TEXT_STEPS = frozenset({"title", "start", "end", "place", "agenda", "rrule"})
WORKGROUP_TEXT_STEPS = frozenset({"name", "purpose", "end"})
OWNED_STEPS = {"alerts": "edit", "meetings": "move"}  # "edit:<person id>" on a sent alert, ...
WHEN = sa.DateTime(timezone=True)

dialogues = sa.table(
    "dialogues",
    sa.column("person_id", sa.Integer),
    sa.column("feature", sa.String),
    sa.column("step", sa.String),
    sa.column("ref_id", sa.Integer),
    sa.column("started_at", WHEN),
    sa.column("expires_at", WHEN),
)


@dataclass(frozen=True, slots=True)
class _Open:
    """One piece of open dialogue state found in the old columns."""

    person_id: int
    feature: str
    step: str
    ref_id: int
    text: bool  # waits for the person's next text
    started_at: datetime | None = None
    expires_at: datetime | None = None


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _owner(step: str) -> int | None:
    """Return the person id in "edit:12", "move:12", "pp:12" or "gs:12"."""
    _, _, rest = step.partition(":")
    return int(rest) if rest.isascii() and rest.isdigit() else None


def _from_drafts(connection: sa.Connection, table: str, feature: str, kind: bool) -> list[_Open]:
    columns = [
        sa.column("id", sa.Integer),
        sa.column("created_by_id", sa.Integer),
        sa.column("created_at", WHEN),
        sa.column("status", sa.String),
        sa.column("step", sa.String),
    ]
    if kind:
        columns.append(sa.column("kind", sa.String))
    source = sa.table(table, *columns)
    found: list[_Open] = []
    text_steps = {
        "alerts": ALERT_TEXT_STEPS,
        "meetings": MEETING_TEXT_STEPS,
        "workgroups": WORKGROUP_TEXT_STEPS,
    }[feature]
    for row in connection.execute(sa.select(source).where(source.c.step.is_not(None))).mappings():
        step: str = row["step"]
        owner = _owner(step)
        if ":" in step and owner is not None and not step.startswith("text:"):
            # On a sent alert, a planned meeting or an active group: that person's next text.
            name = OWNED_STEPS.get(feature, step.partition(":")[0])
            found.append(_Open(owner, feature, name, row["id"], text=True))
        elif (
            row["status"] == "draft"
            and row["created_by_id"] is not None
            and (not kind or row["kind"] == "alert")
        ):
            waits = step in text_steps or step.startswith("text:")
            started = _utc(row["created_at"])
            found.append(_Open(row["created_by_id"], feature, step, row["id"], waits, started))
    return found


def _from_intents(connection: sa.Connection, now: datetime) -> list[_Open]:
    intents = sa.table(
        "signal_intents",
        sa.column("person_id", sa.Integer),
        sa.column("signal_id", sa.Integer),
        sa.column("action", sa.String),
        sa.column("until", WHEN),
    )
    found = []
    for row in connection.execute(sa.select(intents)).mappings():
        until = _utc(row["until"])
        if until is not None and until > now:
            found.append(
                _Open(
                    row["person_id"],
                    "signals",
                    row["action"],
                    row["signal_id"],
                    text=True,
                    started_at=until - WINDOW,
                    expires_at=until,
                )
            )
    return found


def _from_questions(connection: sa.Connection, now: datetime) -> list[_Open]:
    deliveries = sa.table(
        "alert_deliveries",
        sa.column("person_id", sa.Integer),
        sa.column("alert_id", sa.Integer),
        sa.column("question_at", WHEN),
        sa.column("question_open", sa.Boolean),
    )
    stmt = sa.select(deliveries).where(
        deliveries.c.question_open.is_(True), deliveries.c.question_at.is_not(None)
    )
    found = []
    for row in connection.execute(stmt).mappings():
        asked = _utc(row["question_at"])
        if asked is not None and asked + WINDOW > now:
            found.append(
                _Open(
                    row["person_id"],
                    "alerts",
                    "question",
                    row["alert_id"],
                    text=True,
                    started_at=asked,
                    expires_at=asked + WINDOW,
                )
            )
    return found


def _now() -> datetime:
    """Return the moment storage.migrate runs us at (tests fix it), else the real time."""
    given = context.config.attributes.get("now")
    return given if isinstance(given, datetime) else datetime.now(UTC)


def _copy_open_dialogues(connection: sa.Connection) -> None:
    now = _now()
    found = [
        *_from_drafts(connection, "alerts", "alerts", kind=True),
        *_from_drafts(connection, "meetings", "meetings", kind=False),
        *_from_drafts(connection, "workgroups", "workgroups", kind=False),
        *_from_intents(connection, now),
        *_from_questions(connection, now),
    ]
    # One dialogue per person: what waits for text first, then the newest.
    found.sort(
        key=lambda o: (
            not o.text,
            o.started_at is None,
            -(o.started_at.timestamp() if o.started_at else 0.0),
        )
    )
    kept: dict[int, _Open] = {}
    for candidate in found:
        kept.setdefault(candidate.person_id, candidate)
    if kept:
        connection.execute(
            dialogues.insert(),
            [
                {
                    "person_id": o.person_id,
                    "feature": o.feature,
                    "step": o.step,
                    "ref_id": o.ref_id,
                    "started_at": o.started_at or now,
                    "expires_at": o.expires_at,
                }
                for o in kept.values()
            ],
        )


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "dialogues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("feature", sa.String(length=16), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_dialogues_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dialogues")),
        sa.UniqueConstraint("person_id", name=op.f("uq_dialogues_person_id")),
    )
    _copy_open_dialogues(op.get_bind())
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), never a batch copy: on SQLite, copying
    # a table drops the original, and with foreign keys on that deletes its children.
    op.drop_column("alerts", "step")
    op.drop_column("meetings", "step")
    op.drop_column("workgroups", "step")
    op.drop_column("alert_deliveries", "question_open")
    op.drop_table("signal_intents")


def _restore(connection: sa.Connection) -> None:
    """Write each dialogue back to where 0005 kept it."""
    intents = sa.table(
        "signal_intents",
        sa.column("person_id", sa.Integer),
        sa.column("signal_id", sa.Integer),
        sa.column("action", sa.String),
        sa.column("until", WHEN),
    )
    signals = sa.table("signals", sa.column("id", sa.Integer))
    deliveries = sa.table(
        "alert_deliveries",
        sa.column("person_id", sa.Integer),
        sa.column("alert_id", sa.Integer),
        sa.column("question_open", sa.Boolean),
    )
    for row in connection.execute(sa.select(dialogues)).mappings().all():
        feature, step, ref, person = row["feature"], row["step"], row["ref_id"], row["person_id"]
        if ref is None:
            continue
        if feature == "signals":
            started = _utc(row["started_at"]) or _now()
            exists = sa.select(signals.c.id).where(signals.c.id == ref)
            if connection.execute(exists).first() is not None:
                values = {"person_id": person, "signal_id": ref, "action": step}
                until = _utc(row["expires_at"]) or started + WINDOW
                connection.execute(intents.insert().values(**values, until=until))
        elif feature == "alerts" and step == "question":
            connection.execute(
                deliveries.update()
                .where(deliveries.c.alert_id == ref, deliveries.c.person_id == person)
                .values(question_open=True)
            )
        elif feature in ("alerts", "meetings", "workgroups"):
            target = sa.table(feature, sa.column("id", sa.Integer), sa.column("step", sa.String))
            owned = step in ("edit", "move", "pp", "gs")
            old = f"{step}:{person}" if owned else step
            connection.execute(target.update().where(target.c.id == ref).values(step=old))


def downgrade() -> None:
    """Downgrade schema."""
    op.create_table(
        "signal_intents",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_signal_intents_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["signal_id"],
            ["signals.id"],
            name=op.f("fk_signal_intents_signal_id_signals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_signal_intents")),
    )
    # Existing rows need a value; SQLite cannot drop a default without copying the table.
    op.add_column(
        "alert_deliveries",
        sa.Column("question_open", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("alert_deliveries", "question_open", server_default=None)
    op.add_column("workgroups", sa.Column("step", sa.String(length=16), nullable=True))
    op.add_column("meetings", sa.Column("step", sa.String(length=16), nullable=True))
    op.add_column("alerts", sa.Column("step", sa.String(length=16), nullable=True))
    _restore(op.get_bind())
    op.drop_table("dialogues")
