"""Reads belong in selectors (DESIGN §3, §4). Two checks, run by `make lint`:

1. No ORM read in a views or API module: a `.objects.` (a model's manager) in `views.py`,
   `views/`, `*_views.py`, `api.py`, `api/` or `*_api.py` of an app. A view or API operation
   calls one selector (which checks access and builds select/prefetch) instead.
2. No public function in a services module (`services.py`, `services/`) that only reads.

The second is a heuristic on the syntax tree, not a proof. A public function (no leading `_`) counts
as a writer when it, or a function of the same module it calls (followed through the module),

- is decorated with `transaction.atomic` or opens `with transaction.atomic()`;
- calls a method or function whose name writes: `save`, `create`, `bulk_create`, `update`,
  `bulk_update`, `delete`, `get_or_create`, `update_or_create`, `select_for_update`, `add`,
  `remove`, `set`, `clear`, `refresh_from_db` on some object, or anything on `audit`, `outbox`,
  `domain_events`, `notify`, `invoicing` or `transaction` (`record`, `enqueue`, `emit`, ...);
- calls another service (a name ending in a service verb: `_create`, `_update`, `_cancel`, `_set`,
  `_send`, `_issue`, `_expire`, ... or a module attribute such as `notify.x`, `invoicing.x`).

A public function that does not write but reads the database (`.objects`, or a queryset method such
as `filter`, `exists`, `count`, `aggregate`, `values_list`, `select_related`, `order_by` on some
object) "only reads" and belongs in the app's selectors. One that touches no database (a pure
validation or formatting helper) is not reported. A function that must stay (for
example one that only validates) is listed in scripts/reads_allowlist.txt; that list may only
shrink: an entry that no longer matches anything must be taken off.

Exits 1 with what to do.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "recoverynet"
ALLOWLIST = ROOT / "scripts" / "reads_allowlist.txt"

WRITE_CALLS = frozenset(
    {
        "save",
        "create",
        "bulk_create",
        "update",
        "bulk_update",
        "delete",
        "get_or_create",
        "update_or_create",
        "select_for_update",
        "add",
        "remove",
        "set",
        "clear",
        "refresh_from_db",
        "set_password",
        "atomic",
        "on_commit",
        "call_command",
        "enqueue",
    }
)
# Method calls that read the database (a function that makes none is a pure helper, not a read).
READ_CALLS = frozenset(
    {
        "filter",
        "exclude",
        "first",
        "last",
        "exists",
        "count",
        "aggregate",
        "annotate",
        "select_related",
        "prefetch_related",
        "order_by",
        "values_list",
        "in_bulk",
        "earliest",
        "latest",
        "iterator",
    }
)
# Calls on these modules always count as writes (audit entries, e-mail, domain events, documents).
WRITE_MODULES = frozenset(
    {"audit", "outbox", "domain_events", "notify", "invoicing", "transaction"}
)
# A call to a name ending like this is a call to another service.
SERVICE_SUFFIXES = (
    "_create",
    "_update",
    "_cancel",
    "_set",
    "_send",
    "_issue",
    "_expire",
    "_accept",
    "_decline",
    "_grant",
    "_revoke",
    "_remove",
    "_add",
    "_join",
    "_end",
    "_register",
    "_publish",
    "_delete",
    "_erase",
    "_purge",
    "_record",
    "_submit",
    "_approve",
    "_close",
    "_open",
    "_start",
)


def _is_views_or_api(rel: Path) -> bool:
    parts = rel.parts
    name = rel.name
    return (
        name in {"views.py", "api.py"}
        or name.endswith(("_views.py", "_api.py"))
        or "views" in parts[:-1]
        or "api" in parts[:-1]
    )


def _is_services(rel: Path) -> bool:
    return rel.name == "services.py" or "services" in rel.parts[:-1]


def _python_files() -> list[Path]:
    return sorted(
        p for p in SRC.rglob("*.py") if "migrations" not in p.parts and "management" not in p.parts
    )


def orm_reads(source: str, rel: str) -> list[str]:
    """`file:line` of each `.objects.` in the module's code (comments and strings are ignored)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "objects"
        ):
            found.append(node.lineno)
    return [f"{rel}:{line}" for line in sorted(set(found))]


def _call_name(call: ast.Call) -> tuple[str | None, str]:
    func = call.func
    if isinstance(func, ast.Name):
        return None, func.id
    if isinstance(func, ast.Attribute):
        owner = func.value
        return (owner.id if isinstance(owner, ast.Name) else ""), func.attr
    return None, ""


def _scan(func: ast.FunctionDef, local: set[str]) -> tuple[bool, bool, set[str]]:
    """Whether the function itself writes, whether it reads the database, and which same-module
    functions it calls."""
    for decorator in func.decorator_list:
        if "atomic" in ast.unparse(decorator):
            return True, False, set()
    calls: set[str] = set()
    reads = False
    for node in ast.walk(func):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            reads = True
        if not isinstance(node, ast.Call):
            continue
        owner, name = _call_name(node)
        if owner is not None and (name in WRITE_CALLS or owner in WRITE_MODULES):
            return True, reads, set()
        if owner is not None and name in READ_CALLS:
            reads = True
        if owner is None and name in local:
            calls.add(name)
        elif name.endswith(SERVICE_SUFFIXES) or name.startswith(("send_", "notify_")):
            return True, reads, set()
    return False, reads, calls


def read_only_functions(source: str, rel: str) -> list[str]:
    """`file:function` of each public top-level function that only reads (see the module docstring)."""
    tree = ast.parse(source)
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    scanned = {name: _scan(func, set(functions)) for name, func in functions.items()}

    def follow(name: str, seen: set[str]) -> tuple[bool, bool]:
        """(writes, reads) of the function and the same-module functions it calls."""
        if name in seen:
            return False, False
        seen.add(name)
        wrote, read, calls = scanned[name]
        for callee in calls:
            callee_wrote, callee_read = follow(callee, seen)
            wrote, read = wrote or callee_wrote, read or callee_read
        return wrote, read

    out = []
    for name in functions:
        if name.startswith("_"):
            continue
        wrote, read = follow(name, set())
        if read and not wrote:
            out.append(f"{rel}:{name}")
    return out


def findings() -> list[str]:
    out: list[str] = []
    for path in _python_files():
        inside = path.relative_to(SRC)
        rel = path.relative_to(ROOT).as_posix()
        if _is_views_or_api(inside):
            source = path.read_text(encoding="utf-8")
            out.extend(f"{where} orm-read" for where in orm_reads(source, rel))
        if _is_services(inside):
            source = path.read_text(encoding="utf-8")
            out.extend(f"{where} read-only-service" for where in read_only_functions(source, rel))
    return out


def _key(finding: str) -> str:
    """What the allow-list matches on: the file and the function, or the file and the kind (line
    numbers move too easily to list)."""
    where, kind = finding.rsplit(" ", 1)
    if kind == "orm-read":
        return f"{where.rsplit(':', 1)[0]} orm-read"
    return finding


def allowed() -> dict[str, int]:
    """Allow-list entries with how many findings each may cover (`file orm-read N`)."""
    entries: dict[str, int] = {}
    for line in ALLOWLIST.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        count = int(parts[2]) if len(parts) == 3 else 1
        entries[" ".join(parts[:2])] = count
    return entries


def problems(found: list[str], listed: dict[str, int]) -> list[str]:
    counts: dict[str, int] = {}
    for finding in found:
        counts[_key(finding)] = counts.get(_key(finding), 0) + 1
    out = []
    for finding in found:
        key = _key(finding)
        if key in listed and counts[key] <= listed[key]:
            continue
        where, kind = finding.rsplit(" ", 1)
        if kind == "orm-read":
            out.append(
                f"{where}: an ORM read (.objects.) in a views/API module; call a selector instead"
            )
        else:
            out.append(
                f"{where}: a public function in a services module that only reads; "
                "move it to the app's selectors"
            )
    for key, ceiling in listed.items():
        have = counts.get(key, 0)
        if have == 0:
            out.append(f"{key}: listed in {ALLOWLIST.name} but no longer found; take it off")
        elif have < ceiling:
            out.append(f"{key}: found {have} times; lower its entry in {ALLOWLIST.name} to {have}")
    return sorted(set(out))


def main() -> int:
    found = problems(findings(), allowed())
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
