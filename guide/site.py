"""Everything one build knows: the checked records, the brand, the glossary.

`load_site()` is called once per build (by guide/state.py); every data file is
read exactly once there. It raises DataErrors listing every problem of the
brand file and the data files together.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from .brand import Brand, load_brand
from .content import content_problems
from .data import DataErrors, Problem, Record, load_catalog, suggest
from .schema import DATASETS
from .terms import Glossary

# The numbered list of sources starts on docs/sources.md and goes on over as many generated pages
# (sources-2.md, sources-3.md, ...) as it needs, so each page's first view stays within its budget
# however many sources a guide cites. A page holds entries up to this much text (about 50 of
# upstream's, 76-78 KiB of first view with Material's assets).
SOURCES_PAGE = "sources.md"
SOURCE_TEXT_PER_PAGE = 25_000  # characters of an entry's fields


def sources_page_name(n: int) -> str:
    """The n-th page of the list of sources (1-based)."""
    return SOURCES_PAGE if n == 1 else f"{SOURCES_PAGE[:-3]}-{n}.md"


@dataclass
class Site:
    catalog: dict[str, list[Record]]
    brand: Brand
    glossary: Glossary
    shown: list[Record]  # the chapters, in the order the brand chose (or upstream's, then the fork's)

    def records(self, dataset: str) -> list[Record]:
        return self.catalog[dataset]

    def record(self, dataset: str, rid: str) -> Record | None:
        # A table's references look up a record a row: by id, not by a scan of the dataset.
        if dataset not in self._by_id:
            index: dict[str, Record] = {}
            for r in self.catalog[dataset]:
                index.setdefault(r.id, r)  # the first of an id, as a scan in file order finds it
            self._by_id[dataset] = index
        return self._by_id[dataset].get(rid)

    @functools.cached_property
    def _by_id(self) -> dict[str, dict[str, Record]]:
        return {}

    @functools.cached_property
    def source_numbers(self) -> dict[str, int]:
        """Each source's marker number: its place in data/sources.yml (computed once per build)."""
        return {s.id: i for i, s in enumerate(self.catalog["sources"], 1)}

    @functools.cached_property
    def source_pages(self) -> dict[str, str]:
        """The page that lists each source: data/sources.yml in order, a page filled up to
        SOURCE_TEXT_PER_PAGE characters before the next begins (one entry always fits)."""
        pages, n, used = {}, 1, 0
        for s in self.catalog["sources"]:
            size = sum(len(v) for v in s.values() if isinstance(v, str))
            if used and used + size > SOURCE_TEXT_PER_PAGE:
                n, used = n + 1, 0
            pages[s.id] = sources_page_name(n)
            used += size
        return pages

    def sources_page_list(self) -> list[str]:
        """Every page of the list of sources, in order: sources.md first."""
        return list(dict.fromkeys([SOURCES_PAGE, *self.source_pages.values()]))

    def sources_on(self, page: str) -> list[Record]:
        """The sources listed on one page of the list, in their numbered order."""
        return [s for s in self.catalog["sources"] if self.source_pages[s.id] == page]

    @functools.cached_property
    def source_previews(self) -> dict[str, str]:
        """What a citation marker previews: each source's title and publisher."""
        return {s.id: f"{s['title']}, {s['publisher']}" for s in self.catalog["sources"]}

    def chapters(self) -> list[Record]:
        """The chapters shown, in order: the one list navigation, print, key points, search,
        quizzes and exports all follow."""
        return self.shown

    def hidden_pages(self) -> set[str]:
        """The pages of chapters the brand leaves out: not built, searched, printed or linked."""
        shown = {c["page"] for c in self.shown}
        return {c["page"] for c in self.catalog["chapters"] if c["page"] not in shown}

    def questions(self, chapter_id: str) -> list[Record]:
        """A chapter's questions in file order (grouped once per build, not a scan per chapter)."""
        return list(self._questions_by_chapter.get(chapter_id, ()))

    @functools.cached_property
    def _questions_by_chapter(self) -> dict[str, list[Record]]:
        out: dict[str, list[Record]] = {}
        for q in self.catalog["questions"]:
            out.setdefault(q["chapter"], []).append(q)
        return out

    def chapter_for(self, src_path: str) -> Record | None:
        return self._chapter_pages.get(src_path)

    @functools.cached_property
    def _chapter_pages(self) -> dict[str, Record]:
        """The shown chapters by page, the first of each page (as a scan in order finds it)."""
        out: dict[str, Record] = {}
        for c in self.chapters():
            out.setdefault(c["page"], c)
        return out

    def select(self, dataset: str, ids=None, where=None) -> list[Record]:
        """The records a table shows: all, or `ids` in that order, or those matching `where`.

        Raises SelectionError with what to write instead when the arguments cannot work.
        """
        ds = DATASETS.get(dataset)
        if ds is None or not ds.columns:
            names = sorted(n for n, d in DATASETS.items() if d.columns)
            hint = suggest(dataset, names) or f"; the tables are: {', '.join(names)}"
            raise SelectionError(f"there is no table called {dataset!r}{hint}")
        records = self.records(dataset)
        if ids is not None:
            if isinstance(ids, str) or not isinstance(ids, (list, tuple)):
                raise SelectionError('ids must be a list, e.g. ids=["ncpt", "mhtc"]')
            by_id = {r.id: r for r in records}
            missing = [i for i in ids if i not in by_id]
            if missing:
                raise SelectionError(f"no record {', '.join(map(repr, missing))} in data/{ds.file}")
            records = [by_id[i] for i in ids]
        if where:
            if not isinstance(where, dict):
                raise SelectionError('where must be a mapping, e.g. where={"kind": "state license"}')
            for key in where:
                if ds.field(key) is None:
                    raise SelectionError(f"{dataset} has no field {key!r}{suggest(str(key), [f.name for f in ds.fields])}")
            records = [r for r in records if all(r.get(k) == v for k, v in where.items())]
        if not records:
            raise SelectionError(f"no records of {dataset!r} match; check ids= and where=")
        return records

    def region_records(self, dataset: str) -> frozenset:
        """Ids of the records about the brand's region (its state), which tables highlight."""
        region = (self.brand.get("region") or "").strip().casefold()
        ds = DATASETS[dataset]
        if not region or ds.field("state") is None:
            return frozenset()
        return frozenset(r.id for r in self.records(dataset) if r["state"].strip().casefold() == region)

    def ref_label(self, dataset: str, rid: str) -> str | None:
        """How a reference to a record reads in a table: its abbreviation, else its name."""
        target = self.record(dataset, rid)
        return (target.get("abbr") or target.get("name")) if target else None


class SelectionError(Exception):
    """A table() call whose ids= or where= cannot work; the macro reports it with the page and line."""


def offline_zip_name(brand) -> str:
    """The offline bundle's file name: dist/<name> after `make offline`, and on the hosted site."""
    return f"{brand['short_name']}-offline.zip"


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
    shown: list[Record] = []
    if catalog is not None:
        docs = root / "docs"
        for c in catalog["chapters"]:
            if not (docs / c["page"]).exists():
                problems.append(Problem(c.file, c.lines.get("page", c.line),
                                        f"there is no docs/{c['page']}; fix the file name or add the page",
                                        c.id, "page"))
        if brand is not None:
            shown = chosen_chapters(catalog["chapters"], brand, problems)
            problems += content_problems(catalog, shown)
    if problems:
        raise DataErrors(problems)
    return Site(catalog, brand, Glossary.from_records(catalog["glossary"]), shown)


def chosen_chapters(chapters: list[Record], brand: Brand, problems: list[Problem]) -> list[Record]:
    """The brand's `chapters:` list, in its order; without one, every chapter (upstream's, then the
    fork's own from data/local/chapters.yml)."""
    wanted = brand.get("chapters")
    if not wanted:
        return list(chapters)
    by_id = {c.id: c for c in chapters}
    lines = brand.lines.get("chapters", [])
    for n, cid in enumerate(wanted):
        if cid not in by_id:
            problems.append(Problem(brand.file, lines[n] if n < len(lines) else None,
                                    f"'{cid}' is not a chapter id{suggest(cid, by_id)}; the ids are in "
                                    "data/chapters.yml and data/local/chapters.yml", field="chapters"))
    home = next((c for c in chapters if c["page"] == "index.md"), None)
    if home is not None and home.id not in wanted:
        problems.append(Problem(brand.file, lines[0] if lines else None,
                                f"the start page's chapter '{home.id}' (index.md) must be in the list; it is the "
                                "page every reader lands on", field="chapters"))
    return [by_id[cid] for cid in wanted if cid in by_id]
