"""Build-time facts for studying: reading time, last-updated dates and the flashcard deck.

Pure functions over text, records and the project's git history; macros.py calls them and
guide/render.py turns their results into HTML.
"""
from __future__ import annotations

import datetime
import html
import os
import re
import subprocess
from pathlib import Path

from .schema import DATASETS, LOCAL_DIR

ASSETS = Path(__file__).resolve().parent / "study_assets"
TAGS = re.compile(r"<[^>]*>")
WORDS = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.,:-]*")
TABLE_CALL = re.compile(r"""\btable\(\s*["']([A-Za-z0-9_-]+)["']""")


def plain_text(html_or_markdown: str) -> str:
    """The readable text of rendered Markdown with HTML in it: tags dropped, entities decoded."""
    return html.unescape(TAGS.sub(" ", html_or_markdown))


def word_count(html_or_markdown: str) -> int:
    return len(WORDS.findall(plain_text(html_or_markdown)))


def chapter_data_files(page_source: str) -> list[str]:
    """The data files (relative to the project) whose records a chapter shows: its own record and
    questions, the tables it calls and, for fact(), the outlook figures; a fork's data/local/ too."""
    names = {"chapters", "questions"} | set(TABLE_CALL.findall(page_source))
    if re.search(r"\bfact\(", page_source):
        names.add("outlook")
    files = []
    for name in sorted(names):
        ds = DATASETS.get(name)
        if ds is None:
            continue
        files += [f"data/{ds.file}", f"data/{LOCAL_DIR}/{ds.file}"]
    return files


def last_updated(root: Path, paths: list[str], fallback_epoch: str) -> str:
    """The UTC date (YYYY-MM-DD) of the last commit that changed any of `paths`.

    Without git history (a copy of the project, a download) or when no commit touched them, the
    build's SOURCE_DATE_EPOCH (`fallback_epoch`) stands in, so builds of one commit always agree.
    """
    seconds = None
    if (root / ".git").exists():
        try:
            out = subprocess.run(["git", "log", "-1", "--format=%ct", "--", *paths], cwd=root,
                                 capture_output=True, text=True, check=True, timeout=30).stdout.strip()
            if out.isdigit():
                seconds = int(out)
        except (OSError, subprocess.SubprocessError):
            seconds = None
    if seconds is None:
        seconds = int(fallback_epoch)
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC).date().isoformat()


def build_epoch() -> str:
    """SOURCE_DATE_EPOCH as the build set it (guide/build.py always does); 0 if it is missing."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "0").strip()
    return value if value.isdigit() else "0"


def glossary_chapters(glossary, tooltip_ids: dict[str, str], chapter_texts: dict[str, str]) -> dict[str, list[str]]:
    """For each glossary record id, the chapters (in the order given) whose text uses the term."""
    found: dict[str, list[str]] = {}
    for chapter_id, body in chapter_texts.items():
        text = plain_text(body)
        for tip in {tip for _a, _b, tip in glossary.matches(text)}:
            rid = tooltip_ids.get(tip)
            if rid is not None and chapter_id not in found.setdefault(rid, []):
                found[rid].append(chapter_id)
    return found


def deck(glossary_records, chapters, used_in: dict[str, list[str]]) -> dict:
    """The flashcards, compact (the page carries them as JSON): every chapter's key points by
    chapter id (front: the chapter and the point's number, made by the script; back: the point),
    and one card per glossary term as [id, term, meaning, the chapters that use it as places in
    `chapters`]. Card ids (k-<chapter>-<n>, g-<term id>) stay put when records are added."""
    place = {c.id: n for n, c in enumerate(chapters)}
    return {"points": {c.id: list(c["key_points"]) for c in chapters},
            "terms": [[g.id, g["term"] + (f" ({g['abbr']})" if g.get("abbr") else ""), g["definition"],
                       [place[cid] for cid in used_in.get(g.id, []) if cid in place]]
                      for g in sorted(glossary_records, key=lambda g: g["term"].casefold())]}


def compact(source: str) -> str:
    """Script for the site: whole-line comments, indentation and blank lines dropped. The sources
    (guide/study_assets) keep no strings or regular expressions that span lines, so this is safe."""
    lines = (line.strip() for line in source.split("\n"))
    return "\n".join(line for line in lines if line and not line.startswith("//")) + "\n"


def script(name: str) -> str:
    """A script of guide/study_assets as published: common.js and it inside one function, compacted.
    It holds no "</" (tests check), so it can also sit inside a <script> element."""
    common = (ASSETS / "common.js").read_text(encoding="utf-8")
    body = (ASSETS / name).read_text(encoding="utf-8")
    return compact(f"(function () {{\n{common}\n{body}\n}})();")
