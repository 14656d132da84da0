"""A fork's brand: one file changes the whole site, and a bad value stops the build with advice."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from guide.brand import contrast, load_brand
from guide.site import load_site
from guide.theme import INLINE_IMAGE_MAX_BYTES, image_url
from tests.conftest import ROOT, build, linked_bytes, page_showing, sample_chapter

ACME = ROOT / "tests" / "fixtures" / "acme-brand"
UPSTREAM = load_brand(ROOT / "data" / "brand.yml", display_root=ROOT)[0]


@pytest.fixture(scope="module")
def acme_site(tmp_path_factory):
    from tests.conftest import copy_project
    root = copy_project(tmp_path_factory.mktemp("acme"))
    result = build(root, env={"BRAND": str(ACME / "brand.yml")})
    assert result.returncode == 0, result.output
    return result


def test_the_new_brand_reaches_name_titles_logo_colors_and_contact(acme_site):
    home = acme_site.html("index.md")
    assert home.select_one(".md-header__topic").get_text(strip=True) == "Acme College Psych Tech Companion"
    assert home.title.get_text() == "Acme College Psych Tech Companion"
    assert "Acme College Psych Tech Companion" in home.select_one("article").get_text()  # the welcome
    chapter = next(c for c in load_site(ROOT).chapters() if c["page"] == sample_chapter())
    role = acme_site.html(chapter["page"])
    assert role.title.get_text() == f"{chapter['title']} - Acme College Psych Tech Companion"
    page_file = acme_site.page_path(chapter["page"])
    logo = role.select_one("a.md-logo img")
    assert linked_bytes(page_file, logo["src"]) == (ACME / "acme-logo.svg").read_bytes()
    icon = role.find("link", rel="icon")
    assert linked_bytes(page_file, icon["href"]) == (ACME / "acme-favicon.svg").read_bytes()
    # The brand's colors come last in the guide's one style sheet, so they win.
    css = (acme_site.site / "assets" / "guide.css").read_text()
    css = re.sub(r"\s+", "", css)  # served minified
    assert css.rindex("--md-primary-fg-color:#6b1f4f") > css.index(".md-typeset")
    footer = role.select_one(".md-copyright")
    assert footer.find("a", href="mailto:psychtech@acme-college.example")
    assert footer.find("a", href="https://acme-college.example/psych-tech")
    assert "© Acme College." in footer.get_text()


def test_a_small_logo_rides_in_the_page_and_a_big_one_stays_a_file(tmp_path):
    small = tmp_path / "small.svg"
    small.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>')
    url = image_url(small, "assets/brand/logo")
    assert url.startswith("data:image/svg+xml;base64,") and not set(url) & set("\"'<>& ")
    assert linked_bytes(tmp_path / "page.html", url) == small.read_bytes()
    big = tmp_path / "Big.PNG"
    big.write_bytes(b"\x89PNG" + bytes(INLINE_IMAGE_MAX_BYTES))
    assert image_url(big, "assets/brand/logo") == "assets/brand/logo.png"


def test_no_trace_of_the_upstream_brand_remains(acme_site):
    upstream = [UPSTREAM["name"], UPSTREAM["contact"]["email"], UPSTREAM["contact"]["url"], UPSTREAM["site_url"],
                UPSTREAM["short_name"]]
    for path in acme_site.site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".js", ".json", ".xml", ".css", ".txt", ".svg"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            for value in upstream:
                assert value not in text, f"{value!r} in {path.relative_to(acme_site.site)}"
    assert (acme_site.site / "sitemap.xml").read_text().count("https://training.acme-college.example/companion/") > 5


def test_no_chapter_or_data_file_names_the_upstream_brand():
    for folder in ("docs", "data"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in {".md", ".yml"} and path.name != "brand.yml":
                assert UPSTREAM["name"] not in path.read_text(encoding="utf-8"), path


def broken_brand(tmp_path: Path, **changes) -> Path:
    folder = tmp_path / "brand"
    shutil.copytree(ACME, folder)
    text = (folder / "brand.yml").read_text(encoding="utf-8")
    for old, new in changes.items():
        old = old.replace("__", " ")
        assert old in text, old
        text = text.replace(old, new)
    (folder / "brand.yml").write_text(text, encoding="utf-8")
    return folder / "brand.yml"


@pytest.mark.parametrize("old,new,message", [
    ('logo: "acme-logo.svg"', 'logo: "missing.png"',
     "brand.yml:5: field 'logo': the file 'missing.png' does not exist"),
    ('primary: "#6b1f4f"', 'primary: "#6b1f4"',
     "brand.yml:8: field 'colors.primary': '#6b1f4' is not a hex color; write it like \"#1f5f8b\""),
    ('url: "https://acme-college.example/psych-tech"', 'url: "http://acme-college.example/psych-tech"',
     "brand.yml:12: field 'contact.url': 'http://acme-college.example/psych-tech' is not a full https:// address"),
    ('email: "psychtech@acme-college.example"', 'email: "psychtech at acme"',
     "brand.yml:11: field 'contact.email': 'psychtech at acme' is not a valid email address"),
    ('primary: "#6b1f4f"', 'primary: "#f2c94c"',
     "brand.yml:8: field 'colors.primary': white header text on #f2c94c has a contrast of 1.5"),
    ('short_name: "acme-psych-tech"', 'short_name: "Acme Psych Tech"',
     "brand.yml:3: field 'short_name': 'Acme Psych Tech' is not a valid short name"),
    ('site_url: "https://training.acme-college.example/companion/"', 'site_url: "training.acme-college.example"',
     "brand.yml:13: field 'site_url': 'training.acme-college.example' is not a full https:// address"),
    ('name: "Acme College Psych Tech Companion"', 'nmae: "Acme"',
     "brand.yml:2: field 'nmae': unknown field; did you mean 'name'?"),
])
def test_each_bad_brand_value_is_named_with_a_fix(tmp_path, old, new, message):
    path = broken_brand(tmp_path, **{old: new})
    brand, problems = load_brand(path, display_root=tmp_path)
    assert brand is None
    assert any(message in str(p) for p in problems), [str(p) for p in problems]


def test_low_contrast_primary_suggests_a_color_that_passes(tmp_path):
    path = broken_brand(tmp_path, **{'primary: "#6b1f4f"': 'primary: "#3fa7d6"'})
    _, problems = load_brand(path, display_root=tmp_path)
    suggestion = str(problems[0]).split('such as "')[1].rstrip('"')
    assert contrast("#ffffff", suggestion) >= 4.5


def test_a_bad_brand_stops_the_real_build(project, tmp_path):
    path = broken_brand(tmp_path, **{'primary: "#6b1f4f"': 'primary: "#fafafa"'})
    result = build(project, env={"BRAND": str(path)})
    assert result.returncode == 1
    assert "field 'colors.primary': white header text on #fafafa" in result.output
    assert "Traceback" not in result.output
    assert not (project / "site").exists()


def test_upstream_colors_pass_contrast_in_both_schemes():
    from guide.brand import PAGE_BG, SLATE_BG, palette
    p = palette(UPSTREAM)
    assert contrast("#ffffff", p["primary"]) >= 4.5
    assert contrast(p["link_light"], PAGE_BG) >= 4.5
    assert contrast(p["link_dark"], SLATE_BG) >= 4.5


def test_a_local_addition_shows_in_its_table(project):
    local = project / "data" / "local"
    local.mkdir()
    (local / "organizations.yml").write_text(
        '- id: acme-college\n  name: "Acme Community College"\n  kind: "education"\n'
        '  offers: "A two-semester psychiatric technician certificate"\n  url: "https://acme.example.org/"\n'
        '  sources: ["bls-ooh"]\n', encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output
    soup = result.html(page_showing("organizations"))
    rows = soup.select('table[id^="table-organizations"] tr[data-record="acme-college"]')
    assert len(rows) == 1
    assert rows[0].find("th").get_text() == "Acme Community College"
