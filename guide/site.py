"""Everything one build knows: the checked records, the brand, the glossary.

`load_site()` is called once per build (from macros.py); every data file is
read exactly once there. It raises DataErrors listing every problem of the
brand file and the data files together.
"""
from __future__ import annotations

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

    def records(self, dataset: str) -> list[Record]:
        return self.catalog[dataset]

    def record(self, dataset: str, rid: str) -> Record | None:
        return next((r for r in self.catalog[dataset] if r.id == rid), None)

    @property
    def source_numbers(self) -> dict[str, int]:
        return {s.id: i for i, s in enumerate(self.catalog["sources"], 1)}

    def chapter_for(self, src_path: str) -> Record | None:
        return next((c for c in self.catalog["chapters"] if c["page"] == src_path), None)

    def _matches(self, text: str):
        """(start, end, tooltip) for each glossary term in text, longest first, in one pass.

        Only a word that can start a term is looked at further, and then only as far as
        that term's length: the cost grows with the text, not with terms times text.
        """
        words = list(WORD.finditer(text))
        i = 0
        while i < len(words):
            start = words[i].start()
            # never inside an entity (&amp; &#124;) or a longer identifier
            if start and (text[start - 1] in "&#_" or text[start - 1].isalnum()):
                i += 1
                continue
            # most words start no term: one dict look-up, then on to the next word
            longest = self.starts.get(words[i].group(0).casefold())
            if longest is None:
                i += 1
                continue
            for j in range(min(len(words), i + longest) - 1, i - 1, -1):
                end = words[j].end()
                if end < len(text) and (text[end].isalnum() or text[end] == "_"):
                    continue
                phrase = " ".join(text[start:end].split())
                tip = self.exact.get(phrase, self.folded.get(phrase.casefold()))
                if tip is not None:
                    yield start, end, tip
                    i = j + 1
                    break
            else:
                i += 1

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
