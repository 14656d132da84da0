"""Synthetic guides for the benchmark, generated from guide/schema.py.

Every record has the fields and kinds its dataset declares (ids, text, urls,
dates, choices, references that resolve), so the real loader, validator and
macros do their full work on it. Prose is drawn from the real chapters' own
vocabulary so word lengths are realistic. Everything is seeded: two runs write
the same files.
"""
from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import yaml

from guide.schema import DATASETS, Dataset, Field
from guide.site import SOURCES_PAGE

# Datasets tied to chapter pages: chapters.yml needs one page per record and
# questions belong to chapters, so they follow the chapter count, not the scale.
CHAPTER_BOUND = ("chapters", "questions")
QUESTIONS_PER_CHAPTER = 6  # the real guide has 53 questions over 9 chapters
CHAPTER_WORDS = 700
TABLE_ROWS = 20
# The real guide's study aids, copied as they are (they only call macros over every chapter).
STUDY_AIDS = ("key-points.md", "flashcards.md", "print.md")
SHORT_FIELDS = {"title", "publisher", "value", "period", "applies_to", "renewal", "label", "state", "term"}


def table_datasets() -> list[str]:
    return [name for name, ds in DATASETS.items() if ds.columns]


class Words:
    """Deterministic filler prose from a vocabulary."""

    def __init__(self, vocabulary: list[str], seed: int):
        self.vocab = vocabulary
        self.rng = random.Random(seed)

    def words(self, n: int) -> str:
        return " ".join(self.rng.choice(self.vocab) for _ in range(n))

    def sentence(self, n: int) -> str:
        text = self.words(n)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, n_words: int) -> str:
        out, left = [], n_words
        while left > 0:
            n = min(left, self.rng.randint(9, 18))
            out.append(self.sentence(n))
            left -= n
        return " ".join(out)


def vocabulary(docs_dir: Path) -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(docs_dir.glob("*.md")))
    words = sorted(set(re.findall(r"\b[a-z]{3,12}\b", re.sub(r"\{\{.*?\}\}", " ", text))))
    return words or ["care", "unit", "patient", "shift", "team", "report", "safety", "support"]


def abbreviation(i: int) -> str:
    """A distinct upper-case abbreviation for glossary record i (ZAB, ZAC, ... varied first letters)."""
    letters = "ABCDEFGHJKLMNPQRSTUVWXY"
    out = ""
    n = i + len(letters) ** 2  # at least three letters
    while n:
        n, r = divmod(n, len(letters))
        out = letters[r] + out
    return out


def plan_counts(real_counts: dict[str, int], scale: float, chapters: int | None) -> dict[str, int]:
    """Record counts per dataset: `scale` times the real ones; chapter-bound ones follow `chapters`.

    With chapters=None every dataset (chapters and questions too) is scaled: used for the
    loader-only measurement, where no pages are built.
    """
    counts = {}
    for name, ds in DATASETS.items():
        if chapters is not None and name == "chapters":
            counts[name] = chapters
        elif chapters is not None and name == "questions":
            counts[name] = chapters * QUESTIONS_PER_CHAPTER
        else:
            counts[name] = max(ds.min_records, 1, round(real_counts.get(name, 1) * scale))
    return counts


def _ids(name: str, count: int) -> list[str]:
    prefix = {"chapters": "ch", "questions": "q", "sources": "src"}.get(name, name[:4])
    return [f"{prefix}-{i:05d}" for i in range(1, count + 1)]


def _value(ds: Dataset, f: Field, i: int, rid: str, ids: dict[str, list[str]], w: Words, chapter_pages: list[str]):
    if f.name == "id":
        return rid
    if ds.name == "chapters" and f.name == "page":
        return chapter_pages[i]
    if ds.name == "questions" and f.name == "chapter":
        return ids["chapters"][i // QUESTIONS_PER_CHAPTER % len(ids["chapters"])]
    if ds.name == "questions" and f.name == "options":
        if not i % 3:
            return None  # a third are short-answer questions
        # The right option is never the longest and the answer letters take turns, as the content
        # rules (guide/content.py) ask of a question bank.
        right = i // 3 % 3
        return [{"text": w.sentence(5 if n == right else 7), "why": w.sentence(10)} for n in range(3)]
    if ds.name == "questions" and f.name == "answer":
        return "abc"[i // 3 % 3] if i % 3 else w.sentence(14)
    if ds.name == "questions" and f.name == "kind":
        return "recall" if i % QUESTIONS_PER_CHAPTER == QUESTIONS_PER_CHAPTER - 1 else "scenario"  # 5 of 6 scenarios
    if f.name == "abbr":
        return abbreviation(i) if ds.name == "glossary" and i % 2 == 0 else None
    if f.kind == "text":
        if f.name == ds.row_header or f.name in SHORT_FIELDS:
            return f"{w.words(3).capitalize()} {i + 1}"
        return w.sentence(w.rng.randint(10, 22))
    if f.kind == "texts":
        return [w.sentence(w.rng.randint(8, 16)) for _ in range(3)]
    if f.kind == "url":
        return f"https://example.org/{ds.name}/{rid}"
    if f.kind == "date":
        return f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}"
    if f.kind == "partial_date":
        return f"2024-{i % 12 + 1:02d}"
    if f.kind == "fields":
        return None  # `verify:` flags are optional
    if f.kind == "int":
        return i + 1
    if f.kind == "choice":
        return f.choices[i % len(f.choices)]
    if f.kind == "ref":
        targets = ids[f.ref]
        return targets[i % len(targets)]
    if f.kind == "refs":
        targets = ids[f.ref]
        return sorted({targets[i % len(targets)], targets[(i * 7 + 3) % len(targets)]})
    raise ValueError(f"no generator for field kind {f.kind!r}")


def _yaml_record(fields: list[tuple[str, object]]) -> str:
    """One record as a data author writes it: quoted text, flow lists of ids, block lists of text."""
    lines = []
    for n, (key, value) in enumerate(fields):
        lead = "- " if n == 0 else "  "
        if isinstance(value, int):
            lines.append(f"{lead}{key}: {value}")
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{lead}{key}:")
            for item in value:
                lines += [f"    {'- ' if m == 0 else '  '}{k}: {json.dumps(v, ensure_ascii=False)}"
                          for m, (k, v) in enumerate(item.items())]
        elif isinstance(value, list) and key == "sources":
            lines.append(f"{lead}{key}: [{', '.join(value)}]")
        elif isinstance(value, list):
            lines.append(f"{lead}{key}:")
            lines += [f"    - {json.dumps(v, ensure_ascii=False)}" for v in value]
        elif key == "id":
            lines.append(f"{lead}{key}: {value}")
        else:
            lines.append(f"{lead}{key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines)


def write_data(data_dir: Path, counts: dict[str, int], w: Words, chapter_pages: list[str]) -> int:
    """Write every dataset file; returns the number of records written."""
    ids = {name: _ids(name, n) for name, n in counts.items()}
    total = 0
    for name, ds in DATASETS.items():
        records = []
        for i, rid in enumerate(ids[name]):
            fields = []
            for f in ds.fields:
                value = _value(ds, f, i, rid, ids, w, chapter_pages)
                if value is not None:
                    fields.append((f.name, value))
            records.append(_yaml_record(fields))
        (data_dir / ds.file).write_text(f"# Synthetic {name} for the benchmark.\n\n" + "\n\n".join(records) + "\n",
                                        encoding="utf-8")
        total += len(records)
    return total


def chapter_markdown(n: int, counts: dict[str, int], w: Words, glossary_abbrs: list[str]) -> str:
    """About 700 words of prose with objectives, three citations, a fact, a 20-row table and a self-check."""
    datasets = table_datasets()
    ds = datasets[n % len(datasets)]
    rows = min(TABLE_ROWS, counts[ds])
    start = (n * TABLE_ROWS) % counts[ds]
    all_ids = _ids(ds, counts[ds])
    table_ids = [all_ids[(start + k) % len(all_ids)] for k in range(rows)]
    sources = _ids("sources", counts["sources"])
    facts = _ids("outlook", counts["outlook"])
    per_section = CHAPTER_WORDS // 3

    def prose(words: int) -> str:
        paragraphs = []
        for _k in range(3):
            text = w.paragraph(words // 3)
            if glossary_abbrs:  # glossary terms in prose get tooltips, as in the real chapters
                text += f" Ask about {w.rng.choice(glossary_abbrs)} on the unit."
            paragraphs.append(text)
        return "\n\n".join(paragraphs)

    cite = lambda k: f'{{{{ cite("{sources[(n * 3 + k) % len(sources)]}") }}}}'  # noqa: E731
    return "\n".join([
        "# {{ chapter.title }}", "", "{{ objectives() }}", "",
        "## " + w.words(3).capitalize(), "", prose(per_section) + " " + cite(0), "",
        f'{{{{ table("{ds}", ids={json.dumps(table_ids)}) }}}}', "",
        "## " + w.words(3).capitalize(), "", prose(per_section) + " " + cite(1), "",
        f'The figure to remember is {{{{ fact("{facts[n % len(facts)]}") }}}}.', "",
        "## " + w.words(3).capitalize(), "", prose(per_section) + " " + cite(2), "",
        "{{ key_points() }}", "", "{{ self_check() }}", "",
    ])


def reference_pages(docs: Path) -> list[str]:
    """One page per table dataset with the whole table, plus the glossary and the two sources pages."""
    pages = []
    for name in table_datasets():
        path = f"data-{name}.md"
        title = DATASETS[name].title
        (docs / path).write_text(f"---\ntitle: {json.dumps(title)}\n---\n\n# {title}\n\n"
                                 f'{{{{ table("{name}") }}}}\n', encoding="utf-8")
        pages.append(path)
    (docs / "glossary.md").write_text("---\ntitle: Glossary\n---\n\n# Glossary\n\n{{ glossary() }}\n", encoding="utf-8")
    # The list of sources' first page; the build adds the pages it goes on over.
    (docs / SOURCES_PAGE).write_text("---\ntitle: Sources\n---\n\n# Sources\n\n{{ sources_list() }}\n", encoding="utf-8")
    return pages + ["glossary.md", SOURCES_PAGE]


def make_guide(root: Path, real_root: Path, real_counts: dict[str, int], *, scale: float, chapters: int,
               prune: bool = True, seed: int = 8) -> dict:
    """Turn a copy of the project at `root` into a synthetic guide. Returns what was generated.

    The copy keeps the real guide/, macros.py, brand and theme settings; its docs/*.md,
    data/*.yml (not the brand) and nav are replaced. As in the real mkdocs.yml, the nav has an
    empty `Chapters: []` section that guide/hooks.py fills from data/chapters.yml (one flat
    list), then the study aids and one reference page per dataset; `prune` adds Material's
    navigation.prune.
    """
    docs, data = root / "docs", root / "data"
    for md in docs.glob("*.md"):
        md.unlink()
    for yml in data.glob("*.yml"):
        if yml.name != "brand.yml":
            yml.unlink()
    shutil.rmtree(data / "local", ignore_errors=True)
    w = Words(vocabulary(real_root / "docs"), seed)
    counts = plan_counts(real_counts, scale, chapters)
    chapter_pages = [f"ch-{n:04d}.md" for n in range(1, chapters + 1)]
    records = write_data(data, counts, w, chapter_pages)
    abbrs = [abbreviation(i) for i in range(0, counts["glossary"], 2)]
    for n, page in enumerate(chapter_pages):
        (docs / page).write_text(chapter_markdown(n, counts, w, abbrs[:50]), encoding="utf-8")
    (docs / "index.md").write_text("---\ntitle: Synthetic guide\n---\n\n# Synthetic guide\n\n"
                                   + w.paragraph(120) + "\n\n## Chapters\n\n{{ chapter_cards() }}\n", encoding="utf-8")
    for page in STUDY_AIDS:
        shutil.copy2(real_root / "docs" / page, docs / page)
    reference = reference_pages(docs)

    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["nav"] = ["index.md", {"Chapters": []}, {"Study aids": list(STUDY_AIDS)}, {"Reference": reference}]
    features = [f for f in config["theme"].get("features", []) if f != "navigation.prune"]
    config["theme"]["features"] = features + (["navigation.prune"] if prune else [])
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return {"records": records, "chapters": chapters, "pages": 1 + chapters + len(STUDY_AIDS) + len(reference), "counts": counts}


def make_data_only(data_dir: Path, real_root: Path, real_counts: dict[str, int], total: int, seed: int = 8) -> int:
    """Write about `total` records across every dataset (chapters and questions too), for the loader alone."""
    data_dir.mkdir(parents=True, exist_ok=True)
    scale = total / sum(real_counts.values())
    counts = plan_counts(real_counts, scale, None)
    w = Words(vocabulary(real_root / "docs"), seed)
    pages = [f"ch-{n:04d}.md" for n in range(1, counts["chapters"] + 1)]
    return write_data(data_dir, counts, w, pages)


def scale_for_records(real_counts: dict[str, int], chapters: int, total: int) -> float:
    """The scale at which make_guide(..., chapters=chapters) writes about `total` records."""
    bound = chapters * (1 + QUESTIONS_PER_CHAPTER)
    scaled = sum(n for name, n in real_counts.items() if name not in CHAPTER_BOUND)
    return max(1.0, (total - bound) / scaled)
