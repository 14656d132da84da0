"""Build the real guide (strictly, as `make site` does) and read the HTML back with a real parser."""
from __future__ import annotations

import re
import shutil

from bs4 import BeautifulSoup

from guide import npm_assets, render
from guide.schema import DATASETS
from guide.site import SOURCE_TEXT_PER_PAGE, load_site
from tests.conftest import ROOT, build, page_showing, sample_chapter

SITE = load_site(ROOT)


def expected_cell(dataset: str, field: str, record) -> str:
    value = record.get(field)
    f = DATASETS[dataset].field(field)
    if value in (None, "", []):
        return render.EMPTY
    if f.kind == "url":
        return render.url_label(value)
    if f.kind == "ref":
        target = SITE.record(f.ref, value)
        return target.get("abbr") or target.get("name")
    return str(value)


def cell_text(cell) -> str:
    """A cell's text as the reader sees it: <br> as a newline, tooltips as plain words."""
    for br in cell.find_all("br"):
        br.replace_with("\n")
    return cell.get_text()


def tables(soup: BeautifulSoup):
    for region in soup.select("div.guide-table"):
        table = region.find("table")
        dataset = re.match(r"table-([a-z_]+?)(?:-[0-9]+)?$", table["id"]).group(1)
        yield dataset, region, table


def all_pages(built):
    return sorted(built.site.rglob("*.html"))


def test_every_chapter_page_exists_with_its_title_and_description(built):
    for chapter in SITE.chapters():
        soup = built.html(chapter["page"])
        assert soup.find("h1").get_text(strip=True).rstrip("¶") == chapter["title"]
        assert soup.find("meta", attrs={"name": "description"})["content"] == chapter["description"]
        expected = SITE.brand["name"] if chapter["page"] == "index.md" else f"{chapter['title']} - {SITE.brand['name']}"
        assert soup.title.get_text() == expected


def test_every_table_holds_exactly_the_values_of_its_yaml(built):
    seen = 0
    for path in all_pages(built):
        soup = without_tooltips(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))
        for dataset, _region, table in tables(soup):
            ds = DATASETS[dataset]
            headers = [th.get_text() for th in table.select("thead th")]
            assert headers[: len(ds.columns)] == [c.header for c in ds.columns]
            for tr in table.select("tbody tr"):
                record = SITE.record(dataset, tr["data-record"])
                assert record is not None, f"{path}: row {tr['data-record']} is not in {ds.file}"
                cells = tr.find_all(["th", "td"])
                for column, cell in zip(ds.columns, cells):
                    marker = " \N{DAGGER}" if column.field in record.get("verify", ()) else ""  # "verify" cells
                    assert cell_text(cell) == expected_cell(dataset, column.field, record) + marker, (path, record.id)
                if "Sources" in headers:
                    markers = [a.get_text() for a in cells[-1].select("a.cite")]
                    numbers = [f"[{SITE.source_numbers[s]}]" for s in record.get("sources", [])]
                    assert markers == numbers
                seen += 1
    assert seen > 50


WHOLE_TABLE = re.compile(r"\{\{\s*table\(\s*[\"']([a-z_]+)[\"']\s*\)\s*\}\}")


def test_a_whole_dataset_table_lists_every_record_in_order(built):
    """Every `table("x")` with no selection, on every shown page, lists all of x in file order."""
    checked = 0
    for chapter in SITE.chapters():
        source = (ROOT / "docs" / chapter["page"]).read_text(encoding="utf-8")
        soup = built.html(chapter["page"])
        for dataset in WHOLE_TABLE.findall(source):
            found = [t for d, _, t in tables(soup) if d == dataset]
            assert found, f"{chapter['page']} shows no {dataset} table"
            ids = [[tr["data-record"] for tr in t.select("tbody tr")] for t in found]
            assert [r.id for r in SITE.records(dataset)] in ids, (chapter["page"], dataset)
            checked += 1
    assert checked >= 3


def test_tables_are_labelled_regions_with_captions_and_scoped_headers(built):
    soup = built.html(page_showing(next(d for d, ds in DATASETS.items() if ds.columns and d != "glossary")))
    for _, region, table in tables(soup):
        caption = table.find("caption")
        assert region["role"] == "region" and region["tabindex"] == "0"
        assert region["aria-labelledby"] == caption["id"] and caption.get_text().strip()
        assert all(th.get("scope") == "col" for th in table.select("thead th"))


def test_objectives_key_points_and_self_checks_come_from_data(built):
    for chapter in SITE.chapters():
        soup = without_tooltips(built.html(chapter["page"]))
        objectives = [li.get_text() for li in soup.select("ul.guide-objectives > li")]
        assert objectives == chapter["objectives"]
        points = [li.get_text() for li in soup.select("ul.guide-key-points > li")]
        assert points == chapter["key_points"]
        questions = [q for q in SITE.records("questions") if q["chapter"] == chapter.id]
        rendered = soup.select("li.guide-question")
        assert len(rendered) == len(questions) >= 4, chapter.id
        for q, li in zip(questions, rendered):
            assert li.select_one(".guide-prompt, fieldset > legend").get_text() == q["prompt"]
            if q.get("options"):  # a fieldset named by the prompt (the script adds the radio buttons)
                assert li.select_one("fieldset > legend") is not None
                assert len(li.select("fieldset ol.guide-options > li")) == len(q["options"])
                assert li.fieldset["data-answer"] == q["answer"].strip().lower()
            details = li.find("details")
            assert details is not None and details.find("summary") is not None
            assert not details.has_attr("open")
            assert q["explanation"] in details.get_text()


def test_citation_markers_lead_to_entries_on_the_sources_pages(built):
    # The numbered list goes on over as many pages as it needs, in order: each marker leads to the
    # page that lists it, and each page links to the next.
    listed, numbers = {}, []
    pages = SITE.sources_page_list()
    for n, page in enumerate(pages):
        soup = built.html(page)
        following = soup.select_one("nav.guide-sources-pages a[rel=next]")
        if n + 1 < len(pages):
            assert following is not None and following["href"] == f"../{pages[n + 1][:-3]}/", page
        else:
            assert following is None, page
        ol = soup.select_one("ol.guide-sources")
        items = ol.select(":scope > li")
        first = int(ol.get("start", "1"))
        numbers += range(first, first + len(items))
        listed.update({li["id"]: page for li in items})
    records = SITE.records("sources")
    assert list(listed) == [f"src-{s.id}" for s in records]
    assert numbers == [SITE.source_numbers[s.id] for s in records]  # the markers' numbers, as shown
    cites = built.html(sample_chapter()).select("a.cite")
    assert cites
    for a in cites:
        page, anchor = a["href"].split("#")
        assert page == f"../{listed[anchor][:-3]}/", a["href"]


def test_glossary_is_alphabetical_with_one_anchor_per_term(built):
    soup = built.html("glossary.md")
    terms = soup.select("dl.guide-glossary > dt")
    assert len(terms) == len(SITE.records("glossary")) >= 30
    names = [dt.get_text() for dt in terms]
    assert names == sorted(names, key=str.casefold)
    ids = [dt["id"] for dt in terms]
    assert len(set(ids)) == len(ids)


def without_tooltips(soup):
    """The page's text as it reads: glossary tooltips (shown beside a term) taken out."""
    for tip in soup.select(".guide-tip"):
        tip.decompose()
    return soup


def test_terms_get_focusable_tooltips_in_prose_and_tables(built):
    soup = built.html(sample_chapter())
    abbrs = soup.select("article abbr")
    assert abbrs
    for abbr in abbrs:
        assert abbr["tabindex"] == "0"
        tip = soup.find(id=abbr["aria-describedby"])
        expected = SITE.glossary.find(abbr.get_text()).get(abbr.get_text())
        assert tip.get("role") == "tooltip" and tip.get_text().startswith(expected), (tip.get_text(), expected)
        # The tooltip links to the term's entry on the glossary page.
        rid = SITE.glossary.ids[expected]
        assert tip.find("a")["href"] == f"../glossary/#term-{rid}"
    assert any(a.find_parent("table") for a in soup.select("abbr")) or any(
        a.find_parent("table") for p in all_pages(built)
        for a in BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").select("abbr"))


def test_key_points_page_collects_every_chapter_with_a_link(built):
    soup = built.html("key-points.md")
    headings = soup.select("article h2")
    assert [h.get_text(strip=True).rstrip("¶") for h in headings] == [c["title"] for c in SITE.chapters()]
    for h, chapter in zip(headings, SITE.chapters()):
        href = h.find("a", href=True)["href"]
        stem = chapter["page"][:-3]
        assert href == ("../" if stem == "index" else f"../{stem}/")


def test_printable_page_holds_every_chapter_in_order_with_an_answer_key_at_the_end(built):
    soup = without_tooltips(built.html("print.md"))
    titles = [h.get_text(strip=True).rstrip("¶") for h in soup.select("article h2")]
    chapter_titles = [c["title"] for c in SITE.chapters()]
    positions = [titles.index(t) for t in chapter_titles]
    assert positions == sorted(positions)
    assert titles[-1] == "Answer key"
    # Questions are printed without their answers (no details, no radio buttons) ...
    assert not soup.select("article details.guide-answer") and not soup.select("article input")
    assert len(soup.select("li.guide-question")) == len(SITE.records("questions"))
    # ... which follow at the end, by chapter, numbered as the questions are.
    key = soup.select_one("div.guide-answer-key")
    with_questions = [c for c in SITE.chapters() if any(q["chapter"] == c.id for q in SITE.records("questions"))]
    assert [h.get_text() for h in key.select("h3")] == [c["title"] for c in with_questions]
    for h, chapter in zip(key.select("h3"), with_questions):
        questions = [q for q in SITE.records("questions") if q["chapter"] == chapter.id]
        answers = h.find_next_sibling("ol").find_all("li", recursive=False)
        assert len(answers) == len(questions)
        for q, li in zip(questions, answers):
            assert q["explanation"] in li.get_text()
    # Its table of contents lists the chapters only (both copies: sidebar and phone menu),
    # while the page keeps every section heading.
    for toc in soup.select(".md-sidebar--secondary nav.md-nav--secondary, .md-nav--primary nav.md-nav--secondary"):
        assert [a.get_text(strip=True) for a in toc.select("a")] == chapter_titles + ["Answer key"]
    assert len(soup.select("article h3")) > 3 * len(chapter_titles)


def test_no_error_text_and_no_unrendered_jinja_is_published(built):
    for path in all_pages(built):
        text = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text()
        assert "{{" not in text and "{%" not in text, path
        assert "Macro Rendering Error" not in text and "Traceback" not in text, path


def test_one_yaml_value_changes_every_page_that_shows_it(project):
    target = project / "data" / "credentials.yml"
    record = SITE.record("credentials", "ncpt")
    old = record["requirements"]
    new = "Changed requirement text 7f3a"
    text = target.read_text(encoding="utf-8")
    assert text.count(old) == 1
    target.write_text(text.replace(old, new), encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output
    pages_with_new = [p for p in result.site.rglob("*.html") if new in p.read_text(encoding="utf-8")]
    assert len(pages_with_new) >= 2  # the skills chapter, resources or the printable guide
    for p in result.site.rglob("*.html"):
        soup = BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        assert old not in soup.get_text(), p


def test_a_longer_list_of_sources_goes_on_over_more_pages():
    # A fork citing many more sources gets as many pages as its list needs, none over the limit.
    from dataclasses import replace

    from guide.data import Record
    many = [Record({**s, "id": f"{s.id}-{n}"}, s.file, s.line, s.lines)
            for n in range(4) for s in SITE.records("sources")]
    site = replace(SITE, catalog={**SITE.catalog, "sources": many})
    pages = site.sources_page_list()
    assert pages[0] == "sources.md" and len(pages) == len(set(pages)) > 4
    assert [site.source_pages[s.id] for s in many] == sorted((site.source_pages[s.id] for s in many), key=pages.index)
    for page in pages:
        listed = site.sources_on(page)
        text = sum(len(v) for s in listed for v in s.values() if isinstance(v, str))
        assert listed and (text <= SOURCE_TEXT_PER_PAGE or len(listed) == 1), page


def test_without_the_minisearch_tarball_or_a_network_the_build_says_what_to_do(project):
    shutil.rmtree(project / npm_assets.CACHE, ignore_errors=True)
    # Nothing listens on the discard port: the download fails at once, as offline.
    result = build(project, env={"npm_config_registry": "http://127.0.0.1:9"})
    assert result.returncode != 0
    assert "Traceback" not in result.output
    tarball = project / npm_assets.CACHE / npm_assets.MINISEARCH.tarball
    assert str(tarball) in result.output and "npm registry" in result.output, result.output
    assert "build again" in result.output
    assert not tarball.exists() and not (project / "site").exists()


def test_a_cached_minisearch_that_is_not_the_published_one_stops_the_build(project):
    tarball = project / npm_assets.CACHE / npm_assets.MINISEARCH.tarball
    tarball.parent.mkdir(parents=True, exist_ok=True)
    tarball.write_bytes(b"not the published tarball")
    result = build(project, env={"npm_config_registry": "http://127.0.0.1:9"})
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert f"{tarball} is not the published" in result.output and "delete it and build again" in result.output
    assert tarball.read_bytes() == b"not the published tarball" and not (project / "site").exists()


def test_a_table_before_the_printed_chapters_keeps_every_table_id_unique_and_every_link_working(project):
    # The printable page's chapters are rendered once and shared with the chapters' reading facts
    # (guide/rendering.py printed_on); a table of the printable page's own, above them, must still
    # shift their ids, and their links must still start from the printable page.
    docs = project / "docs"
    page = next(p for p in sorted(docs.rglob("*.md")) if re.search(r"\{\{\s*printable\(\)", p.read_text(encoding="utf-8")))
    call = next(m.group(0) for p in sorted(docs.rglob("*.md"))
                for m in re.finditer(r"\{\{\s*table\([^}]*\)\s*\}\}", p.read_text(encoding="utf-8")))
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"(\{\{\s*printable\(\))", lambda m: f"{call}\n\n{m.group(1)}", text, count=1), encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output
    built_page = result.page_path(str(page.relative_to(docs)))
    soup = BeautifulSoup(built_page.read_text(encoding="utf-8"), "html.parser")
    ids = [t["id"] for t in soup.select("article table[id]")]
    assert len(ids) > 1 and len(ids) == len(set(ids)), ids
    for a in soup.select("article a[href]"):
        href = a["href"].split("#")[0]
        if not href or re.match(r"[a-z]+:", href):
            continue
        target = (built_page.parent / href).resolve()
        assert (target / "index.html" if target.is_dir() else target).exists(), a["href"]
