"""Open generated pages in a real headless Chromium (Playwright driving the system browser).

Used by the tests and to take the README's screenshots:

    python -m kg.views.browser VIEWS_DIR SCREENSHOT_DIR

Every request, console message, page error and dialog is recorded, so a caller can
assert that nothing left file:// and no script ran that should not have.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_SCHEMES = ("file://", "data:", "about:", "blob:")


def chromium_path() -> str | None:
    """The system Chromium (Debian: apt-get install chromium), or $GOVKG_CHROMIUM."""
    for candidate in (os.environ.get("GOVKG_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@dataclass(slots=True)
class Probe:
    """One opened page and everything it did."""

    page: Any
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def remote_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(LOCAL_SCHEMES)]

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)


@contextmanager
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError("no Chromium found: apt-get install chromium (or set GOVKG_CHROMIUM)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def open_page(b: Any, path: Path, *, width: int = 1400, height: int = 900, timeout_ms: int = 60_000) -> Probe:
    """Load a page from disk and wait until its network has laid out (body[data-ready])."""
    return open_url(b, Path(path).resolve().as_uri(), LOCAL_SCHEMES, "body[data-ready='1']", width=width,
                    height=height, timeout_ms=timeout_ms)


def open_url(b: Any, address: str, allowed: tuple[str, ...], ready: str | None, *, width: int = 1400,
             height: int = 900, timeout_ms: int = 60_000) -> Probe:
    """Load a page and wait for the `ready` selector; a request to an address not starting with
    one of `allowed` is refused, and still recorded: the test wants to see it was tried."""
    context = b.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(allowed)
                  else route.abort())
    page = context.new_page()
    probe = Probe(page)
    page.on("request", lambda r: probe.requests.append(r.url))
    page.on("console", lambda m: probe.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: probe.page_errors.append(str(e)))

    def on_dialog(d: Any) -> None:
        probe.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(address)
    if ready:
        page.wait_for_selector(ready, state="attached", timeout=timeout_ms)
    return probe


def screenshot(b: Any, path: Path, out: Path, *, width: int = 1400, height: int = 900,
               search: str | None = None) -> Path:
    probe = open_page(b, path, width=width, height=height)
    if search:
        probe.js("q => window.govkg.search(q)", search)
    out.parent.mkdir(parents=True, exist_ok=True)
    probe.page.screenshot(path=str(out))
    probe.page.context.close()
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m kg.views.browser VIEWS_DIR SCREENSHOT_DIR", file=sys.stderr)
        return 2
    views, out = Path(argv[0]), Path(argv[1])
    with browser() as b:
        for page in sorted(views.glob("*.html")):
            if page.name == "index.html":
                continue
            shot = screenshot(b, page, out / f"{page.stem}.png")
            print(shot)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
