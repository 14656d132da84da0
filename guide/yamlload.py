"""Strict YAML reading for data written by people who are not programmers.

PyYAML on its own keeps the last of two duplicate keys, reads `no` as false and
`12:30` as 750, and will build whatever a tag asks for. Here a file is parsed
once with the C parser into nodes, and each node is turned into a plain value
that remembers its line, so the validator can say exactly where a problem is.
"""
from __future__ import annotations

import re

import yaml

try:  # the C parser is ten times faster; fall back only where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

STR = "tag:yaml.org,2002:str"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
# The scalar types YAML 1.1 infers from unquoted text, in words a data author knows.
IMPLICIT = {
    "tag:yaml.org,2002:bool": "a true/false value",
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a decimal number",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:null": "an empty value",
}


class YamlError(Exception):
    """A file that cannot be read as data at all; carries the line."""

    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class Scalar:
    """A scalar as written: its text, the type YAML would give it, and its line."""

    __slots__ = ("text", "tag", "line", "quoted")

    def __init__(self, text: str, tag: str, line: int, quoted: bool):
        self.text, self.tag, self.line, self.quoted = text, tag, line, quoted

    def __repr__(self) -> str:  # for test failure messages
        return f"Scalar({self.text!r}, {self.tag.rsplit(':', 1)[-1]}, line {self.line})"


class Mapping(dict):
    """A mapping of key text -> value; `lines` holds each key's line."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: dict[str, int] = {}


class Sequence(list):
    def __init__(self, line: int):
        super().__init__()
        self.line = line


# Data files are a list of records a few levels deep. Far deeper nesting is a mistake or an attack
# (it exhausts the parser's stack), so it is refused before parsing.
MAX_DEPTH = 20
MAX_INDENT = 200
LIST_MARKS = re.compile(r"(?:-[ ]+)+")
BRACKET_OR_COMMENT = re.compile(r"[\[\]{}#]")
# Control characters are invisible in an editor and mean nothing in a web page: refused, with the
# line, whether written raw or as a "\x1b"-style escape. Tab, newline and carriage return are text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_problem(value: str) -> str | None:
    m = CONTROL.search(value)
    if m is None:
        return None
    return (f"a control character (U+{ord(m.group(0)):04X}) is in the text; remove it (editors often do not "
            "show it)")


def _depth_problem(text: str) -> tuple[int, str] | None:
    depth = 0
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip(" ")
        if len(line) - len(stripped) > MAX_INDENT:
            return number, f"the line is indented more than {MAX_INDENT} spaces; data files are a few levels deep"
        dashes = LIST_MARKS.match(stripped)
        if dashes and dashes.group(0).count("-") > MAX_DEPTH:
            return number, f"more than {MAX_DEPTH} lists are opened on one line; data files are a few levels deep"
        for m in BRACKET_OR_COMMENT.finditer(stripped):  # only the characters that count, found in C
            ch = m.group(0)
            if ch in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return number, f"more than {MAX_DEPTH} brackets are open here; data files are a few levels deep"
            elif ch in "]}":
                depth = max(0, depth - 1)
            else:  # "#"
                break
    return None


def parse(text: str):
    """Parse one YAML document into Scalar / Mapping / Sequence values.

    Raises YamlError for anything a data file must not contain: syntax errors,
    several documents, duplicate keys, tags, anchors and aliases, control
    characters, and nesting far deeper than any record.
    """
    if text.startswith("\ufeff"):  # a BOM is harmless: editors on Windows add it
        text = text[1:]
    m = CONTROL.search(text)
    if m:
        raise YamlError(text.count("\n", 0, m.start()) + 1, control_problem(m.group(0)))
    deep = _depth_problem(text)
    if deep:
        raise YamlError(*deep)
    if "\t" in text:
        for number, line in enumerate(text.splitlines(), 1):
            indent = line[: len(line) - len(line.lstrip())]
            if "\t" in indent:
                raise YamlError(number, "a tab is used for indentation; YAML needs spaces (replace the tab with two spaces)")
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
        if len(nodes) > 1:
            raise YamlError(nodes[1].start_mark.line + 1, "the file holds more than one YAML document ('---'); keep one")
        if not nodes or nodes[0] is None:
            return None
        return _convert(nodes[0], set())
    except yaml.MarkedYAMLError as exc:
        line, message = syntax_error(exc, text)
        raise YamlError(line, message) from None
    except yaml.YAMLError as exc:  # errors without a position
        raise YamlError(None, f"YAML error: {exc}") from None
    except RecursionError:
        raise YamlError(None, "the data is nested too deeply to read; data files are a few levels deep") from None


# PyYAML's wording, and what it usually means in a data file.
PLAIN_WORDS = (
    ("while scanning a quoted scalar", "a quote is opened and never closed; end the text with the same quote"),
    ("did not find expected ',' or", "a [ or { is opened and never closed; check the brackets"),
    ("mapping values are not allowed", "a ':' where YAML does not expect one; check the indentation, "
                                       "and put text that contains ': ' in quotes"),
    ("did not find expected key", "this line does not line up with the fields around it; check its indentation, "
                                  "and that every quote above it is closed"),
    ("did not find expected '-' indicator", "this list item does not line up with the items above it; "
                                            "check its indentation"),
    ("expected <block end>", "this line does not line up with the lines around it; check its indentation"),
)
# A value that starts with a quote: `field: "...`, `- "...` or `- field: "...`.
QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s"'#][^:#]*:\s+)?(["'])(.*)$""")


def syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """The line an author should look at, and what is wrong there in plain words."""
    problem = exc.problem or "the file is not valid YAML"
    mark = exc.problem_mark or exc.context_mark
    # "End of stream" is never where the mistake is: the opening quote or bracket is.
    if exc.context_mark and (problem == "found unexpected end of stream" or mark.index >= len(text.rstrip())):
        mark = exc.context_mark
    line = mark.line + 1 if mark else None
    unclosed = unclosed_quote_line(text, line or len(text.splitlines()))
    if unclosed is not None:
        return unclosed, ("YAML syntax error: the quote opened on this line is not closed; "
                          "end the text with the same quote it starts with")
    raw = f"{problem} ({exc.context})" if exc.context else problem
    plain = next((words for key, words in PLAIN_WORDS if key in raw), None)
    return line, f"YAML syntax error: {plain} (YAML says: {raw})" if plain else f"YAML syntax error: {raw}"


def unclosed_quote_line(text: str, up_to: int) -> int | None:
    """The first line up to `up_to` whose value opens a quote it does not close, if any.

    Used only once the file has failed to parse: a quoted value spread over
    several lines is valid YAML, but in a data file it is nearly always a typo.
    """
    for number, line in enumerate(text.splitlines()[:up_to], 1):
        m = QUOTED_VALUE.match(line)
        if not m:
            continue
        quote, rest = m.groups()
        # Drop the escaped forms first: \" inside "...", '' inside '...'.
        rest = re.sub(r'\\.', "", rest) if quote == '"' else rest.replace("''", "")
        if quote not in rest:
            return number
    return None


def _convert(node, seen: set[int]):
    line = node.start_mark.line + 1
    # The composer hands back the same node object for every alias of an anchor;
    # refusing a second visit stops "billion laughs" before it can grow.
    if id(node) in seen:
        raise YamlError(line, "anchors and aliases (& and *) are not supported in data files; write the value out")
    seen.add(id(node))
    if getattr(node, "anchor", None):
        raise YamlError(line, "anchors and aliases (& and *) are not supported in data files; write the value out")
    if isinstance(node, yaml.ScalarNode):
        quoted = node.style in ("'", '"', "|", ">")
        tag = node.tag
        if tag != STR and tag not in IMPLICIT:
            raise YamlError(line, f"the tag {tag!r} is not allowed in data files; remove it")
        # Raw control characters were refused before parsing; only a double-quoted scalar can make
        # one from an escape ("\x1b", "\0", "\e").
        problem = control_problem(node.value) if node.style == '"' else None
        if problem:
            raise YamlError(line, problem)
        return Scalar(node.value, tag, line, quoted)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != SEQ:
            raise YamlError(line, f"the tag {node.tag!r} is not allowed in data files; remove it")
        out = Sequence(line)
        out.extend(_convert(item, seen) for item in node.value)
        return out
    if isinstance(node, yaml.MappingNode):
        if node.tag != MAP:
            raise YamlError(line, f"the tag {node.tag!r} is not allowed in data files; remove it")
        out = Mapping(line)
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(key_line, "a key must be a plain name")
            key = key_node.value
            if key == "<<":
                raise YamlError(key_line, "merge keys (<<) are not supported in data files; write the fields out")
            if key in out:
                raise YamlError(
                    key_line,
                    f"the key '{key}' appears twice in the same record (first on line {out.lines[key]}); keep one",
                )
            out.lines[key] = key_line
            out[key] = _convert(value_node, seen)
        return out
    raise YamlError(line, "unsupported YAML node")  # pragma: no cover

