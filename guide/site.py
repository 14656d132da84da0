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
    terms: dict[str, str] = field(default_factory=dict)  # text as it appears -> definition
    _term_re: re.Pattern | None = None

    def records(self, dataset: str) -> list[Record]:
        return self.catalog[dataset]

    def record(self, dataset: str, rid: str) -> Record | None:
        return next((r for r in self.catalog[dataset] if r.id == rid), None)

    @property
    def source_numbers(self) -> dict[str, int]:
        return {s.id: i for i, s in enumerate(self.catalog["sources"], 1)}

    @property
    def source_titles(self) -> dict[str, str]:
        return {s.id: s["title"] for s in self.catalog["sources"]}

    def chapter_for(self, src_path: str) -> Record | None:
        return next((c for c in self.catalog["chapters"] if c["page"] == src_path), None)

    def mark_terms(self, escaped: str) -> str:
        """Wrap glossary terms in already-escaped text with <abbr> tooltips."""
        if not self._term_re:
            return escaped

        def wrap(m: re.Match) -> str:
            return f'<abbr title="{render.attr(self.terms[m.group(0)])}">{m.group(0)}</abbr>'

        return self._term_re.sub(wrap, escaped)


def glossary_terms(glossary: list[Record]) -> dict[str, str]:
    """The strings that get a tooltip: each abbreviation, as written (case matters)."""
    terms: dict[str, str] = {}
    for g in glossary:
        if g.get("abbr"):
            terms[g["abbr"]] = f"{g['term']}: {g['definition']}"
    return terms


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
    site.terms = glossary_terms(catalog["glossary"])
    if site.terms:
        alternatives = "|".join(re.escape(t) for t in sorted(site.terms, key=len, reverse=True))
        # Whole words only, and never inside an entity such as &amp;
        site._term_re = re.compile(rf"(?<![\w&#]){'(?:' + alternatives + ')'}(?!\w)")
    return site
