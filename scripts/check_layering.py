"""Dependencies point one way (DESIGN §3): `core` <- foundation apps <- domain apps. Run by `make lint`.

Three rules, checked on every `import` / `from ... import` in `src/recoverynet/` (at the top of a
module or inside a function; migrations are skipped):

1. `core` imports no other recoverynet app.
2. A foundation app imports no domain app.
3. A domain app imports no other domain app's `models` (it may call that app's selectors and
   services).

The apps of each layer are listed once, here (FOUNDATION_APPS, DOMAIN_APPS); a new app goes into
one of them. Templates are not checked here (the UI slots keep `core`'s templates free of app
links). What breaks the rules today is listed in scripts/layering_allowlist.txt as
`<importing file> <imported module>`; that list may only shrink: an entry that no longer matches
must be taken off. Exits 1 with what to do.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "recoverynet"
ALLOWLIST = ROOT / "scripts" / "layering_allowlist.txt"

CORE = "core"
FOUNDATION_APPS = frozenset({"accounts", "network", "billing", "plans", "privacy"})
DOMAIN_APPS = frozenset(
    {
        "events",
        "challenges",
        "library",
        "newsletter",
        "colleges",
        "feedback",
        "engagements",
        "outcomes",
        "webhooks",
        "operations",
    }
)


def imported_modules(source: str, package: str) -> list[tuple[int, str]]:
    """(line, dotted module) of each import in a module of `package` (e.g. `recoverynet.events.views`),
    relative imports resolved; `from x import y` also yields `x.y` (y may be a module)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
    return found


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "recoverynet" else None


def breaks(importer_app: str, module: str) -> str | None:
    """Why importing `module` from `importer_app` breaks the layering, or None."""
    target = _app(module)
    if target is None or target == importer_app:
        return None
    if importer_app == CORE:
        return "core imports no other app"
    if importer_app in FOUNDATION_APPS and target in DOMAIN_APPS:
        return f"a foundation app ({importer_app}) imports no domain app"
    if (
        importer_app in DOMAIN_APPS
        and target in DOMAIN_APPS
        and module.split(".")[2:3] == ["models"]
    ):
        return f"a domain app imports no other domain app's models; use {target}'s selectors"
    return None


def findings() -> list[tuple[str, str, int, str]]:
    """(file, imported module, line, reason) for each import that breaks the layering."""
    out = []
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        inside = path.relative_to(SRC)
        app = inside.parts[0] if len(inside.parts) > 1 else None
        if app is None:
            continue
        dotted = ".".join(("recoverynet", *inside.with_suffix("").parts))
        package = dotted if path.name == "__init__.py" else dotted.rsplit(".", 1)[0]
        if path.name == "__init__.py":
            package = dotted.rsplit(".", 1)[0]
        rel = path.relative_to(ROOT).as_posix()
        seen = set()
        for line, module in imported_modules(path.read_text(encoding="utf-8"), package):
            # `from recoverynet.x import models` yields both recoverynet.x and recoverynet.x.models;
            # report the most specific module once per line.
            reason = breaks(app, module)
            if reason and (line, reason) not in seen:
                seen.add((line, reason))
                out.append((rel, module, line, reason))
    return out


def allowed() -> set[str]:
    entries = set()
    for line in ALLOWLIST.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            entries.add(" ".join(line.split()))
    return entries


def problems(found: list[tuple[str, str, int, str]], listed: set[str]) -> list[str]:
    out = []
    matched = set()
    for rel, module, line, reason in found:
        key = f"{rel} {module}"
        if key in listed:
            matched.add(key)
            continue
        out.append(f"{rel}:{line}: imports {module}: {reason}")
    out.extend(
        f"{key}: listed in {ALLOWLIST.name} but no longer imported; take it off"
        for key in sorted(listed - matched)
    )
    return out


def main() -> int:
    found = problems(findings(), allowed())
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
