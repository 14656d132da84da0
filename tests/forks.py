"""A sample fork, made the way a training program makes one (README "Make it yours"): its own
brand values and PNG logo, its own chapter list (one of its own, upstream chapters reordered and
some hidden), and records under data/local/ and docs/local/. Everything is derived from the
project it copies, so the same fork can be made from any valid fork.
"""
from __future__ import annotations

import base64
import json
import re
from pathlib import Path

from guide.site import load_site
from tests.conftest import copy_project

FORK_NAME = "Riverbend College Behavioral Health Companion"
FORK_SHORT = "riverbend-bht"
FORK_EMAIL = "bht-program@riverbend.example"
FORK_URL = "https://riverbend.example/bht"
FORK_SITE = "https://riverbend.example/companion/"
FORK_CHAPTER = "riverbend-practicum"
FORK_TERM = "Practicum log"
# A 1x1 PNG (opaque teal), written as bytes so no image file is copied into the repository.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgaGgAAAGEAIGCXJhZAAAAAElFTkSuQmCC")
LINK = re.compile(r"\]\(\s*<?([a-z0-9/_-]+\.md)")


def links_between_chapters(root: Path, site) -> dict[str, set[str]]:
    """For each chapter page, the chapter pages that link to it."""
    pages = {c["page"] for c in site.catalog["chapters"]}
    linked_from: dict[str, set[str]] = {p: set() for p in pages}
    for page in pages:
        for target in LINK.findall((root / "docs" / page).read_text(encoding="utf-8")):
            if target in linked_from and target != page:
                linked_from[target].add(page)
    return linked_from


def hideable(root: Path, site) -> list[str]:
    """The smallest set of chapters (not the start page) that can be hidden without a shown page
    linking to a hidden one: a chapter plus every chapter that links to it, transitively."""
    linked_from = links_between_chapters(root, site)
    by_page = {c["page"]: c.id for c in site.catalog["chapters"]}
    best = None
    for c in site.catalog["chapters"]:
        if c["page"] == "index.md":
            continue
        closure, todo = set(), [c["page"]]
        while todo:
            page = todo.pop()
            if page not in closure:
                closure.add(page)
                todo += linked_from[page]
        if "index.md" in closure or len(closure) > len(by_page) - 3:
            continue
        if best is None or len(closure) < len(best):
            best = closure
    assert best, "every chapter is linked from the start page: no chapter can be hidden"
    return [by_page[p] for p in sorted(best)]


FORK_PAGE = f"""# {{{{ chapter.title }}}}

{{{{ objectives() }}}}

Your practicum placements are arranged by the program office. Keep a {FORK_TERM.lower()} of each shift
and bring it to your weekly seminar with {{{{ contact_email() }}}}.

{{{{ key_points() }}}}

{{{{ self_check() }}}}
"""


def fork_questions() -> list[dict]:
    """Six scenario questions with spread keys and right answers that are never the longest."""
    out = []
    for n, key in enumerate("abcdab", 1):
        options = [{"text": f"Wrong choice {i} with enough words to be as long as the others",
                    "why": f"Not what the program asks for (choice {i})."} for i in range(4)]
        options["abcd".index(key)] = {"text": "Ask your placement lead", "why": "Right: the lead decides."}
        out.append({"id": f"{FORK_CHAPTER}-q{n}", "chapter": FORK_CHAPTER, "kind": "scenario",
                    "prompt": f"On practicum shift {n}, a situation comes up that your log does not cover. "
                              "What do you do?",
                    "options": options, "answer": key, "explanation": "The placement lead decides."})
    return out


def make_sample_fork(dest: Path) -> Path:
    root = copy_project(dest)
    site = load_site(root)
    hidden = hideable(root, site)
    shown = [c.id for c in site.catalog["chapters"] if c.id not in hidden]
    home = next(c.id for c in site.catalog["chapters"] if c["page"] == "index.md")
    rest = [c for c in shown if c != home]
    order = [home, FORK_CHAPTER] + rest[::-1]  # the fork's own chapter first, upstream's reversed

    (root / "data" / "brand" / "riverbend-logo.png").write_bytes(PNG)
    brand = root / "data" / "brand.yml"
    text = brand.read_text(encoding="utf-8")
    for key, value in {"name": FORK_NAME, "short_name": FORK_SHORT, "tagline": "Riverbend's study companion",
                       "logo": "brand/riverbend-logo.png", "favicon": "brand/riverbend-logo.png",
                       "primary": "#2b4a6f", "accent": "#8a3b12", "email": FORK_EMAIL, "url": FORK_URL,
                       "site_url": FORK_SITE, "footer": "Riverbend College, text under CC BY 4.0."}.items():
        text, n = re.subn(rf"^(\s*){key}: .*$", lambda m: f"{m.group(1)}{key}: {json.dumps(value)}", text,
                          count=1, flags=re.M)
        assert n == 1, f"the brand file has no {key} field to set"
    text = re.sub(r"^#?\s*region:.*$", 'region: "California"', text, count=1, flags=re.M)
    text = re.sub(r"^chapters:\n(?:\s+- .*\n)*", "", text, flags=re.M)
    text += "chapters:\n" + "".join(f"  - {json.dumps(c)}\n" for c in order)
    brand.write_text(text, encoding="utf-8")

    local = root / "data" / "local"
    local.mkdir(exist_ok=True)
    chapter = {"id": FORK_CHAPTER, "page": f"local/{FORK_CHAPTER}.md", "title": "Your practicum at Riverbend",
               "description": "How practicum shifts, logs and seminars work in the Riverbend program.",
               "objectives": ["Describe how practicum shifts are arranged.", "Keep a log of each shift."],
               "key_points": ["Placements come from the program office.", "Log every shift.",
                              "Bring the log to seminar."]}
    term = {"id": "practicum-log", "term": FORK_TERM, "definition": "A student's record of each practicum shift."}
    for name, records in (("chapters.yml", [chapter]), ("questions.yml", fork_questions()),
                          ("glossary.yml", [term])):
        path = local / name
        existing = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text(existing + "".join(f"- {json.dumps(r)}\n" for r in records), encoding="utf-8")
    page = root / "docs" / "local" / f"{FORK_CHAPTER}.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(FORK_PAGE, encoding="utf-8")
    return root
