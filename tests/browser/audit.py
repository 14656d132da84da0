"""`make audit`: Lighthouse on every page of the hosted build, served on 127.0.0.1 with gzip.

Builds the guide into a temporary folder (the same build `make site` runs; site/
is not touched), serves it as a static host would, runs Lighthouse (mobile, the
default) on each page with Debian's Chromium, and writes a table of scores,
bytes transferred and requests to reports/lighthouse.md, and prints it.

Lighthouse is the npm package pinned in package.json (12.2.3: newer releases
need Node 22). When node_modules/ is missing, `npm ci` installs it from
package-lock.json. tests/browser/test_lighthouse.py uses the same functions.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser.conftest import LAUNCH_ARGS, chromium_path, serve, site_pages  # noqa: E402

LIGHTHOUSE_VERSION = "12.2.3"
LIGHTHOUSE_BIN = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
REPORT = ROOT / "reports" / "lighthouse.md"


class LighthouseUnavailable(Exception):
    """Node, npm, Chromium or the pinned Lighthouse cannot be had here; the message says what to do."""


@dataclass
class PageResult:
    path: str
    scores: dict[str, int]      # category -> 0..100
    transferred: int            # bytes over the network for the first view, headers included
    requests: int               # network requests (data: URLs are not requests)
    third_party: list[str]      # request URLs not on the audited host
    html_bytes: int             # the page's HTML, uncompressed
    dom_elements: int
    failed_audits: list[str]    # "category: audit id (title)" for every audit below full marks


def ensure_lighthouse() -> Path:
    """The pinned Lighthouse binary, installed with `npm ci` if node_modules/ is missing."""
    if shutil.which("node") is None:
        raise LighthouseUnavailable("Lighthouse needs Node.js 18-20 and npm (Debian: apt-get install -y nodejs npm)")
    if chromium_path() is None:
        raise LighthouseUnavailable("Lighthouse needs Chromium (Debian: apt-get install -y chromium)")
    if not LIGHTHOUSE_BIN.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise LighthouseUnavailable("node_modules/ is missing and there is no npm to run `npm ci`")
        print("installing Lighthouse from package-lock.json: npm ci", file=sys.stderr)
        proc = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, capture_output=True, text=True)
        if proc.returncode != 0 or not LIGHTHOUSE_BIN.exists():
            raise LighthouseUnavailable(f"`npm ci` failed in {ROOT}:\n{proc.stdout}{proc.stderr}")
    installed = json.loads((ROOT / "node_modules" / "lighthouse" / "package.json").read_text())["version"]
    if installed != LIGHTHOUSE_VERSION:
        raise LighthouseUnavailable(f"node_modules has Lighthouse {installed}, package.json pins "
                                    f"{LIGHTHOUSE_VERSION}: run `npm ci`")
    return LIGHTHOUSE_BIN


def run_lighthouse(url: str) -> dict:
    """One Lighthouse run (mobile form factor, simulated throttling) on `url`; the JSON report."""
    binary = ensure_lighthouse()
    flags = " ".join(["--headless=new", *LAUNCH_ARGS])
    env = dict(os.environ, CHROME_PATH=chromium_path())
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        proc = subprocess.run(
            [str(binary), url, "--quiet", "--output=json", f"--output-path={out}",
             f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"],
            env=env, capture_output=True, text=True, timeout=300)
        if proc.returncode != 0 or not out.exists():
            raise RuntimeError(f"Lighthouse failed on {url} (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
        report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise RuntimeError(f"Lighthouse could not load {url}: {report['runtimeError']}")
    return report


def summarize(path: str, report: dict) -> PageResult:
    audits = report["audits"]
    host = urlsplit(report["finalDisplayedUrl"]).netloc
    network = [item for item in audits["network-requests"]["details"]["items"]
               if item["url"].startswith(("http:", "https:"))]
    document = next(item for item in network if item.get("resourceType") == "Document")
    failed = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight", 0) > 0 and audit["score"] is not None and audit["score"] < 1:
                failed.append(f"{category}: {ref['id']} ({audit.get('displayValue') or audit['title']})")
    return PageResult(
        path=path,
        scores={c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES},
        transferred=int(sum(item.get("transferSize", 0) for item in network)),
        requests=len(network),
        third_party=[item["url"] for item in network if urlsplit(item["url"]).netloc != host],
        html_bytes=int(document.get("resourceSize", 0)),
        dom_elements=int(audits["dom-size"]["numericValue"]),
        failed_audits=failed,
    )


def audit_page(base_url: str, path: str) -> PageResult:
    return summarize(path, run_lighthouse(base_url + path))


def table(results: list[PageResult]) -> str:
    lines = [
        f"# Lighthouse {LIGHTHOUSE_VERSION} (mobile), hosted build on 127.0.0.1 with gzip",
        "",
        "| Page | Performance | Accessibility | Best practices | SEO | Transferred (KiB) | Requests | HTML (KB) | DOM elements |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        s = r.scores
        lines.append(f"| /{r.path} | {s['performance']} | {s['accessibility']} | {s['best-practices']} | {s['seo']} "
                     f"| {r.transferred / 1024:.1f} | {r.requests} | {r.html_bytes / 1000:.1f} | {r.dom_elements} |")
    below = [f"- /{r.path}: {a}" for r in results for a in r.failed_audits]
    if below:
        lines += ["", "Audits below full marks:", "", *below]
    third = [f"- /{r.path}: {u}" for r in results for u in r.third_party]
    if third:
        lines += ["", "Third-party requests:", "", *third]
    return "\n".join(lines) + "\n"


def main() -> int:
    from tests.conftest import build, copy_project
    try:
        ensure_lighthouse()
    except LighthouseUnavailable as exc:
        print(f"audit: {exc}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        built = build(copy_project(Path(tmp) / "guide"))
        if built.returncode != 0:
            print(built.output, file=sys.stderr)
            return 1
        server = serve(built.site)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            results = []
            for path in site_pages(built):
                print(f"Lighthouse /{path} ...", file=sys.stderr, flush=True)
                results.append(audit_page(base, path))
        finally:
            server.shutdown()
    # Scores depend on the machine (Lighthouse scales its measured CPU time): say which one.
    from bench.measure import machine
    about = machine()
    text = table(results) + (f"\nMeasured {time.strftime('%Y-%m-%d', time.gmtime())} on {about['CPU']}, "
                             f"{about['Cores']} cores, {about['Memory']}, {about['OS']}, Python {about['Python']}; "
                             f"Chromium at {chromium_path()}.\n")
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(text, encoding="utf-8")
    print(text)
    print(f"written to {REPORT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
