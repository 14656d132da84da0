"""Render one page's Jinja safely and report problems with the line an author sees.

mkdocs-macros on its own writes a macro error into the published page (or stops
at the first one with a traceback), reads `{#id}` as a Jinja comment, evaluates
`{{ }}` inside code blocks, and counts lines without the front matter. Here each
page is rendered once, every problem is recorded with its real line, and the
build fails after all pages have been tried, before anything is written.
"""
from __future__ import annotations

import re
import traceback

import jinja2
import yaml

from .data import Problem

FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*(\n|$)", re.S)
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
RAW_OPEN, RAW_CLOSE = "{% raw %}", "{% endraw %}"


def protect_code(markdown: str) -> str:
    """Wrap code blocks and inline code in {% raw %} so Jinja leaves them exactly as written."""
    out: list[str] = []
    fence: str | None = None
    for line in markdown.split("\n"):
        m = FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)
            out.append(RAW_OPEN + line if not line.startswith((" ", "\t")) else line.replace(fence, RAW_OPEN + fence, 1))
            continue
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line.strip()[len(m.group(1)):].strip():
                fence = None
                out.append(line + RAW_CLOSE)
            else:
                out.append(line)
            continue
        out.append(INLINE_CODE.sub(lambda c: RAW_OPEN + c.group(0) + RAW_CLOSE, line) if "`" in line else line)
    if fence is not None:  # an unclosed fence runs to the end, as in Markdown
        out[-1] += RAW_CLOSE
    return "\n".join(out)


def front_matter_problem(source: str, shown: str, meta: dict) -> Problem | None:
    """MkDocs silently shows broken front matter as body text; say what is wrong instead."""
    m = FRONT_MATTER.match(source)
    if not m or meta:
        return None
    body = m.group(1) or ""
    try:
        data = yaml.safe_load(body)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1  # +1 for the opening ---, +1 because marks count from 0
        return Problem(shown, line, f"the front matter is not valid YAML: {exc.problem}; fix it or remove the --- block")
    if data is None:
        return None
    if not isinstance(data, dict):
        return Problem(shown, 2, "the front matter must be 'key: value' lines, e.g. title: \"My page\"")
    return None


def body_offset(source: str, markdown: str) -> int:
    """How many lines of the file come before the Markdown that Jinja sees (the front matter)."""
    return max(0, source.count("\n") - markdown.count("\n"))


def _template_line(exc: BaseException) -> int | None:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.lineno
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == "<template>":
            line = lineno
    return line


def _describe(exc: BaseException) -> str:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"template syntax error: {exc.message}"
    if isinstance(exc, jinja2.UndefinedError):
        name = re.search(r"'([^']+)' is undefined", str(exc))
        what = f"'{name.group(1)}' is not a macro or variable" if name else str(exc)
        return f"{what}; check the spelling (the macros are listed in CONTRIBUTING.md)"
    if isinstance(exc, TypeError) and "argument" in str(exc):
        return f"wrong macro arguments: {exc}"
    return str(exc) or type(exc).__name__


def render_page(jinja_env: jinja2.Environment, markdown: str, variables: dict, source: str,
                shown: str) -> tuple[str | None, Problem | None]:
    """Render one page. Returns (markdown, None) or (None, problem)."""
    offset = body_offset(source, markdown)
    try:
        template = jinja_env.from_string(protect_code(markdown))
        return template.render(**variables), None
    except Exception as exc:  # any error in a page is the author's to fix, never a traceback
        line = _template_line(exc)
        return None, Problem(shown, line + offset if line else None, _describe(exc))
