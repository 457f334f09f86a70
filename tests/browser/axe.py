"""axe-core in the browser tests: which serious or critical accessibility faults a page has.

axe-core comes from the npm registry and is vendored under `tests/browser/vendor/axe-core/`
with its licences (MPL-2.0, and the third-party notices) and `VERSION`, so the tests run
without the internet. To change the version: `npm pack axe-core@<version>`, unpack, and copy
`package/axe.min.js`, `LICENSE` and `LICENSE-3RD-PARTY.txt` there. It is injected into the
page under test with Playwright's `add_script_tag` (the page's context needs `bypass_csp`: the
site's CSP allows no injected script) and run with the WCAG 2.1 A and AA rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = ("serious", "critical")


@dataclass(frozen=True)
class Violation:
    """One rule broken on one page, with the CSS targets of the offending elements."""

    url: str
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.url}: {self.rule} ({self.impact}) {self.help} at {', '.join(self.targets)}"


def serious_violations(page: Page) -> list[Violation]:
    """axe's serious and critical violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    result: dict[str, Any] = page.evaluate("options => axe.run(document, options)", options)
    return [
        Violation(
            page.url,
            found["id"],
            found["impact"],
            found["help"],
            tuple(" ".join(node["target"]) for node in found["nodes"]),
        )
        for found in result["violations"]
        if found["impact"] in SERIOUS
    ]
