"""The guide's one command line: `python -m guide site|offline|check`.

    site      the hosted site into site/ (strict, link-checked, atomic)
    offline   the offline bundle into dist/offline/ and dist/<short_name>-offline.zip
    check     the brand and every data file, without building

GUIDE_ROOT names another copy of the project (the tests build copies).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from guide.build import ROOT, BuildError, build_site

USAGE = "usage: python -m guide [site|offline|check]"


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "site"
    root = Path(os.environ.get("GUIDE_ROOT", ROOT)).resolve()
    try:
        if what == "site":
            return build_site(root)
        if what == "offline":
            from guide.offline import build_offline
            return build_offline(root)
        if what == "check":
            from guide.check import check
            return check(root)
    except BuildError as exc:
        print(f"The build failed: {exc}", file=sys.stderr)
        return 1
    print(f"{USAGE}; unknown command {what!r}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
