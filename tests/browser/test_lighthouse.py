"""Lighthouse (mobile) targets on the hosted build, through the same code as `make audit`.

Targets (issue 6): accessibility, best practices and SEO 100 (performance >= 98 is a timing:
`make audit` reports it);
the first view of a chapter <= 80 KiB over <= 6 requests, none third-party;
page HTML <= 50 KB and <= 800 DOM elements. Without Node/npm/Lighthouse these
tests skip and say why, except under CI=true, where that is a failure.
"""
from __future__ import annotations

import os

import pytest

from tests.browser.audit import LighthouseUnavailable, audit_page, ensure_lighthouse
from tests.browser.conftest import site_pages

pytestmark = pytest.mark.browser

AUDITED = ["", "role/", "growth/"]  # the home page and two chapters
CHAPTERS = ["role/", "growth/"]
MAX_FIRST_VIEW_BYTES = 80 * 1024
MAX_FIRST_VIEW_REQUESTS = 6
MAX_HTML_BYTES = 50_000
MAX_DOM_ELEMENTS = 800
# The print page holds the whole guide on one page by design, so it is exempt
# from the per-page size limits.
SIZE_EXEMPT = {"print/"}


@pytest.fixture(scope="module")
def lighthouse():
    try:
        ensure_lighthouse()
    except LighthouseUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Lighthouse is required under CI=true: {exc}")
        pytest.skip(f"Lighthouse tests need it: {exc}")


@pytest.fixture(scope="module")
def results(lighthouse, site_url):
    """One Lighthouse result per audited page (`make audit` reports performance for every page)."""
    found = {}
    for path in AUDITED:
        found[path] = audit_page(site_url, path)
    return found


@pytest.mark.parametrize("path", AUDITED)
def test_lighthouse_scores_meet_the_targets(results, path):
    r = results[path]
    # The performance score is a timing, and timings belong in `make audit`, not in a test that
    # passes or fails with the machine's load; the scores below do not depend on speed.
    wanted = {"accessibility": 100, "best-practices": 100, "seo": 100}
    below = {c: r.scores[c] for c, target in wanted.items() if r.scores[c] < target}
    assert not below, f"/{path} below target: {below}; audits:\n" + "\n".join(r.failed_audits)


@pytest.mark.parametrize("path", AUDITED)
def test_no_third_party_requests(results, path):
    assert results[path].third_party == [], f"/{path} requests other hosts: {results[path].third_party}"


@pytest.mark.parametrize("path", CHAPTERS)
def test_first_view_of_a_chapter_is_small(results, path):
    r = results[path]
    assert r.transferred <= MAX_FIRST_VIEW_BYTES, f"/{path}: {r.transferred / 1024:.1f} KiB transferred"
    assert r.requests <= MAX_FIRST_VIEW_REQUESTS, f"/{path}: {r.requests} requests"


def test_pages_stay_within_the_html_and_dom_budget(results, built, browser, site_url):
    # Lighthouse's own numbers for the audited pages ...
    for path, r in results.items():
        assert r.html_bytes <= MAX_HTML_BYTES, f"/{path}: HTML is {r.html_bytes} bytes"
        assert r.dom_elements <= MAX_DOM_ELEMENTS, f"/{path}: {r.dom_elements} DOM elements"
    # ... and every other page, measured the same way in the browser (cheaper than Lighthouse).
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    over = {}
    for path in site_pages(built):
        if path in SIZE_EXEMPT:
            continue
        html_bytes = (built.site / path / "index.html").stat().st_size
        page.goto(site_url + path)
        elements = page.evaluate("document.querySelectorAll('*').length")
        if html_bytes > MAX_HTML_BYTES or elements > MAX_DOM_ELEMENTS:
            over[path] = f"{html_bytes} bytes, {elements} elements"
    context.close()
    assert over == {}, f"pages over {MAX_HTML_BYTES} bytes of HTML or {MAX_DOM_ELEMENTS} elements: {over}"
