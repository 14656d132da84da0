"""The brand file (data/brand.yml, or the file named by $BRAND): load, check, derive colors.

A training program that forks the guide edits only this file and adds its own
logo. Everything here is checked before anything is built, with a message that
names the field and says how to fix it.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from . import files, yamlload
from .data import EMAIL_RE, ID_RE, Problem, read_text, url_problem
from .files import IMAGE_TYPES, FileProblem
from .yamlload import Mapping, Scalar, Sequence, YamlError

HEX_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
SHORT_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
HEADER_TEXT = "#ffffff"  # Material draws header text in white on the primary color
PAGE_BG = "#ffffff"
SLATE_BG = "#1e2129"  # Material's dark ("slate") page background

# field path -> (required, kind)
FIELDS = {
    "name": (True, "text"), "short_name": (True, "short"), "tagline": (False, "text"),
    "logo": (True, "file"), "favicon": (True, "file"),
    "colors": (True, "map"), "colors.primary": (True, "color"), "colors.accent": (True, "color"),
    "contact": (True, "map"), "contact.email": (True, "email"), "contact.url": (True, "url"),
    "site_url": (True, "url"), "footer": (True, "text"), "region": (False, "text"), "disclaimer": (False, "text"),
    "chapters": (False, "ids"),
}


class Brand(dict):
    """Plain brand values (as templates read them) plus resolved paths and derived colors."""

    def __init__(self, values: dict, folder: Path, file: str):
        super().__init__(values)
        self.folder, self.file = folder, file

    def path(self, key: str) -> Path:
        """A brand image, as checked when the brand was loaded (a regular file in the project)."""
        return self.folder / self[key]


class _Attr(dict):
    """A brand section; `lines` holds the line of each item of a list field (chapters)."""


def load_brand(path: Path, *, display_root: Path) -> tuple[Brand | None, list[Problem]]:
    path = Path(path)
    try:
        shown = str(path.resolve().relative_to(display_root.resolve()))
    except ValueError:
        shown = str(path)
    if not path.exists() and not path.is_symlink():
        return None, [Problem(shown, None, "the brand file is missing; copy data/brand.yml from upstream and edit it")]
    problems: list[Problem] = []
    # The brand file itself may live anywhere ($BRAND is the operator's choice); its images must be
    # inside the project or beside it.
    inside = [display_root, path.parent]
    try:
        tree = yamlload.parse(read_text(path, [Path(path.anchor or "/")]))
    except YamlError as exc:
        return None, [Problem(shown, exc.line, exc.message)]
    if not isinstance(tree, Mapping):
        return None, [Problem(shown, getattr(tree, "line", None), "the brand file must hold 'field: value' lines")]
    values = _walk(tree, "", shown, path.parent, problems, inside)
    if problems:
        return None, problems
    brand = Brand(values, path.parent, shown)
    brand.lines = values.lines
    _check_contrast(brand, tree, shown, problems)
    return (None if problems else brand), problems


def _walk(node: Mapping, prefix: str, shown: str, folder: Path, problems: list[Problem], inside: list[Path]) -> dict:
    out: dict = _Attr()
    out.lines = {}
    known = [k for k in FIELDS if k.count(".") == prefix.count(".") and k.startswith(prefix)]
    for key in node:
        full = prefix + key
        if full not in FIELDS:
            close = difflib.get_close_matches(full, known, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; the fields are: {', '.join(known)}"
            problems.append(Problem(shown, node.lines[key], f"unknown field{hint}", field=full))
    for full in known:
        key = full[len(prefix):]
        required, kind = FIELDS[full]
        if key not in node:
            if required:
                problems.append(Problem(shown, node.line, f"required field is missing; add it ({_how(kind)})", field=full))
            continue
        value = node[key]
        line = getattr(value, "line", node.lines[key])
        if kind == "map":
            if not isinstance(value, Mapping):
                problems.append(Problem(shown, line, "expected indented 'field: value' lines under it", field=full))
                continue
            out[key] = _walk(value, full + ".", shown, folder, problems, inside)
            continue
        if kind == "ids":
            ids = _ids(value, line, shown, full, problems)
            if ids is not None:
                out[key] = ids
                out.lines[key] = [item.line for item in value]
            continue
        if not isinstance(value, Scalar) or value.tag != yamlload.STR or not value.text.strip():
            shown_value = value.text if isinstance(value, Scalar) else "a list or record"
            problems.append(Problem(shown, line, f"expected text, found {shown_value!r}; {_how(kind)}", field=full))
            continue
        text = value.text.strip()
        message = _check(kind, text, folder, inside)
        if message:
            problems.append(Problem(shown, line, message, field=full))
            continue
        out[key] = text
    return out


def _ids(value, line: int, shown: str, full: str, problems: list[Problem]) -> list[str] | None:
    """A list of chapter ids: checked here for form; load_site checks that each names a chapter."""
    if not isinstance(value, Sequence) or not value:
        problems.append(Problem(shown, line, f"expected a list of ids, one '- id' a line; {_how('ids')}", field=full))
        return None
    ids, ok = [], True
    for item in value:
        if not isinstance(item, Scalar) or item.tag != yamlload.STR or not ID_RE.match(item.text.strip()):
            shown_item = item.text if isinstance(item, Scalar) else "a list or record"
            problems.append(Problem(shown, getattr(item, "line", line), f"{shown_item!r} is not a chapter id; "
                                    "use the ids of data/chapters.yml (lowercase letters, digits, hyphens)", field=full))
            ok = False
        elif item.text.strip() in ids:
            problems.append(Problem(shown, item.line, f"'{item.text.strip()}' is listed twice; keep one", field=full))
            ok = False
        else:
            ids.append(item.text.strip())
    return ids if ok else None


def _how(kind: str) -> str:
    return {
        "text": "write the text in quotes",
        "short": "lowercase letters, digits and hyphens, e.g. \"acme-mht\"",
        "file": "a path to an image file, relative to the brand file",
        "color": "a hex color in quotes, e.g. \"#1f5f8b\"",
        "email": "an email address, e.g. \"training@example.org\"",
        "url": "a full https:// address",
        "map": "indented fields below it",
        "ids": "the chapter ids to show, in order, e.g. \"- home\"",
    }[kind]


def _check(kind: str, text: str, folder: Path, inside: list[Path]) -> str | None:
    if kind == "short" and not SHORT_RE.match(text):
        return f"{text!r} is not a valid short name; use {_how(kind)} (it names the offline zip)"
    if kind == "color" and not HEX_RE.match(text):
        return f"{text!r} is not a hex color; write it like \"#1f5f8b\" (with quotes: YAML reads # as a comment)"
    if kind == "email" and not EMAIL_RE.match(text):
        return f"{text!r} is not a valid email address; write it like \"training@example.org\""
    if kind == "url":
        return url_problem(text)
    if kind == "file":
        target = folder / text
        if not target.exists() and not target.is_symlink():
            return f"the file {text!r} does not exist (looked in {target.parent}); add the image or fix the path"
        if target.suffix.lower() not in IMAGE_TYPES:
            return f"{text!r} is not an image; use an {', '.join(sorted(IMAGE_TYPES))} file"
        try:
            files.check_image(target, files.read_bytes(target, inside, files.MAX_IMAGE_BYTES))
        except FileProblem as exc:
            limit = f" (at most {files.MAX_IMAGE_BYTES // 1024} KB)" if "larger than" in str(exc) else ""
            return f"{text!r} {exc}{limit}"
    return None


# --- color ---------------------------------------------------------------------------------

def rgb(hex_color: str) -> tuple[int, int, int]:
    h = hex_color.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def to_hex(c: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(v))):02x}" for v in c)


def luminance(hex_color: str) -> float:
    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb(hex_color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(a: str, b: str, t: float) -> str:
    """t=0 gives a, t=1 gives b."""
    ra, rb = rgb(a), rgb(b)
    return to_hex(tuple(x + (y - x) * t for x, y in zip(ra, rb)))


def shade_for(color: str, against: str, ratio: float = 4.5) -> str:
    """The nearest shade of `color` (towards black or white) with `ratio` contrast against `against`."""
    if contrast(color, against) >= ratio:
        return color
    target = "#000000" if luminance(against) > 0.5 else "#ffffff"
    for step in range(1, 101):
        candidate = mix(color, target, step / 100)
        if contrast(candidate, against) >= ratio:
            return candidate
    return target


def _check_contrast(brand: Brand, tree: Mapping, shown: str, problems: list[Problem]) -> None:
    primary = brand["colors"]["primary"]
    ratio = contrast(HEADER_TEXT, primary)
    if ratio < 4.5:
        line = tree["colors"]["primary"].line
        problems.append(Problem(
            shown, line,
            f"white header text on {primary} has a contrast of {ratio:.2f}:1, below the 4.5:1 that WCAG AA needs; "
            f"use a darker color such as \"{shade_for(primary, HEADER_TEXT)}\"",
            field="colors.primary"))


def palette(brand: Brand) -> dict[str, str]:
    """Colors for both schemes, each adjusted so text in it keeps 4.5:1 contrast."""
    primary, accent = brand["colors"]["primary"], brand["colors"]["accent"]
    return {
        "primary": primary,
        "primary_light": mix(primary, "#ffffff", 0.15),
        "primary_dark": mix(primary, "#000000", 0.15),
        "link_light": shade_for(primary, PAGE_BG),
        "accent_light": shade_for(accent, PAGE_BG),
        "link_dark": shade_for(mix(primary, "#ffffff", 0.45), SLATE_BG),
        "accent_dark": shade_for(accent, SLATE_BG),
    }


def brand_css(brand: Brand) -> str:
    p = palette(brand)
    return f"""/* Generated from the brand file at build time; edit {brand.file}, not this. */
:root, [data-md-color-scheme="default"] {{
  --md-primary-fg-color: {p['primary']};
  --md-primary-fg-color--light: {p['primary_light']};
  --md-primary-fg-color--dark: {p['primary_dark']};
  --md-primary-bg-color: {HEADER_TEXT};
  --md-accent-fg-color: {p['accent_light']};
  --md-typeset-a-color: {p['link_light']};
}}
[data-md-color-scheme="slate"] {{
  --md-primary-fg-color: {p['primary']};
  --md-primary-fg-color--light: {p['primary_light']};
  --md-primary-fg-color--dark: {p['primary_dark']};
  --md-primary-bg-color: {HEADER_TEXT};
  --md-accent-fg-color: {p['accent_dark']};
  --md-typeset-a-color: {p['link_dark']};
}}
"""
