"""Handlers stay thin: they parse an update, call a feature's service and reply (issue 11)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

HANDLERS = Path(__file__).resolve().parent.parent / "handlers"
# Modules every feature may use: they belong to no feature.
SHARED = frozenset({"handlers", "common", "fallback", "gate", "messages"})
SQL_BUILDERS = frozenset(
    {"select", "update", "delete", "insert", "func", "and_", "or_", "text", "exists", "case"}
)
SESSION_CALLS = frozenset(
    {"get", "execute", "scalar", "scalars", "add", "add_all", "delete", "flush", "merge"}
)
# Attribute assignment is allowed on the handler's own objects and PTB's context.
OWN_ROOTS = frozenset({"self", "context", "cls"})


def modules() -> list[Path]:
    """Return every handler module."""
    return sorted(HANDLERS.rglob("*.py"))


def feature_of(path: Path) -> str:
    """Return the feature a handler module belongs to: its folder, or its own name."""
    relative = path.relative_to(HANDLERS)
    if len(relative.parts) > 1:
        return relative.parts[0]
    return "handlers" if relative.stem == "__init__" else relative.stem


def root(node: ast.expr) -> str | None:
    """Return the name an attribute chain starts from (`a` in `a.b.c`)."""
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def is_session(node: ast.expr) -> bool:
    """Tell whether an expression names a database session."""
    if isinstance(node, ast.Name):
        return node.id in {"session", "s", "db_session"}
    return isinstance(node, ast.Attribute) and node.attr == "session"


def imported_feature(module: str) -> str | None:
    """Return the handler feature an import names, if it names one."""
    parts = module.split(".")
    if parts[0] != "handlers":
        return None
    return parts[1] if len(parts) > 1 else "handlers"


def violations(path: Path) -> list[str]:
    """Return every way a handler module is not thin, as 'line: what'."""
    return violations_in(path.read_text(encoding="utf-8"), feature_of(path))


def violations_in(source: str, mine: str) -> list[str]:
    """Return every way handler code of feature `mine` is not thin, as 'line: what'."""
    tree = ast.parse(source)
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] == "sqlalchemy":
                built = SQL_BUILDERS & {alias.name for alias in node.names}
                if built:
                    found.append(f"{node.lineno}: builds SQL ({', '.join(sorted(built))})")
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            if node.module == "handlers":
                names = [f"handlers.{a.name}" for a in node.names]
            for name in names:
                other = imported_feature(name)
                if other and other not in SHARED and other != mine and name != "handlers":
                    found.append(f"{node.lineno}: imports feature {other!r}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                other = imported_feature(alias.name)
                if other and other not in SHARED and other != mine:
                    found.append(f"{node.lineno}: imports feature {other!r}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in SESSION_CALLS and is_session(node.func.value):
                found.append(f"{node.lineno}: session.{node.func.attr}()")
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for t in target.elts if isinstance(target, ast.Tuple) else [target]:
                    if isinstance(t, ast.Attribute) and root(t) not in OWN_ROOTS:
                        found.append(f"{node.lineno}: assigns {ast.unparse(t)}")
    return sorted(set(found), key=lambda v: int(v.split(":")[0]))


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(HANDLERS)))
def test_a_handler_module_builds_no_sql_writes_no_rows_and_imports_no_other_feature(
    path: Path,
) -> None:
    """A handler parses, calls a service and replies; storage and other features stay behind it."""
    assert violations(path) == []


def test_the_check_catches_what_it_forbids() -> None:
    """The check is not vacuous: a fat handler is reported on every count."""
    fat = (
        "from sqlalchemy import select\n"
        "from handlers import people\n"
        "from handlers.alerts import compose\n"
        "async def h(session, person, context):\n"
        "    person.name = 'x'\n"
        "    context.user_data = {}\n"
        "    await session.execute(select(1))\n"
        "    session.add(person)\n"
    )
    assert violations_in(fat, mine="alerts") == [
        "1: builds SQL (select)",
        "2: imports feature 'people'",
        "5: assigns person.name",
        "7: session.execute()",
        "8: session.add()",
    ]
