"""MkDocs hook: small, targeted fixes to the HTML Material writes, for accessibility.

Loaded through `hooks:` in mkdocs.yml. Each fix is one narrow substitution on
markup that Material renders from its own templates (no copied templates, no
`custom_dir`), so a Material upgrade stays easy. If an upgrade changes the
markup a fix looks for, the fix simply does nothing and the browser tests
(tests/browser/test_accessibility.py, test_lighthouse.py) fail and name the
rule, which is the signal to revisit this file.
"""
from __future__ import annotations

import re

# The logo <img> has no size, so the header can shift as it loads (Lighthouse
# "unsized-images"). Material draws it 1.2rem high = 24 px at the root size. Its logo
# partial is the only <img alt="logo"> (the src is a data: URL or assets/brand/logo.*,
# see guide/hooks.py).
_LOGO_IMG = re.compile(r'(<img src="[^"]*" alt="logo")(?![^>]*\bwidth=)')


def on_post_page(output: str, page, config) -> str:
    output = _LOGO_IMG.sub(r'\1 width="24" height="24"', output)
    return output
