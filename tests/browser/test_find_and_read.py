"""Find and read anything on any screen (issue 15): tables at phone and desktop widths in both
color schemes, the 404 page, printing, glossary and citation previews.

Pages and tables are found in the hosted build, never listed here, so a fork's guide is tested
on its own pages.
"""
from __future__ import annotations

import pytest

from guide.site import load_site
from tests.browser.conftest import site_pages
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

SCHEMES = ["light", "dark"]
WIDTHS = [375, 1280]

# Per table: does it fit its region and the text column, how many scroll containers does it sit
# in, and (in the card layout) is the row header the card's title and is each cell labelled?
TABLE_FACTS = """() => {
  const article = document.querySelector('.md-content__inner');
  const right = article.getBoundingClientRect().right - parseFloat(getComputedStyle(article).paddingRight);
  return [...document.querySelectorAll('div.guide-table')].map(region => {
    const table = region.querySelector('table');
    const scrollers = [region, ...region.querySelectorAll('*')].filter(e => {
      const o = getComputedStyle(e).overflowX; return o === 'auto' || o === 'scroll'; });
    const row = table.querySelector('tbody tr');
    const cards = getComputedStyle(row).display === 'flex';
    const header = row.querySelector('th[scope=row]');
    const first = [...row.children].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0];
    const heads = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
    const labels = [...row.children].map((c, i) => c.tagName === 'TD'
      ? [heads[i], c.getAttribute('data-label'), getComputedStyle(c, '::before').content] : null).filter(Boolean);
    return {id: table.id, fits: region.scrollWidth <= region.clientWidth,
            inside: region.getBoundingClientRect().right <= right + 1, scrollers: scrollers.length,
            cards, titleFirst: !header || first === header, labels,
            focusable: region.getAttribute('tabindex') === '0' && region.getAttribute('role') === 'region'};
  });
}"""


@pytest.fixture(scope="module")
def table_facts(browser, site_url, built):
    facts = {}
    for scheme in SCHEMES:
        for width in WIDTHS:
            context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800})
            page = context.new_page()
            for path in site_pages(built):
                page.goto(site_url + path)
                for t in page.evaluate(TABLE_FACTS):
                    facts[(scheme, width, path, t["id"])] = t
            context.close()
    return facts


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_every_table_fits_or_becomes_cards(table_facts, scheme, width):
    seen = {k: t for k, t in table_facts.items() if k[0] == scheme and k[1] == width}
    assert seen, "no tables found; the check proved nothing"
    for (_, _, path, tid), t in seen.items():
        where = f"/{path} #{tid} ({scheme}, {width} px)"
        assert t["scrollers"] == 1, f"{where}: {t['scrollers']} scroll containers; the region must be the only one"
        assert t["focusable"], f"{where}: the region must be focusable (tabindex=0, role=region)"
        assert t["fits"] and t["inside"], f"{where}: wider than the text column"
        if width == 1280:
            assert not t["cards"], f"{where}: a desktop shows the table, not cards"
        else:
            assert t["cards"], f"{where}: a phone shows each row as a card"
            assert t["titleFirst"], f"{where}: the row header must be the card's title"
            for head, label, before in t["labels"]:
                assert label == head and before == f'"{head}: "', f"{where}: cell labelled {before!r}, not {head!r}"


def test_a_table_that_still_overflows_scrolls_by_keyboard_with_a_cue(browser, site_url, built):
    """Where a table is wider than its column (a fork's wider table; here one is made wider), its
    region shows a shadow cue and the arrow keys scroll it."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    path = next(p for p in site_pages(built) if (built.site / p / "index.html").read_text(encoding="utf-8")
                .count('class="guide-table"'))
    page.goto(site_url + path)
    region = page.locator("div.guide-table").first
    region.evaluate("e => { e.querySelector('table').style.minWidth = '80rem'; }")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
    assert "gradient" in region.evaluate("e => getComputedStyle(e).backgroundImage"), "no scroll cue"
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("e => e.scrollLeft > 0", arg=region.element_handle())
    context.close()


# --- printing ---------------------------------------------------------------------------------

PRINT_FACTS = """() => {
  const after = e => getComputedStyle(e, '::after').content;
  const links = [...document.querySelectorAll('.md-content article a[href]')];
  const offsite = a => new URL(a.href).origin !== location.origin;
  const internal = links.filter(a => !offsite(a));
  const external = links.filter(offsite);
  const kept = [...document.querySelectorAll('.md-content article *')].filter(e =>
    getComputedStyle(e).breakInside === 'avoid' && e.getBoundingClientRect().height > 400);
  const table = document.querySelector('table.guide-data');
  const body = getComputedStyle(document.body);
  return {
    internalAfter: internal.map(after).filter(c => c !== 'none' && c !== 'normal'),
    external: external.map(a => [a.getAttribute('href'),
                                  a.className + ' rel:' + a.rel + (a.closest('.guide-sources') ? ' in-sources' : ''), after(a),
                                  parseFloat(getComputedStyle(a).fontSize)]),
    kept: kept.map(e => e.tagName + '.' + e.className),
    table: table ? [getComputedStyle(table).breakInside, getComputedStyle(table.querySelector('thead')).display] : null,
    background: body.backgroundColor, color: body.color,
  };
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_printing_shows_addresses_once_breaks_tables_and_prints_light(browser, site_url, built, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    external_seen = tables_seen = 0
    for path in site_pages(built):
        if path.startswith("print"):
            continue
        page.goto(site_url + path)
        page.emulate_media(media="print")
        f = page.evaluate(PRINT_FACTS)
        assert f["internalAfter"] == [], f"/{path}: internal links or source markers print an address: {f['internalAfter'][:3]}"
        for href, classes, after, size in f["external"]:
            if href.startswith("mailto:"):
                continue
            marks = classes.split()
            assert "rel:noopener" in marks or "in-sources" in marks, \
                f"/{path}: external link {href} is not marked rel=noopener"
            if "guide-url" in marks or "in-sources" in marks:  # reads as its address: the address replaces the label
                assert "attr(href)" in after or href in after, (path, href, after)
                assert size == 0, f"/{path}: {href} prints its label and its address"
            else:
                assert after.count("attr(href)") + after.count(href) == 1, (path, href, after)
            external_seen += 1
        assert f["kept"] == [], f"/{path}: blocks over 400 px kept together leave pages mostly empty: {f['kept']}"
        if f["table"]:
            tables_seen += 1
            assert f["table"] == ["auto", "table-header-group"], f"/{path}: tables must break with repeated headers"
        assert f["background"] == "rgb(255, 255, 255)", f"/{path} prints on {f['background']} in {scheme} mode"
        page.emulate_media(media="screen")
    context.close()
    assert external_seen and tables_seen


# --- the 404 page ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hosted_404(built, tmp_path_factory):
    """The build served as a web host would at the brand's site_url path, answering any missing
    address with 404.html and status 404 (GitHub Pages does)."""
    import http.server
    import threading
    from functools import partial
    from urllib.parse import urlsplit

    from tests.browser.conftest import GzipHandler

    mount = urlsplit(load_site(ROOT).brand["site_url"]).path.strip("/")
    top = tmp_path_factory.mktemp("host")
    (top / mount).parent.mkdir(parents=True, exist_ok=True)
    (top / mount).symlink_to(built.site, target_is_directory=True)
    not_found = (built.site / "404.html").read_bytes()

    class Host(GzipHandler):
        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(not_found)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(not_found)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Host, directory=str(top)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{mount}/" if mount else \
        f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize("missing", ["no-such-page/", "role/no/such/deep/page/", "x.html"])
def test_the_404_page_is_styled_and_leads_everywhere(browser, hosted_404, missing):
    site = load_site(ROOT)
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: r.status >= 400 and r.url != hosted_404 + missing and failed.append(r.url))
    response = page.goto(hosted_404 + missing)
    assert response.status == 404
    assert "not found" in page.title().lower() and "not found" in page.locator("h1").inner_text().lower()
    # Styled: Material's and the guide's style sheets loaded from the site's root.
    assert page.evaluate("[...document.styleSheets].some(s => (s.href || '').endsWith('/assets/guide.css'))")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    links = page.eval_on_selector_all(".md-content article a[href]", "els => els.map(a => [a.href, a.textContent])")
    titles = {text for _, text in links}
    for chapter in site.chapters():
        assert chapter["title"] in titles, f"the 404 page has no link to {chapter['title']!r}"
    for href, _ in links:
        if href.startswith(hosted_404):
            assert context.request.get(href).status == 200, href
    # The search box works from here too.
    page.locator('label.md-header__button[for="__search"]').click()
    query = page.locator("input.md-search__input")
    query.press_sequentially(site.chapters()[1]["title"])
    page.locator(".md-search-result__link").first.wait_for(state="visible", timeout=10_000)
    assert failed == [], failed
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_404_page_passes_axe(browser, hosted_404, scheme, width):
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.test_accessibility import AXE_OPTIONS
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(hosted_404 + "missing/page/")
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    context.close()
