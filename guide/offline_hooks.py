"""MkDocs hooks for the offline flavour only (listed in mkdocs-offline.yml after the hosted hooks).

The search (guide/search_hooks.py) already works from file://. This leaves out what only a web
server uses (404 page, sitemap, canonical links) and what nothing opens offline (source maps),
so the zip stays small.
"""
from __future__ import annotations

import re

# Source maps only a debugger reads; the sitemap template, which MkDocs copies as it is once it
# is no longer rendered (on_config).
UNUSED = re.compile(r"\.map$|^sitemap\.xml$|-offline\.zip$")  # and never an older bundle inside the new one


def on_config(config):
    # No canonical <link> to the hosted site, and no absolute URLs in generated pages.
    config["site_url"] = None
    # A 404 page and a sitemap mean something only on a web server.
    config.theme.static_templates.discard("404.html")
    config.theme.static_templates.discard("sitemap.xml")
    return config


def on_files(files, config):
    for f in [f for f in files if UNUSED.search(f.dest_uri)]:
        files.remove(f)
    return files
