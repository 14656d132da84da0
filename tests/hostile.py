"""A copy of the project with an attack in every field: every dataset of guide/schema.py gets a
local record whose every text field holds a payload, and so do the brand and a page's front
matter. Fields come from the schema, so a new field or dataset is attacked without editing this.

Used by the build test (tests/test_escaping_build.py) and the browser test
(tests/browser/test_hostile_browser.py).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from guide.schema import DATASETS, LOCAL_DIR, Dataset, Field
from guide.site import load_site
from tests.conftest import ROOT, copy_project

# One string per context an untrusted value can land in: an element, an attribute, <title>, a
# Markdown link or image, emphasis and code, Jinja, a table pipe, a Markdown abbreviation
# definition after a blank line, a script, JSON.
ATTACK = ('<x-pwn>{where}</x-pwn> "q\' <img src=x onerror=alert(1)> </title></textarea><script>alert(2)</script> '
          '[l](javascript:alert(3)) ![i](https://evil.example/i.png) *em* _u_ `c` {{{{ 7*7 }}}} {{% raw %}} | p \\ '
          '</script>"}}]\n\n*[HIPAA]: <b onclick=alert(4)>x</b>')
SAFE_URL = "https://example.org/a?b=1&c=(2)"
# A word only the hostile glossary term uses, placed in a cell so it gets a tooltip.
TERM = "Zyxwvut"


def attack(where: str) -> str:
    return ATTACK.format(where=where)


def _value(ds: Dataset, f: Field, site) -> object:
    where = f"{ds.name}.{f.name}"
    if f.name == "id":
        return f"pwn-{ds.name}"
    if f.kind == "text":
        return attack(where) + (f" {TERM}" if f.name != "term" else "")
    if f.kind == "texts":
        return [attack(where + "[0]"), attack(where + "[1]")]
    if f.kind == "url":
        return SAFE_URL
    if f.kind == "date":
        return "2024-01-02"
    if f.kind == "partial_date":
        return "2024-05"
    if f.kind == "int":
        return 7
    if f.kind == "choice":
        return f.choices[0]
    if f.kind in ("ref", "refs"):
        target = site.records(f.ref)[0].id
        return target if f.kind == "ref" else [target]
    if f.kind == "options":
        return [{"text": attack(f"{where}[{i}].text"), "why": attack(f"{where}[{i}].why")} for i in range(3)]
    if f.kind == "fields":
        return [ds.columns[0].field] if ds.columns else None
    raise AssertionError(f"the hostile build does not know the field kind {f.kind!r}; add it")


def hostile_record(ds: Dataset, site) -> dict:
    record = {}
    for f in ds.fields:
        value = _value(ds, f, site)
        if value is not None:
            record[f.name] = value
    if ds.name == "questions":
        record["answer"] = "b"
    if ds.name == "glossary":
        record["term"] = TERM
    if ds.name == "chapters":
        return {}  # a chapter needs its page: the upstream chapters' titles are attacked instead
    if ds.name == "sources" and "dated" in record:
        record["dated_as"] = "updated"
    return record


def build_hostile_project(dest: Path) -> Path:
    """The copy, with the attack in every field. Returns its root."""
    root = copy_project(dest)
    site = load_site(ROOT)
    local = root / "data" / LOCAL_DIR
    local.mkdir(exist_ok=True)
    for ds in DATASETS.values():
        record = hostile_record(ds, site)
        if not record:
            continue
        path = local / ds.file
        existing = path.read_text(encoding="utf-8") if path.exists() else ""
        # JSON is YAML: every value is written as a double-quoted string, list or number.
        path.write_text(existing + "- " + json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    # Every chapter's title and description.
    chapters = root / "data" / "chapters.yml"
    text = chapters.read_text(encoding="utf-8")
    text = re.sub(r"^(  title: ).*$", lambda m: m.group(1) + json.dumps(attack("chapters.title")), text, flags=re.M)
    text = re.sub(r"^(  description: ).*$", lambda m: m.group(1) + json.dumps(attack("chapters.description")),
                  text, flags=re.M)
    chapters.write_text(text, encoding="utf-8")
    # The brand: every text field (the others are checked formats: email, https, colors, files).
    brand = root / "data" / "brand.yml"
    text = brand.read_text(encoding="utf-8")
    for key in ("name", "tagline", "footer", "disclaimer", "region"):
        line = f"{key}: {json.dumps(attack('brand.' + key))}"
        text, n = re.subn(rf"^#?\s*{key}:.*$", lambda _m: line, text, count=1, flags=re.M)
        if n == 0:
            text += line + "\n"
    brand.write_text(text, encoding="utf-8")
    return root
