"""Check the brand and every data file without building: `make check` (python -m guide check).

Besides the errors a build stops on, it warns (without failing) about what a maintainer should
read again: sources older than their `max_age` (default three years) and pay or outlook figures
that refer to a month more than two years ago.
"""
from __future__ import annotations

import datetime
import sys
from pathlib import Path

from guide.data import DataErrors
from guide.site import load_site

DEFAULT_MAX_AGE = 3  # years, for a source without its own max_age
FIGURE_MAX_AGE = 2  # years, for a figure's as_of month


def _start(partial: str) -> datetime.date:
    """The first day a partial date (YYYY, YYYY-MM or YYYY-MM-DD) can mean."""
    parts = [int(p) for p in partial.split("-")] + [1, 1]
    return datetime.date(parts[0], parts[1], parts[2])


def _years(since: datetime.date, today: datetime.date) -> int:
    return today.year - since.year - ((today.month, today.day) < (since.month, since.day))


def staleness(catalog, today: datetime.date) -> list[str]:
    """What to refresh: one line a record, with its file and line."""
    out = []
    for s in catalog["sources"]:
        limit = s.get("max_age", DEFAULT_MAX_AGE)
        field, when = ("dated", s["dated"]) if s.get("dated") else ("read", s["read"])
        age = _years(_start(when), today)
        if age >= limit:
            what = "is dated" if field == "dated" else "gives no date of its own and was read on"
            out.append(f"{s.file}:{s.lines.get(field, s.line)}: source '{s.id}' {what} {when}, {age} years ago "
                       f"(over its max_age of {limit}); read it again, then update dated and read")
    for f in catalog.get("outlook", []):
        if f.get("as_of") and _years(_start(f["as_of"]), today) >= FIGURE_MAX_AGE:
            out.append(f"{f.file}:{f.lines.get('as_of', f.line)}: figure '{f.id}' refers to {f['as_of']}, more than "
                       f"{FIGURE_MAX_AGE} years ago; take the newest figure from its source")
    return out


def check(root: Path, today: datetime.date | None = None) -> int:
    try:
        site = load_site(root)
    except DataErrors as exc:
        print(exc, file=sys.stderr)
        return 1
    count = sum(len(r) for r in site.catalog.values())
    print(f"OK: {count} records in {len(site.catalog)} datasets, brand '{site.brand['name']}'")
    warnings = staleness(site.catalog, today or datetime.date.today())
    if warnings:
        print(f"{len(warnings)} thing{'s' if len(warnings) != 1 else ''} to read again (warnings; nothing fails):")
        for line in warnings:
            print(f"  - warning: {line}")
    return 0
