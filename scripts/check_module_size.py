"""No Python module over 400 lines outside migrations (DESIGN §3: a layer becomes a package before
then). Modules that were already longer are listed in scripts/module_size_allowlist.txt with their
length when listed; the list may only shrink: a listed module may not grow, and one that comes
under the limit must be taken off the list. Run by `make lint`; exits 1 with what to do."""

from __future__ import annotations

import sys
from pathlib import Path

LIMIT = 400
ROOT = Path(__file__).resolve().parent.parent
ALLOWLIST = ROOT / "scripts" / "module_size_allowlist.txt"


def lengths() -> dict[str, int]:
    found = {}
    for path in sorted((ROOT / "src").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        with path.open(encoding="utf-8") as handle:
            found[path.relative_to(ROOT).as_posix()] = sum(1 for _ in handle)
    return found


def allowed() -> dict[str, int]:
    entries = {}
    for line in ALLOWLIST.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, count = line.rsplit(maxsplit=1)
            entries[name] = int(count)
    return entries


def problems(found: dict[str, int], listed: dict[str, int]) -> list[str]:
    out = []
    for name, count in found.items():
        ceiling = listed.get(name)
        if ceiling is None and count > LIMIT:
            out.append(f"{name}: {count} lines (limit {LIMIT}); split it into a package")
        elif ceiling is not None and count > ceiling:
            out.append(f"{name}: grew to {count} lines (allowed {ceiling} while it is split)")
        elif ceiling is not None and count <= LIMIT:
            out.append(f"{name}: now {count} lines; take it off {ALLOWLIST.name}")
        elif ceiling is not None and count < ceiling:
            out.append(f"{name}: shrank to {count} lines; lower its entry in {ALLOWLIST.name}")
    out.extend(
        f"{name}: listed in {ALLOWLIST.name} but no longer exists; take it off"
        for name in listed
        if name not in found
    )
    return out


def main() -> int:
    found = problems(lengths(), allowed())
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
