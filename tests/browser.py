"""Shared set-up for the browser tests: Debian's chromium driven by Playwright, offline.

Never `playwright install`: the tests use the system chromium at /usr/bin/chromium (`make browser-deps`
installs it). Every request that is not local is blocked and recorded, so a test can assert that a
page drew without the network.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.paths import ROOT

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "build" / "screenshots"
# Without the background-networking flags chromium keeps trying to reach Google's hosts.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL = ("file://", "data:", "blob:", "http://127.0.0.1", "http://localhost")

#: Marks for a module of browser tests: skipped, with the reason, when chromium is missing.
needs_chromium = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium, or `make browser-deps`)",
    ),
]


def launch(playwright):
    """Start headless chromium from /usr/bin with the flags this machine needs."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)


def block_outside(page, allow: tuple[str, ...] = LOCAL) -> list[str]:
    """Abort every request whose URL does not start with ``allow``; return the list they are recorded in."""
    blocked: list[str] = []

    def handle(route):
        if route.request.url.startswith(allow):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return blocked
