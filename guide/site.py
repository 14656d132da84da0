"""Everything one build knows: the checked records, the brand, the glossary.

`load_site()` is called once per build (from macros.py); every data file is
read exactly once there. It raises DataErrors listing every problem of the
brand file and the data files together.
"""
from __future__ import annotations

import functools
import itertools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .brand import Brand, load_brand
from .data import DataErrors, Problem, Record, load_catalog
from . import render


@dataclass
class Site:
    root: Path
    catalog: dict[str, list[Record]]
    brand: Brand
    exact: dict[str, str] = field(default_factory=dict)  # abbreviation as written -> tooltip
    folded: dict[str, str] = field(default_factory=dict)  # term, case-folded -> tooltip
    starts: dict[str, int] = field(default_factory=dict)  # a term's first word, case-folded -> most words
    _start_re: re.Pattern | None = None

    def records(self, dataset: str) -> list[Record]:
        return self.catalog[dataset]

    def record(self, dataset: str, rid: str) -> Record | None:
        return next((r for r in self.catalog[dataset] if r.id == rid), None)

    @functools.cached_property
    def source_numbers(self) -> dict[str, int]:
        """Each source's marker number: its place in data/sources.yml (computed once per build)."""
        return {s.id: i for i, s in enumerate(self.catalog["sources"], 1)}

    def chapter_for(self, src_path: str) -> Record | None:
        return next((c for c in self.catalog["chapters"] if c["page"] == src_path), None)

    def _matches(self, text: str):
        """(start, end, tooltip) for each glossary term in text, longest first, in one pass.

        A regular expression of the words that can start a term finds the candidates (in C,
        one scan); only there are the next few words looked up. The cost grows with the text,
        not with the number of terms times the text.
        """
        if self._start_re is None:
            self._start_re = re.compile(
                r"(?<![A-Za-z0-9&#_])(?:" + "|".join(re.escape(w) for w in sorted(self.starts, key=len, reverse=True))
                + r")(?![A-Za-z0-9:])", re.IGNORECASE) if self.starts else re.compile(r"(?!)")
        done = 0  # end of the last term found: candidates before it are inside that term
        for candidate in self._start_re.finditer(text):
            start = candidate.start()
            if start < done:
                continue
            words = list(itertools.islice(WORD.finditer(text, start), self.starts[candidate.group(0).casefold()]))
            for word in reversed(words):
                end = word.end()
                if end < len(text) and (text[end].isalnum() or text[end] == "_"):
                    continue
                phrase = " ".join(text[start:end].split())
                tip = self.exact.get(phrase, self.folded.get(phrase.casefold()))
                if tip is not None:
                    yield start, end, tip
                    done = end
                    break

    def find_terms(self, text: str) -> dict[str, str]:
        """The glossary terms in text, as written there, each with its tooltip."""
        return {text[a:b]: tip for a, b, tip in self._matches(text)}

    def mark_terms(self, escaped: str, seen: set[str] | None = None) -> str:
        """Wrap glossary terms in already-escaped text with <abbr> tooltips.

        With `seen`, only a term's first occurrence is wrapped (a table repeats the
        same abbreviations in every row; one tooltip per table keeps pages small).
        """
        out, last = [], 0
        for a, b, tip in self._matches(escaped):
            if seen is not None:
                if tip in seen:
                    continue
                seen.add(tip)
            out += [escaped[last:a], f'<abbr title="{render.attr(tip)}">{escaped[a:b]}</abbr>']
            last = b
        out.append(escaped[last:])
        return "".join(out)


# A word, or words joined by colons as in "1:1".
WORD = re.compile(r"[A-Za-z0-9]+(?::[A-Za-z0-9]+)*")


def glossary_terms(glossary: list[Record]) -> tuple[dict[str, str], dict[str, str], dict[str, int]]:
    """What gets a tooltip: abbreviations as written (case matters), terms in any case.

    Also, for each word a term can start with, the most words such a term has.
    """
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    starts: dict[str, int] = {}
    for g in glossary:
        tip = f"{g['term']}: {g['definition']}"
        names = [" ".join(g["term"].split())]
        folded.setdefault(names[0].casefold(), tip)
        if g.get("abbr"):
            exact[g["abbr"]] = tip
            names.append(g["abbr"])
        for name in names:
            words = WORD.findall(name)
            if words:
                first = words[0].casefold()
                starts[first] = max(starts.get(first, 0), len(words))
    return exact, folded, starts


def brand_path(root: Path) -> Path:
    """$BRAND names another brand file (tests and forks' previews); else data/brand.yml."""
    chosen = os.environ.get("BRAND")
    return Path(chosen).resolve() if chosen else root / "data" / "brand.yml"


def load_site(root: Path) -> Site:
    root = Path(root).resolve()
    problems: list[Problem] = []
    brand, brand_problems = load_brand(brand_path(root), display_root=root)
    problems += brand_problems
    try:
        catalog = load_catalog(root / "data", display_root=root)
    except DataErrors as exc:
        problems += exc.problems
        catalog = None
    if catalog is not None:
        docs = root / "docs"
        for c in catalog["chapters"]:
            if not (docs / c["page"]).is_file():
                problems.append(Problem(c.file, c.lines.get("page", c.line),
                                        f"there is no docs/{c['page']}; fix the file name or add the page",
                                        c.id, "page"))
    if problems:
        raise DataErrors(problems)
    site = Site(root, catalog, brand)
    site.exact, site.folded, site.starts = glossary_terms(catalog["glossary"])
    return site
