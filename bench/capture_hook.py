"""MkDocs hook for the benchmark: save each page's Markdown after the macros have rendered it.

Listed after guide/hooks.py, so it runs after the macros plugin; writes
$BENCH_CAPTURE_DIR/<page>.md (front matter kept) and the final site settings
the guide's hooks computed (name, footer, logo, the nav with its chapters...)
to $BENCH_CAPTURE_DIR/config.json.
"""
from __future__ import annotations

import html
import json
import os
from pathlib import Path

import yaml


def _out() -> Path:
    return Path(os.environ["BENCH_CAPTURE_DIR"])


def on_page_markdown(markdown, page, config, files):
    target = _out() / "docs" / page.file.src_path
    target.parent.mkdir(parents=True, exist_ok=True)
    meta = json.loads(json.dumps(page.meta, default=str))  # plain values: macros may leave Markup strings
    front = "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n\n" if meta else ""
    target.write_text(front + markdown, encoding="utf-8")
    return markdown


def _plain_nav(item):
    """The nav as mkdocs.yml writes it, from the one guide/hooks.py built (chapter titles escaped as Markup)."""
    if isinstance(item, list):
        return [_plain_nav(i) for i in item]
    if isinstance(item, dict):
        return {html.unescape(str(k)): _plain_nav(v) for k, v in item.items()}
    return str(item)


def on_post_build(config):
    settings = {key: config[key] for key in ("site_name", "site_url", "site_description", "copyright", "extra_css")}
    settings["nav"] = _plain_nav(config["nav"])  # with the Chapters section the hooks filled
    settings["logo"], settings["favicon"] = config.theme["logo"], config.theme["favicon"]
    (_out() / "config.json").write_text(json.dumps(settings, indent=2), encoding="utf-8")
