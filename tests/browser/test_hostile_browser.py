"""The hostile build (tests/hostile.py: an attack in every field of every dataset and of the brand)
in a real browser: on every page, no dialog opens, no script error or console error occurs, and
nothing is requested from another host, also after the search box has shown results that hold
the attack text and after every tooltip has been focused."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import serve, site_pages
from tests.conftest import build
from tests.hostile import build_hostile_project

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = build_hostile_project(tmp_path_factory.mktemp("hostile-browser"))
    result = build(root)
    assert result.returncode == 0, result.output
    server = serve(result.site)
    yield result, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_no_dialog_error_or_outside_request_on_any_page(browser, hostile_site):
    result, base = hostile_site
    context = browser.new_context()
    page = context.new_page()
    trouble: list[str] = []
    where = {"path": ""}
    page.on("dialog", lambda d: (trouble.append(f"/{where['path']}: dialog {d.message!r}"), d.dismiss()))
    page.on("pageerror", lambda exc: trouble.append(f"/{where['path']}: script error {exc}"))
    page.on("console", lambda msg: trouble.append(f"/{where['path']}: console {msg.text}")
            if msg.type == "error" else None)
    host = urlsplit(base).netloc

    def outside(route):
        if urlsplit(route.request.url).netloc not in (host, ""):
            trouble.append(f"/{where['path']}: request to {route.request.url}")
            return route.abort()
        return route.continue_()

    page.route("**/*", outside)
    pages = site_pages(result)
    assert len(pages) >= 3
    for path in pages:
        where["path"] = path
        page.goto(base + path, wait_until="load")
        for abbr in page.locator("article abbr").all()[:20]:  # tooltips hold definitions
            abbr.focus()
        page.wait_for_timeout(50)
    # The search box shows result titles and text that hold the attack.
    where["path"] = "(search)"
    page.goto(base, wait_until="load")
    page.keyboard.press("/")
    page.locator("[data-guide-search] input").fill("pwn")
    page.wait_for_timeout(800)
    assert page.locator("[data-guide-search] li, [data-guide-search] .md-search-result__item").count() > 0
    context.close()
    assert trouble == []
