"""Browser tests: Debian's Chromium driven by Playwright, against the live test server."""

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

# Playwright's sync API keeps an event loop in this thread; Django's ORM guard would
# otherwise refuse the database access of the test's own set-up code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("LOTSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
AXE_RUN = (
    "\n;axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations))"
)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/ensure-test-system.sh")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class Page:
    """A page with the checks every browser test wants: axe and CSP violations."""

    def __init__(self, context, base_url):
        self.context = context
        self.page = context.new_page()
        self.page.set_default_timeout(10_000)
        self.base_url = base_url
        self.console_errors: list[str] = []
        self.page.on(
            "console",
            lambda message: (
                self.console_errors.append(message.text) if message.type == "error" else None
            ),
        )

    def goto(self, path):
        return self.page.goto(self.base_url + path)

    def axe_violations(self):
        """Serious and critical axe-core violations of the current page.

        A click on a link returns once the navigation has started, so the check first
        waits for the new document; should the document still change under the check
        (the evaluation then fails with its context destroyed), it runs again.
        """
        for attempt in range(3):
            self.page.wait_for_load_state("load")
            cdp = self.context.new_cdp_session(self.page)
            # Through the DevTools protocol, so the page's strict CSP need not be loosened;
            # axe is injected and run in one evaluation, in one and the same document.
            result = cdp.send(
                "Runtime.evaluate",
                {
                    "expression": AXE_SOURCE + AXE_RUN,
                    "awaitPromise": True,
                    "returnByValue": True,
                },
            )
            cdp.detach()
            if "value" in result["result"]:
                break
            if attempt == 2:
                raise AssertionError(f"axe did not run on {self.page.url}: {result}")
        violations = json.loads(result["result"]["value"])
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["html"] for n in v["nodes"]][:3]}
            for v in violations
            if v["impact"] in {"serious", "critical"}
        ]

    def assert_accessible(self):
        violations = self.axe_violations()
        if violations:
            ARTIFACTS.mkdir(exist_ok=True)
            name = self.page.url.split("//", 1)[-1].replace("/", "_").replace(":", "_")
            self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        assert violations == [], self.page.url
        csp = [e for e in self.console_errors if "Content Security Policy" in e]
        assert csp == [], csp


@pytest.fixture
def browser_page(chromium, live_server):
    context = chromium.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    yield Page(context, live_server.url)
    context.close()


@pytest.fixture
def phone_page(chromium, live_server):
    context = chromium.new_context(
        locale="de-DE", viewport={"width": 375, "height": 740}, is_mobile=True
    )
    yield Page(context, live_server.url)
    context.close()
