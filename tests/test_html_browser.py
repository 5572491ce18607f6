"""The HTML report in a real browser: headless Chromium (Debian's ``chromium``) driven by
playwright's Python package, offline. Checks the DOM, the console and the filters, and
saves screenshots under ``test-artifacts/`` for people to look at.

Needs ``apt-get install -y chromium`` and ``pip install playwright`` (never ``playwright
install``: it downloads a browser); ``.ci/run`` installs both. Without them the test
fails, saying what to install.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from drift.report.writer import write_report

CHROMIUM = "/usr/bin/chromium"
# Offline, no GPU, no background traffic: the page must work from the file alone.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def _unavailable(reason: str) -> None:
    pytest.fail(f"{reason}: install it as this module's docstring says")


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        _unavailable(f"no Chromium at {CHROMIUM}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def page_file(example_report, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("html") / "kim-putin-2023.html"
    write_report(example_report, path, "html")
    return path


def open_page(browser, path: Path):
    """Open ``path`` with every network request refused; returns (page, console errors)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("http*://**", lambda route: route.abort())
    page.goto(path.as_uri())
    return page, errors


def test_report_page_in_chromium(browser, page_file, example_report):
    data = example_report.to_dict()
    page, errors = open_page(browser, page_file)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-top.png"))

    assert page.locator("article.unit").count() == len(data["units"])
    marks = page.locator("mark.d[data-show]")
    total = marks.count()
    assert total > 100
    assert page.locator("#shown").inner_text() == f"{len(data['units'])} of {len(data['units'])} units shown"
    assert page.locator("#heatmap table.heat td[style]").count() == 20  # 5 x 5 minus the diagonal
    assert page.locator("#signature").inner_text() == data["signature"]
    assert page.locator("#bar").evaluate("e => getComputedStyle(e).position") == "sticky"

    # Untick "entity": its highlights go (or show another type they also carry).
    entity = page.locator("mark.d[data-show='entity']").count()
    assert entity > 0
    page.locator("label.chip:has(input[value='entity'])").click()
    assert page.locator("mark.d[data-show='entity']").count() == 0
    assert page.locator("mark.d[data-show]").count() < total

    # Raise the word-score floor past every score (scores are at most 1): nothing stays
    # highlighted, and "only units with shown differences" then hides every unit.
    page.locator("#min-score").fill("1")
    assert page.locator("mark.d[data-show]").count() == 0
    page.locator("#only-diff").check()
    assert page.locator("article.unit:visible").count() == 0
    assert page.locator("#shown").inner_text() == f"0 of {len(data['units'])} units shown"

    # Back to everything, then a unit-drift floor keeps only the units at or above it.
    page.locator("#only-diff").uncheck()
    page.locator("#min-score").fill("0")
    page.locator("#min-drift").fill("0.15")
    expected = sum(1 for u in data["units"] if _unit_drift(data, u["id"]) >= 0.15)
    assert 0 < expected < len(data["units"])
    assert page.locator("article.unit:visible").count() == expected

    page.locator("#min-drift").fill("0")
    page.locator("label.chip:has(input[value='entity'])").click()
    page.locator("#unit-0").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "report-units.png"))
    page.locator("#coverage").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "report-coverage.png"))
    assert errors == []


def _unit_drift(data, unit_id: int) -> float:
    values = [p.get("drift", 1 - p["similarity"]) for p in data["pairs"] if p["unit"] == unit_id]
    return max(values, default=-1.0)
