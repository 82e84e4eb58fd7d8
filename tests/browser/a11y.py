"""axe-core accessibility checks for browser tests.

The axe-core script is the one bundled with the installed `axe_playwright_python` package; nothing is
downloaded. It is injected with `page.evaluate`, which the site's Content-Security-Policy
(`script-src 'self'`) does not apply to, so the page under test keeps its real policy.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

# WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe has no wcag22a tag: 2.2 added no level-A rule it tests).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@functools.cache
def axe_source() -> str:
    return (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines: list[str] = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']}  [{v.get('helpUrl', '')}]")
        for node in v.get("nodes", []):
            target = " ".join(str(t) for t in node.get("target", []))
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {target}: {summary}")
            html = node.get("html", "")
            if html:
                lines.append(f"      {html[:200]}")
    return "\n".join(lines)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    # The NHS.UK header folds menu items under "More" after load and after a resize, with a colour
    # transition: axe must see the page at rest, not white text mid-fade (a flaky contrast finding).
    page.wait_for_function(
        "document.getAnimations().every(a => a.playState !== 'running')", timeout=5000
    )
    results = page.evaluate(
        """(tags) => axe.run(document, {
            runOnly: {type: 'tag', values: tags},
            resultTypes: ['violations'],
        })""",
        WCAG_TAGS,
    )
    return results["violations"]


SETTLED = (
    "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame("
    "() => requestAnimationFrame(done))))"
)


def assert_accessible(page: Any) -> None:
    """Run axe on the page as it is now and fail, listing every violation, if there is any.

    First a few animation frames pass: after a test changes the viewport, the NHS header moves its
    links in or out of "More" in a ResizeObserver callback and the next frame, and axe running in
    between saw white links over the grey page behind the header (colour contrast) on a busy
    machine."""
    page.evaluate(SETTLED)
    violations = axe_violations(page)
    assert not violations, (
        f"axe found {len(violations)} accessibility violation(s) on {page.url}:\n"
        + format_violations(violations)
    )
