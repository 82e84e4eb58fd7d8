"""The layering, checked like a linter: `core` and the foundation apps (`accounts`, `network`) name
no domain app - no import of one, no link to one of its URL names. Domain apps reach the shared
pages through UI slots (`core.slots`) instead.

The apps are listed once, in `scripts/check_layering.py` (which `make lint` runs for imports). A new
app must be added to one list, or the first test fails; the
URL namespaces to look for come from each domain app's own `urls.py`, so they never go stale.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
from pathlib import Path

from django.apps import apps

SRC = Path(__file__).resolve().parents[2] / "src" / "recoverynet"
_spec = importlib.util.spec_from_file_location(
    "check_layering", SRC.parents[1] / "scripts" / "check_layering.py"
)
assert _spec and _spec.loader
_layers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_layers)
FOUNDATION_APPS = ("core", *sorted(_layers.FOUNDATION_APPS))
DOMAIN_APPS = tuple(sorted(_layers.DOMAIN_APPS))

# Known debt, listed once: the imports in scripts/layering_allowlist.txt (which may only shrink), and
# templates that name a domain app's URL (none left: plans' review agenda moved to events).
KNOWN_DEBT_FILES = {line.split()[0] for line in _layers.allowed()}
KNOWN_DEBT_TEMPLATES: set[str] = set()

# Project-level templates (allauth's pages) belong to the foundation too.
FOUNDATION_DIRS = [SRC / name for name in FOUNDATION_APPS] + [SRC / "templates"]


def domain_namespaces() -> set[str]:
    names = set(DOMAIN_APPS)
    for app in DOMAIN_APPS:
        try:
            urls = importlib.import_module(f"recoverynet.{app}.urls")
        except ModuleNotFoundError:
            continue
        names.add(getattr(urls, "app_name", app))
    return names


def url_name_pattern(namespaces: set[str]) -> re.Pattern[str]:
    """A quoted URL name in a domain namespace: `{% url 'events:event-list' %}`, `reverse("library:x")`,
    `redirect('newsletter:my-articles')`."""
    alternatives = "|".join(sorted(re.escape(n) for n in namespaces))
    return re.compile(rf"""["']({alternatives}):[\w-]+["']""")


def imported_modules(source: str, module: str) -> list[str]:
    """Every module a Python file imports, relative imports made absolute (`module` is the file's
    own dotted name), plus any dotted "recoverynet.x" string (import_module, settings paths)."""
    found: list[str] = []
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append(target)
            found.extend(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.extend(re.findall(r"\brecoverynet(?:\.\w+)+", node.value))
    return found


def violations_in_python(source: str, module: str, namespaces: set[str]) -> list[str]:
    problems = []
    for name in imported_modules(source, module):
        parts = name.split(".")
        if len(parts) > 1 and parts[0] == "recoverynet" and parts[1] in DOMAIN_APPS:
            problems.append(f"imports {name}")
    problems.extend(
        f"names URL {m.group(0)}" for m in url_name_pattern(namespaces).finditer(source)
    )
    return problems


def violations_in_template(source: str, namespaces: set[str]) -> list[str]:
    return [f"names URL {m.group(0)}" for m in url_name_pattern(namespaces).finditer(source)]


def foundation_files(suffix: str) -> list[Path]:
    return sorted(
        path
        for folder in FOUNDATION_DIRS
        for path in folder.rglob(f"*{suffix}")
        if "static" not in path.parts
    )


def module_name(path: Path) -> str:
    relative = path.relative_to(SRC.parent).with_suffix("")
    return ".".join(relative.parts)  # a package's __init__ keeps its name: relative imports work


# --- the checks ----------------------------------------------------------------------------------


def test_every_app_is_listed_as_foundation_or_domain() -> None:
    ours = {
        config.label for config in apps.get_app_configs() if config.name.startswith("recoverynet.")
    }
    unlisted = ours - set(FOUNDATION_APPS) - set(DOMAIN_APPS)
    assert not unlisted, (
        f"Add {sorted(unlisted)} to FOUNDATION_APPS or DOMAIN_APPS in {__file__} "
        "(a domain app is anything core, accounts and network must not name)."
    )


def test_foundation_python_names_no_domain_app() -> None:
    namespaces = domain_namespaces()
    problems = []
    files = foundation_files(".py")
    assert len(files) > 50  # the walk found the apps
    for path in files:
        if str(path.relative_to(SRC.parents[1])) in KNOWN_DEBT_FILES:
            continue
        found = violations_in_python(path.read_text(), module_name(path), namespaces)
        problems.extend(f"{path.relative_to(SRC)}: {p}" for p in found)
    assert not problems, "Use a UI slot (core/slots.py) instead:\n" + "\n".join(problems)


def test_foundation_templates_name_no_domain_app() -> None:
    namespaces = domain_namespaces()
    problems = []
    files = foundation_files(".html") + foundation_files(".txt")
    assert any(path.name == "base.html" for path in files)
    for path in files:
        if str(path.relative_to(SRC)) in KNOWN_DEBT_TEMPLATES:
            continue
        found = violations_in_template(path.read_text(), namespaces)
        problems.extend(f"{path.relative_to(SRC)}: {p}" for p in found)
    assert not problems, "Use a UI slot (core/slots.py) instead:\n" + "\n".join(problems)


# --- the checker finds what it should (so the checks above can fail) -----------------------------


def test_checker_finds_template_links_to_domain_apps() -> None:
    namespaces = domain_namespaces()
    bad = """<a href="{% url 'events:event-list' %}">Events</a>
    <a href="{% url "library:moderation-queue" %}">x</a>"""
    assert violations_in_template(bad, namespaces) == [
        "names URL 'events:event-list'",
        'names URL "library:moderation-queue"',
    ]
    good = """<a href="{% url 'network:directory' %}">Directory</a> {"events": "Events"}"""
    assert violations_in_template(good, namespaces) == []


def test_checker_finds_imports_of_domain_apps() -> None:
    namespaces = domain_namespaces()
    module = "recoverynet.network.views"
    assert violations_in_python("from recoverynet.events import selectors\n", module, namespaces)
    assert violations_in_python("import recoverynet.library.models\n", module, namespaces)
    assert violations_in_python("from ..newsletter.models import Article\n", module, namespaces)
    assert violations_in_python(
        "import importlib\nimportlib.import_module('recoverynet.challenges.access')\n",
        module,
        namespaces,
    )
    assert violations_in_python("reverse('challenges:organisation-rounds')\n", module, namespaces)
    assert not violations_in_python(
        "from recoverynet.core import slots\nfrom . import access\nfrom .models import Network\n",
        module,
        namespaces,
    )
