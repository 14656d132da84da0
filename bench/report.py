"""bench/results.md and bench/results.png from the benchmark's measurements."""
from __future__ import annotations

import math
import statistics
from pathlib import Path

import matplotlib
import matplotlib.ticker

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402


def kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


def mb(n: float) -> str:
    return f"{n / 1024 / 1024:.2f} MB"


def table(headers: list[str], rows: list[list]) -> str:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def plot(results: dict, path: Path) -> None:
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    for ax, key, xlabel, title in (
            (left, "records", "records in data/ (10 chapters)", "More records"),
            (right, "chapters", "pages built (chapters + start, study-aid and reference pages)", "More chapters")):
        steps = results[key]["steps"]
        xs = [s["x"] for s in steps]
        ys = [s["seconds"] for s in steps]
        ax.loglog(xs, ys, "o-", label="measured (median)")
        k, first = results[key]["exponent"], steps[0]
        # The least-squares line passes through the mean of log(x) and log(y).
        lx, ly = statistics.fmean(math.log(x) for x in xs), statistics.fmean(math.log(y) for y in ys)
        ax.loglog(xs, [math.exp(ly + k * (math.log(x) - lx)) for x in xs], "--", color="grey",
                  label=f"fitted: time ∝ size^{k:.2f}")
        ax.loglog(xs, [first["seconds"] * (x / first["x"]) for x in xs], ":", color="green", label="linear from the first step")
        for s in steps:
            ax.annotate(f"{s['seconds']:.1f} s", (s["x"], s["seconds"]), textcoords="offset points", xytext=(6, -12),
                        fontsize=8)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("build time (s)")
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())  # overlapping labels otherwise
        ax.legend(fontsize=8)
    fig.suptitle("Build time against size (log-log), `make bench`")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def fixed_cost_lines(r: dict) -> list[str]:
    """Fixed cost against per-page work in the real guide's layer (section 2)."""
    f = r["layer"].get("fixed")
    if not f:
        return []
    row = r["layer"]["rows"][0]
    delta = row["normal"] - row["plain"]
    pages = r["real"]["stats"]["pages"]
    first = row.get("first", row["normal"])
    kept = first - row["normal"]  # what the compiled templates kept by the build before save
    fixed = f["plugin_import"] + f.get("plugin_git", 0) + f["load_site"]
    rest = first - row["plain"] - fixed
    return ["Fixed cost and per-page work (each a median of 7 runs of a fresh Python in the copy of the real "
            "guide; the per-page part is what is left of the first build's difference, which keeps no templates):", "",
            table(["part", "seconds", "paid by"], [
                ["Python start-up", f"{f['python_start']:.3f}", "both builds (not the layer)"],
                ["importing MkDocs and Material", f"{f['mkdocs_imports']:.3f}", "both builds (not the layer)"],
                ["importing mkdocs-macros-plugin", f"{f['plugin_import']:.3f}", "the layer, fixed per build"],
                ["mkdocs-macros-plugin's `git` variable (a dozen git commands, failing at once outside a checkout)",
                 f"{f.get('plugin_git', 0):.3f}", "the layer, fixed per build"],
                ["importing the guide's modules, loading and checking data/ and the brand (load_site)",
                 f"{f['load_site']:.3f}", "the layer, fixed per build (grows with the records)"],
                [f"the rest of the layer: {pages} pages' macros, tooltips, search index, hooks",
                 f"{rest:.3f} ({rest / pages * 1000:.0f} ms a page)", "the layer, per page"],
                ["the layer in a first build (first − plain, wall)", f"{first - row['plain']:.3f}", ""],
                ["templates kept by the build before (.cache/jinja/: the theme's and the pages')",
                 f"−{kept:.3f}", "saved by every build after the first"],
                ["the layer in all (normal − plain, wall)", f"{delta:.3f}", ""]]), ""]


def markdown(r: dict) -> str:
    real, layer, load, live = r["real"], r["layer"], r["load"], r["live"]
    lines = ["# Build benchmark results", "",
             "Written by `make bench` (bench/run.py); numbers from one run on the machine below. "
             "Targets come from issue 17 (the layer and growth at every step) and issue 8 (the others). Timings are "
             "reported here, never asserted in tests.", ""]
    lines += ["## Machine", "", table(["", ""], [[k, v] for k, v in r["machine"].items()]), ""]
    lines += [table(["package", "version"], [[k, v] for k, v in r["versions"].items()]), ""]
    lines += ["## Targets", "", table(["target", "measured", "met?"], [[t["target"], t["measured"],
                                                                         "yes" if t["met"] else "**no**"]
                                                                        for t in r["targets"]]), ""]
    misses = [t for t in r["targets"] if not t["met"]]
    if misses:
        lines += ["Why the missed targets are missed:", ""]
        lines += [f"- **{t['target']}**: {t['why']}" for t in misses]
        lines += [""]
    lines += ["## How it was measured", "",
              "- Every build runs `python -m mkdocs build --strict --clean --quiet` in a child process, in a "
              "temporary copy of the project (tests/conftest.py `copy_project`), never in the working tree. "
              "This is the command `make site` runs (guide/build.py), without its final folder rename.",
              "- Wall time: `time.perf_counter()` around the build, from start to exit, so Python start-up and "
              "imports are included, as an author waits for them.",
              "- Wall time and peak memory are taken by bench/peak.py, a small launcher that starts the build and "
              "reaps it with `os.wait4()`: peak memory is the build's maximum resident set size (`ru_maxrss`), the "
              "figure GNU `time -v` prints. (Started straight from the benchmark, Linux would count the benchmark's "
              "own memory, held before exec, in the build's peak.)",
              "- Page size: median bytes of the built chapter pages' HTML; search index: "
              "`search/search_index.js` bytes (the guide's own index, loaded when a reader first searches).",
              "- Growth exponent: the slope of log(build time) against log(size). \"At every step\" is the slope from "
              "one step to the next (the target); the fitted exponent is the least-squares slope over all steps.",
              ""]
    lines += ["## 1. The real guide", "",
              table(["builds", "median time", "min–max", "peak memory (median)", "pages", "median page",
                     "search index"],
                    [[len(real["runs"]), f"{real['seconds']:.2f} s",
                      f"{min(x['seconds'] for x in real['runs']):.2f}–{max(x['seconds'] for x in real['runs']):.2f} s",
                      f"{real['peak_rss_mb']:.0f} MB", real["stats"]["pages"], kb(real["stats"]["median_page_bytes"]),
                      kb(real["stats"]["search_index_bytes"])]]), "",
              f"Without Material's `navigation.prune` the real guide's median page would be "
              f"{kb(real['unpruned_median_page_bytes'])} instead of {kb(real['stats']['median_page_bytes'])}.", ""]
    lines += ["## 2. The guide's own layer against plain MkDocs + Material", "",
              "The guide was built once with a hook (bench/capture_hook.py) that saved each page's Markdown after "
              "the macros rendered it; those pages were then built by the same mkdocs.yml without the macros "
              "plugin, the guide's hooks or the watch list (same theme, features, extensions, brand files), with "
              "Material's own search plugin in place of the guide's search. So the layer is: loading the data, "
              "the macros, glossary tooltips on the finished HTML, the guide's search index (sections, stems, "
              "synonyms) instead of Material's, and the other hooks. Normal and plain builds alternate in one run.", "",
              table(["content", "pairs", "normal (median)", "plain (median)", "ratio", "layer adds",
                     "CPU time normal / plain", "layer adds (CPU)", "first build (median)", "layer adds, first build"],
                    [[row["name"], row["pairs"], f"{row['normal']:.2f} s", f"{row['plain']:.2f} s",
                      f"{row['ratio']:.2f}", f"{(row['ratio'] - 1) * 100:+.0f} %",
                      f"{row['normal_cpu']:.2f} / {row['plain_cpu']:.2f} s", f"{(row['cpu_ratio'] - 1) * 100:+.0f} %",
                      f"{row['first']:.2f} s", f"{(row['first_ratio'] - 1) * 100:+.0f} % "
                                               f"(CPU {(row['first_cpu_ratio'] - 1) * 100:+.0f} %)"]
                     for row in layer["rows"]]), "",
              "\"Normal\" builds find the compiled templates the build before kept in .cache/jinja/ "
              "(guide/template_cache.py), as every build but the first does on an author's machine or in a CI that "
              "keeps .cache/; a \"first build\" starts without them, as in a fresh clone. The plain build has no such "
              "cache: Material compiles its templates on every build.", "",
              "CPU time (user + system of the build process) is shown beside wall time because other work may "
              "share the two cores during a run (see the load average above); it moves less with that.", "",
              f"Check that the two builds show the same thing: {layer['check']}.", "",
              *fixed_cost_lines(r),
              "Where the layer's time goes (one in-process build of the real guide under cProfile, cumulative):", "",
              table(["part", "seconds"], [[k, f"{v:.3f}"] for k, v in layer["profile"].items()]), ""]
    lines += ["## 3. Scaling synthetic content", "",
              "Records and chapters are generated from guide/schema.py: every field of every dataset with its kind "
              "(ids, text, urls, dates, choices, references that resolve, half the glossary terms with an "
              "abbreviation). Each synthetic chapter has about 700 words of prose drawn from the real chapters' "
              "vocabulary, objectives, three `cite()` calls, one `fact()`, a `table()` of up to 20 rows, key points and "
              "six self-check questions. Every guide also has a start page with the chapter cards, the real guide's "
              "study aids (key points, flashcards, the printable page), one page per dataset with its whole table, a "
              "glossary page and the sources pages (the first, and the further pages the build adds as the list needs).", "",
              f"Navigation: {r['nav_choice']}", "",
              "### Records (10 chapters; chapters and questions stay at 10 and 60; other datasets scaled from the "
              "real guide's counts)", ""]
    for key in ("records", "chapters"):
        if key == "chapters":
            lines += ["### Chapters (records at 1×)", ""]
        steps = r[key]["steps"]
        lines += [table(["step", "records", "pages", "builds", "build time", "CPU time", "exponent from the step before",
                         "per page", "peak memory", "median chapter page", "largest page", "search index"],
                        [[s["label"], s["records"], s["pages"], s["builds"], f"{s['seconds']:.2f} s",
                          f"{s.get('cpu_seconds', 0):.2f} s",
                          f"**{s['exponent']:.2f}** (CPU {s['cpu_exponent']:.2f})" if "exponent" in s else "",
                          f"{s['seconds'] / s['pages'] * 1000:.0f} ms", f"{s['peak_rss_mb']:.0f} MB",
                          kb(s["median_page_bytes"]), kb(s["largest_page_bytes"]), mb(s["search_index_bytes"])]
                         for s in steps]), "",
                  f"Growth exponent (build time against {r[key]['x_name']}) at each step: "
                  f"{', '.join(f'{e:.2f}' for e in r[key]['step_exponents'])}; fitted over all steps: "
                  f"{r[key]['exponent']:.2f}.", ""]
    if r.get("unpruned"):
        u = r["unpruned"]
        lines += [f"At {r['chapters']['steps'][-1]['chapters']} chapters **without** `navigation.prune`, the median chapter page is "
                  f"{kb(u['median_page_bytes'])} (nav {kb(u['nav_bytes'])}) against {kb(u['pruned_page_bytes'])} "
                  f"(nav {kb(u['pruned_nav_bytes'])}) with it; the article itself is {kb(u['article_bytes'])}.", ""]
    lines += ["### Loading and validating 10,000 records", "",
              table(["records", "files", "loader", "runs", "median", "min"],
                    [[load["records"], load["files"], load["loader"], load["runs"], f"{load['seconds']:.3f} s",
                      f"{load['min']:.3f} s"]]
                    + ([[load["records"], load["files"], "pure-Python SafeLoader (for comparison)", 1,
                         f"{load['pure_python']:.3f} s", ""]] if load.get("pure_python") else [])), "",
              "Time per part of `guide.data.load_catalog` (one run under cProfile, cumulative):", "",
              table(["part", "seconds"], [[k, f"{v:.3f}"] for k, v in load["profile"].items()]), ""]
    lines += ["## 4. Live reload", "",
              f"`mkdocs serve --livereload` on a free loopback port in a copy; {len(live['times'])} edits of one "
              f"value in `data/{live['file']}`, each timed from just before the save until `{live['page']}`, polled "
              "every 20 ms, held the new value; one second between edits.", "",
              table(["edits", "median", "min–max", "first page served after start"],
                    [[len(live["times"]), f"{live['seconds']:.2f} s",
                      f"{min(live['times']):.2f}–{max(live['times']):.2f} s", f"{live['first_serve']:.2f} s"]]), ""]
    kit = r.get("kit")
    if kit:
        lines += ["## 5. The instructor kit", "",
                  "`python -m guide.kit` (`make kit`) on a copy of the real guide: it builds the site into a "
                  "temporary folder, then writes the question banks, flashcards and the PDF and packs the kit. "
                  "`make site` does none of this.", "",
                  table(["runs", "median", "peak memory", "PDF", "PDF pages", "kit zip"],
                        [[len(kit["runs"]), f"{kit['seconds']:.2f} s", f"{kit['peak_rss_mb']:.0f} MB", kb(kit["pdf_bytes"]),
                          kit["pdf_pages"], kb(kit["zip_bytes"])]]), ""]
    lines += ["## Plot", "", "![Build time against records and against pages](results.png)", "",
              f"The whole benchmark took {r['total_seconds'] / 60:.1f} minutes.", ""]
    return "\n".join(lines)
