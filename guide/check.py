"""Check the brand and every data file without building: `make check` (python -m guide check)."""
from __future__ import annotations

import sys
from pathlib import Path

from guide.data import DataErrors
from guide.site import load_site


def check(root: Path) -> int:
    try:
        site = load_site(root)
    except DataErrors as exc:
        print(exc, file=sys.stderr)
        return 1
    count = sum(len(r) for r in site.catalog.values())
    print(f"OK: {count} records in {len(site.catalog)} datasets, brand '{site.brand['name']}'")
    return 0


if __name__ == "__main__":
    sys.exit(check(Path(__file__).resolve().parent.parent))
