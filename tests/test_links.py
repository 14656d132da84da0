"""Link integrity: every internal href/src of the built guide resolves, #fragments included,
and every address in data is well-formed https."""
from __future__ import annotations

import shutil
import subprocess
import sys

from bs4 import BeautifulSoup

from guide import linkcheck
from guide.site import load_site
from tests.conftest import ROOT, build, sample_chapter


def test_every_internal_link_of_the_guide_resolves(built):
    broken, checked = linkcheck.check_site(built.site)
    assert broken == []
    assert checked > 500  # the check really read the pages


def test_the_check_covers_links_made_by_macros(built):
    # The kinds of raw-HTML links the macros write are among those that were checked.
    soup = built.html(sample_chapter())
    cite = soup.select_one("a.cite")
    assert cite is not None and cite["href"].split("#")[1].startswith("src-")
    assert any(cite["href"].startswith(f"../{page[:-3]}/#") for page in load_site(ROOT).sources_page_list())
    glossary = built.html("glossary.md")
    assert glossary.select_one("dt[id^=term-]") is not None


def test_a_broken_link_and_a_broken_anchor_are_reported_with_page_and_href(built, tmp_path):
    site = shutil.copytree(built.site, tmp_path / "site")
    page = site / "role" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    cite = soup.select_one("a.cite")
    cite["href"] = "../sources/#src-no-such-source"
    soup.find("main").append(BeautifulSoup('<a href="../no-such-page/">x</a><img src="../img/none.png" alt="">',
                                           "html.parser"))
    page.write_text(str(soup), encoding="utf-8")
    broken, _ = linkcheck.check_site(site)
    found = {(b.page, b.href) for b in broken}
    assert found == {("role/index.html", "../sources/#src-no-such-source"),
                     ("role/index.html", "../no-such-page/"),
                     ("role/index.html", "../img/none.png")}
    anchor = next(b for b in broken if b.href.endswith("#src-no-such-source"))
    assert "no element with id 'src-no-such-source' in sources/index.html" in anchor.reason
    # The command-line entry says the same and fails.
    proc = subprocess.run([sys.executable, "-m", "guide.linkcheck", str(site)], cwd=ROOT, capture_output=True,
                          text=True)
    assert proc.returncode == 1
    assert "role/index.html: '../no-such-page/'" in proc.stderr
    assert "3 of " in proc.stderr


def test_the_build_fails_on_a_broken_link_in_raw_html(project):
    page = project / "docs" / sample_chapter()
    page.write_text(page.read_text(encoding="utf-8") + '\n<p><a href="../glossary/#term-no-such-term">x</a></p>\n',
                    encoding="utf-8")
    result = build(project)
    assert result.returncode == 1
    assert "role/index.html: '../glossary/#term-no-such-term': no element with id 'term-no-such-term'" \
           in result.output
    assert "Traceback (most recent call last)" not in result.output
    assert not (project / "site").exists()


def test_an_http_address_in_data_is_refused(project):
    orgs = project / "data" / "organizations.yml"
    text = orgs.read_text(encoding="utf-8")
    assert 'url: "https://psychtechs.org/"' in text
    orgs.write_text(text.replace('url: "https://psychtechs.org/"', 'url: "http://psychtechs.org/"', 1),
                    encoding="utf-8")
    result = build(project)
    assert result.returncode == 1
    assert "field 'url': 'http://psychtechs.org/' is not a full https:// address" in result.output
    assert "data/organizations.yml:" in result.output


def test_every_address_in_data_is_well_formed_https(built):
    from urllib.parse import urlsplit

    from guide.data import load_catalog
    from guide.schema import DATASETS

    catalog = load_catalog(built.root / "data")
    urls = [r[f.name] for ds in DATASETS.values() for f in ds.fields if f.kind == "url"
            for r in catalog[ds.name] if f.name in r]
    assert len(urls) > 10
    for url in urls:
        parts = urlsplit(url)
        assert parts.scheme == "https" and parts.netloc and "." in parts.netloc, url
        assert not any(c.isspace() for c in url), url
