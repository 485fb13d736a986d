"""The widget page's login in Debian's chromium: a wrong password is refused on the page, the right one
makes the assistant read the elder's own allowance, and the page's script cannot read the session."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.security.conftest import WIDGET_PASSWORD, WIDGET_USER

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def page(widget):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(locale="zh-CN")
        page.set_default_timeout(90_000)
        page.goto(widget.url)
        yield page
        browser.close()


def ask(page, text: str) -> str:
    before = page.locator(".msg.assistant").count()
    page.fill("#input", text)
    page.click("#send")
    page.locator(".msg.assistant").nth(before).wait_for()  # (the page's CSP forbids waiting on a JS string)
    page.wait_for_selector("#thinking", state="hidden")
    return page.locator(".msg.assistant").last.inner_text()


def test_logging_in_on_the_page(page):
    assert "200" not in ask(page, "我的补贴发了没有")  # anonymous: asked who, nothing read out
    page.click("#login-switch")
    page.fill("#login-name", WIDGET_USER)
    page.fill("#login-password", "wrong-password")
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#login-error", state="visible")
    page.fill("#login-password", WIDGET_PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#login-form", state="hidden")
    assert page.inner_text("#login-switch") == "退出登录"
    session = [c for c in page.context.cookies() if c["name"] == "e12349_session"]
    assert session and session[0]["httpOnly"] and session[0]["sameSite"] == "Strict"  # no script can take it
    assert "200" in ask(page, "我的补贴发了没有")  # 张建国's 服务补贴, 200 元 a month
