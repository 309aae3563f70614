"""Headless Chromium for the browser tests, driven by Playwright for Python.

It is Debian's chromium (scripts/setup-browser installs it and Playwright), never a browser
Playwright downloads: set ILSA_CHROMIUM to use another build. --no-sandbox because the tests run
as root. Works with the sync and the async API alike (with async, await what these return):

    from playwright.sync_api import sync_playwright
    import browser
    with sync_playwright() as p:
        page = browser.new_context(browser.launch(p)).new_page()
"""
import os

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def chromium_path():
    """ILSA_CHROMIUM if set, else the first system Chromium found."""
    path = os.environ.get("ILSA_CHROMIUM") or next(
        (p for p in CHROMIUM_PATHS if os.access(p, os.X_OK)), None)
    if not path:
        raise RuntimeError("no Chromium found: run scripts/setup-browser or set ILSA_CHROMIUM")
    return path


def launch(playwright, **options):
    """A headless Browser; options go on to playwright.chromium.launch."""
    return playwright.chromium.launch(
        **{"executable_path": chromium_path(), "headless": True, "args": ["--no-sandbox"], **options})


def new_context(browser, width=390, **options):
    """A phone-sized (width x 844) BrowserContext in Korean, on Seoul time."""
    return browser.new_context(**{
        "viewport": {"width": width, "height": 844}, "locale": "ko-KR",
        "timezone_id": "Asia/Seoul", **options})
