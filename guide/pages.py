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

from . import template_cache
from .data import Problem, suggest
from .yamlload import syntax_error

FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*(\n|$)", re.S)
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
RAW_OPEN, RAW_CLOSE = "{% raw %}", "{% endraw %}"


def _fenced_lines(markdown: str):
    """Each line with its place in a code block: "open" (the fence that starts one), "inside",
    "close" (a bare fence at least as long as the opening one) or None (outside code)."""
    fence: str | None = None
    for line in markdown.split("\n"):
        m = FENCE.match(line)
        if fence is None:
            if m:
                fence = m.group(1)
                yield line, "open", fence
            else:
                yield line, None, None
        elif m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) \
                and not line.strip()[len(m.group(1)):].strip():
            yield line, "close", fence
            fence = None
        else:
            yield line, "inside", fence


def protect_code(markdown: str) -> str:
    """Wrap code blocks and inline code in {% raw %} so Jinja leaves them exactly as written."""
    out: list[str] = []
    place = None
    for line, place, fence in _fenced_lines(markdown):
        if place == "open":
            out.append(RAW_OPEN + line if not line.startswith((" ", "\t")) else line.replace(fence, RAW_OPEN + fence, 1))
        elif place == "close":
            out.append(line + RAW_CLOSE)
        elif place == "inside":
            out.append(line)
        else:
            out.append(INLINE_CODE.sub(lambda c: RAW_OPEN + c.group(0) + RAW_CLOSE, line) if "`" in line else line)
    if place in ("open", "inside"):  # an unclosed fence runs to the end, as in Markdown
        out[-1] += RAW_CLOSE
    return "\n".join(out)


def demote_headings(markdown: str) -> str:
    """Every Markdown heading one level down (outside code blocks), for the printable page."""
    return "\n".join("#" + line if place is None and line.startswith("#") else line
                     for line, place, _fence in _fenced_lines(markdown))


# Front-matter keys that would hand the page to something other than the guide's own layout.
FORBIDDEN_META = {"template": "it picks another theme template; remove it (every page uses the guide's layout)"}


def front_matter_problem(source: str, shown: str, meta: dict) -> Problem | None:
    """MkDocs silently shows broken front matter as body text, publishes an empty page, and
    crashes on a `template:` it cannot find; say what is wrong instead."""
    m = FRONT_MATTER.match(source)
    if m is None and re.match(r"-{3}[ \t]*\n", source):
        return Problem(shown, 1, "the front matter opened with --- on this line is never closed; "
                                 "end it with a line of --- (or remove it)")
    for key, why in FORBIDDEN_META.items():
        if key in meta:
            line = next((n for n, text in enumerate(source.split("\n"), 1) if text.startswith(f"{key}:")), 1)
            return Problem(shown, line, f"front matter '{key}': {why}")
    body = source[m.end():] if m else source
    if not body.strip():
        return Problem(shown, None, "the page is empty; write its content, or remove the file "
                                    "(and its chapter record, if it has one)")
    if not m or meta:
        return None
    body = m.group(1) or ""
    try:
        data = yaml.safe_load(body)
    except yaml.MarkedYAMLError as exc:
        line, message = syntax_error(exc, body)
        line = line + 1 if line else 1  # +1 for the opening ---
        return Problem(shown, line, f"the front matter is not valid: {message.removeprefix('YAML syntax error: ')}; "
                                    "fix it or remove the --- block")
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


def _owner_expression(name: str, template_line: str) -> str | None:
    """`brand.contact` for a missing `emial` written as `brand.contact.emial` on the line."""
    m = re.search(rf"([A-Za-z_][\w.]*)\.{re.escape(name)}\b", template_line)
    return m.group(1) if m else None


def _fields_of(jinja_env: jinja2.Environment, expression: str, variables: dict) -> list[str]:
    """The field names of the value a dotted name such as `brand.contact` stands for."""
    try:  # a dotted name only looks values up; it calls nothing
        value = jinja_env.compile_expression(expression)(**variables)
    except Exception:
        return []
    if isinstance(value, dict):
        return [str(k) for k in value]
    return [a for a in dir(value) if not a.startswith("_")] if value is not None else []


def _describe(exc: BaseException, jinja_env: jinja2.Environment | None = None, variables: dict | None = None,
              template_line: str = "") -> str:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"template syntax error: {exc.message}"
    if isinstance(exc, jinja2.UndefinedError):
        variables = variables or {}
        attribute = re.search(r"^'(.*)' has no attribute '([^']+)'$", str(exc))
        if attribute:
            owner_text, missing = attribute.groups()
            owner = _owner_expression(missing, template_line)
            if owner_text == "None":
                return f"{owner or 'this value'} is empty on this page, so it has no '{missing}'"
            hint = suggest(missing, _fields_of(jinja_env, owner, variables)) if owner and jinja_env else ""
            return f"'{missing}' is not a field of {owner or 'this value'}{hint or '; check the spelling'}"
        name = re.search(r"'([^']+)' is undefined", str(exc))
        if name is None:
            return f"{exc}; check the spelling (the macros are listed in CONTRIBUTING.md)"
        names = set(variables) | (set(jinja_env.globals) if jinja_env else set())
        hint = suggest(name.group(1), names) or "; check the spelling"
        return f"'{name.group(1)}' is not a macro or variable{hint} (the macros are listed in CONTRIBUTING.md)"
    if isinstance(exc, TypeError) and "argument" in str(exc):
        # Python names a macro `define_env.<locals>.table`; the author wrote `table`.
        plain = re.sub(r"[\w.]*<locals>[.]", "", str(exc))
        return f"wrong macro arguments: {plain}; see CONTRIBUTING.md for how to call it"
    return str(exc) or type(exc).__name__


# After a problem, a page is rendered again without the line that failed, to find the
# next one; this many problems per page are enough to show the pattern.
MAX_PROBLEMS_PER_PAGE = 10


def compile_page(jinja_env: jinja2.Environment, text: str, shown: str) -> jinja2.Template:
    """Compile a page once per build (the printable page reuses each chapter's template), and
    between builds through .cache/jinja/ (guide/template_cache.py)."""
    cache = jinja_env.__dict__.setdefault("guide_templates", {})  # a new environment each build
    if text not in cache:
        cache[text] = template_cache.compile_text(jinja_env, text, shown)
    return cache[text]


def render_page_all(jinja_env: jinja2.Environment, markdown: str, variables: dict, source: str,
                    shown: str) -> tuple[str | None, list[Problem]]:
    """Render one page. Returns (markdown, []) or (None, every problem found on the page)."""
    offset = body_offset(source, markdown)
    lines = protect_code(markdown).split("\n")
    problems: list[Problem] = []
    while len(problems) < MAX_PROBLEMS_PER_PAGE:
        try:
            template = compile_page(jinja_env, "\n".join(lines), shown)
            rendered = template.render(**variables)
        except Exception as exc:  # any error in a page is the author's to fix, never a traceback
            line = _template_line(exc)
            if problems and isinstance(exc, jinja2.TemplateSyntaxError):
                break  # caused by leaving out a failed line, not by the author
            text = lines[line - 1] if line and line <= len(lines) else ""
            problems.append(Problem(shown, line + offset if line else None, _describe(exc, jinja_env, variables, text)))
            if not line or line > len(lines) or isinstance(exc, jinja2.TemplateSyntaxError):
                break
            lines[line - 1] = ""  # leave the failed line out and look for the next problem
            continue
        return (None, problems) if problems else (rendered, [])
    return None, problems


def render_page(jinja_env: jinja2.Environment, markdown: str, variables: dict, source: str,
                shown: str) -> tuple[str | None, Problem | None]:
    """Render one page. Returns (markdown, None) or (None, the first problem)."""
    rendered, problems = render_page_all(jinja_env, markdown, variables, source, shown)
    return rendered, (problems[0] if problems else None)
