"""axe-core in a real browser: inject the vendored engine (tests/browser/vendor/axe-core) into
a Playwright page and return the violations of the impacts we refuse.

The script is evaluated through the DevTools protocol, which the page's Content Security
Policy does not govern, so the application's strict CSP stays on while it is checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE_SOURCE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
REFUSED = ("serious", "critical")


def axe_violations(page: Any, *, impacts: tuple[str, ...] = REFUSED) -> list[dict[str, Any]]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + n.failureSummary)}));
        }"""
    )
    return [v for v in result if v["impact"] in impacts]


def describe(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{url}:"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}")
        lines.extend(f"      {node}" for node in v["nodes"])
    return "\n".join(lines)
