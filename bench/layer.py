"""The guide's own layer against plain MkDocs + Material on the same pages.

`prerender(root)` builds the guide once with bench/capture_hook.py, which saves
every page's Markdown as the macros left it, then writes beside it a plain
project: those Markdown files, the same static files and brand files, and the
same mkdocs.yml without the macros plugin, the guide's hooks or the watch list
(theme, features, extensions and validation unchanged), with the nav the hooks
built (its Chapters section filled from data/chapters.yml). The difference in
build time between the two is the cost of loading, validating and rendering
the data, plus the guide's hooks.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from measure import mkdocs_build

CAPTURE_HOOK = Path(__file__).resolve().parent / "capture_hook.py"


def prerender(root: Path, work: Path) -> Path:
    """Return the root of a plain-MkDocs project holding the guide's pages, pre-rendered."""
    capture = work / "capture"
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["hooks"] = list(config.get("hooks") or []) + [str(CAPTURE_HOOK)]
    (root / "mkdocs-capture.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    mkdocs_build(root, work / "capture-site", "mkdocs-capture.yml", env={"BENCH_CAPTURE_DIR": str(capture)})
    (root / "mkdocs-capture.yml").unlink()
    settings = json.loads((capture / "config.json").read_text(encoding="utf-8"))

    plain = work / "plain"
    shutil.copytree(root / "docs", plain / "docs", ignore=shutil.ignore_patterns("*.md"))
    for md in (capture / "docs").rglob("*.md"):
        target = plain / "docs" / md.relative_to(capture / "docs")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(md, target)
    leftover = [p for p in (plain / "docs").rglob("*.md") if "{{" in p.read_text(encoding="utf-8")]
    if leftover:
        raise RuntimeError(f"pre-rendered pages still hold macros: {leftover[:3]}")
    # The files the guide's hooks generate (logo, favicon, the style sheet with the brand's
    # colors) become ordinary static files; a small logo or favicon is a data: URL already.
    for generated in [settings["logo"], settings["favicon"], *settings["extra_css"]]:
        if generated.startswith("data:"):
            continue
        target = plain / "docs" / generated
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(work / "capture-site" / generated, target)

    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = {k: v for k, v in (config.get("plugins") or {}).items() if k != "macros"}
    # Stock Material comes with its own search; the guide's hooks (dropped here) replace it.
    config["plugins"]["search"] = {}
    for key in ("hooks", "watch"):
        config.pop(key, None)
    for key in ("site_name", "site_url", "site_description", "copyright", "extra_css", "nav"):
        config[key] = settings[key]
    config["theme"]["logo"], config["theme"]["favicon"] = settings["logo"], settings["favicon"]
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return plain


def same_pages(site_a: Path, site_b: Path) -> list[str]:
    """Differences in what a reader sees between two builds: pages, headings, tables. Empty if none."""
    differences = []
    pages_a = {p.relative_to(site_a) for p in site_a.rglob("*.html")}
    pages_b = {p.relative_to(site_b) for p in site_b.rglob("*.html")}
    if pages_a != pages_b:
        differences.append(f"page sets differ: {sorted(map(str, pages_a ^ pages_b))[:5]}")
    # The guide's 404 page gets its own heading and chapter list after the theme has rendered it
    # (guide/hooks.py on_post_template), and glossary tooltips (<abbr>) are marked on finished HTML
    # (guide/terms.py): both are the layer's work, which the plain build leaves out.
    for page in sorted(p for p in pages_a & pages_b if p.name != "404.html" or p.parent != Path(".")):
        a = BeautifulSoup((site_a / page).read_text(encoding="utf-8"), "html.parser").find("article")
        b = BeautifulSoup((site_b / page).read_text(encoding="utf-8"), "html.parser").find("article")
        if a is None or b is None:
            continue
        for tag in ("h1", "h2", "table", "tr", "details"):
            if len(a.find_all(tag)) != len(b.find_all(tag)):
                differences.append(f"{page}: {len(a.find_all(tag))} <{tag}> against {len(b.find_all(tag))}")
    return differences
