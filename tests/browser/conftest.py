"""Browser fixtures: Debian's Chromium driven by Playwright, and the built site served on loopback.

Chromium is looked for at $CHROMIUM, then /usr/bin/chromium. Without it these
tests skip and say how to install it, except under CI=true, where a missing
browser is a failure: CI must prove the pages work in a real browser.
"""
from __future__ import annotations

import gzip
import http.server
import os
import shutil
import threading
from functools import partial
from pathlib import Path

import pytest

from tests.conftest import Build

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-quic"]
INSTALL_HINT = "install Chromium (Debian: apt-get install -y chromium) or set CHROMIUM=/path/to/chromium"


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"no Chromium found under CI=true; {INSTALL_HINT}")
        pytest.skip(f"browser tests need Chromium: {INSTALL_HINT}")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=LAUNCH_ARGS)
        yield b
        b.close()


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder as a static host would: gzip for text, no directory listings."""

    COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

    def log_message(self, *args):  # keep test output quiet
        pass

    def list_directory(self, path):
        self.send_error(404)
        return None

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the slash
            path = path / "index.html"
        if (path.suffix in self.COMPRESSIBLE and path.is_file()
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            body = gzip.compress(path.read_bytes(), mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=3600")
            self.end_headers()
            from io import BytesIO
            return BytesIO(body)
        return super().send_head()


def serve(folder: Path):
    handler = partial(GzipHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="session")
def site_url(built: Build):
    """The hosted build of the real guide, served on 127.0.0.1 with gzip."""
    server = serve(built.site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def site_pages(built: Build) -> list[str]:
    """Every page's URL path in the hosted build (directory URLs), from the files on disk."""
    pages = []
    for html in sorted(built.site.rglob("index.html")):
        rel = html.parent.relative_to(built.site).as_posix()
        pages.append("" if rel == "." else rel + "/")
    return pages
