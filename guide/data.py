"""Load every data file once, check it against guide/schema.py, report every problem.

`load_catalog(data_dir)` returns the records of every dataset, or raises
`DataErrors` listing each problem with its file, line, record and field, so
that a person editing YAML learns everything that is wrong in one run.
"""
from __future__ import annotations

import datetime
import difflib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import files, yamlload
from .schema import DATASETS, LOCAL_DIR, Dataset, Field
from .yamlload import Mapping, Scalar, Sequence, YamlError

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PARTIAL_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
EMAIL_RE = re.compile(r"^[^@\s<>\"'\\]+@[^@\s<>\"'\\]+\.[A-Za-z]{2,}$")
# An address is https only (no javascript:, data: or plain http), and holds only the characters an
# address may hold unencoded, less the quotes: nothing that could end an attribute or open a tag.
SAFE_URL = re.compile(r"^https://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?"
                      r"(?:[/?#][A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]*)?$")


def url_problem(text: str) -> str | None:
    """Why text is not an address the guide may link to, or None. Data and brand share this rule."""
    if SAFE_URL.match(text):
        return None
    if not text.lower().startswith("https://"):
        return f"{text!r} is not a full https:// address; write it starting with https://"
    return (f"{text!r} has a character an address may not hold as it is (space, quote, < > \\ or a letter "
            "outside ASCII); percent-encode it, e.g. a space as %20")

# How many times each file was read in this process: a test holds the loader to
# "each data file once per build".
READS: Counter = Counter()


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str
    record: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        what = []
        if self.record:
            what.append(f"record '{self.record}'")
        if self.field:
            what.append(f"field '{self.field}'")
        prefix = f"{where}: " + (", ".join(what) + ": " if what else "")
        return prefix + self.message


class DataErrors(Exception):
    """Every problem found in one run, ready to print."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(format_problems(problems))


def format_problems(problems: list[Problem]) -> str:
    count = len(problems)
    head = f"{count} problem{'s' if count != 1 else ''} in the guide's sources; the site was not built:"
    return "\n".join([head] + [f"  - {p}" for p in problems])


class Record(dict):
    """One record's plain values, plus where each came from."""

    def __init__(self, values: dict, file: str, line: int, lines: dict[str, int]):
        super().__init__(values)
        self.file, self.line, self.lines = file, line, lines

    @property
    def id(self) -> str:
        return self["id"]


def read_text(path: Path, inside: list[Path]) -> str:
    """A data or brand file's text: a regular file inside `inside`, UTF-8. Raises YamlError."""
    READS[str(path.resolve())] += 1
    try:
        raw = files.read_bytes(path, inside)
    except files.FileProblem as exc:
        raise YamlError(None, f"the file {exc}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(line, "the file is not UTF-8 text; save it as UTF-8 in your editor") from None


def load_catalog(data_dir: Path, *, display_root: Path | None = None) -> dict[str, list[Record]]:
    """Read and check every dataset in data_dir (plus data_dir/local/). Raises DataErrors."""
    data_dir = Path(data_dir)
    root = display_root or data_dir.parent
    problems: list[Problem] = []
    catalog: dict[str, list[Record]] = {}
    inside = [root]
    for ds in DATASETS.values():
        records: list[Record] = []
        main = data_dir / ds.file
        if not main.exists() and not main.is_symlink():
            problems.append(Problem(_show(main, root), None, f"the data file is missing; restore {ds.file} from upstream"))
        else:
            records += _load_file(main, ds, _show(main, root), problems, inside)
        local = data_dir / LOCAL_DIR / ds.file
        if local.exists() or local.is_symlink():
            records += _load_file(local, ds, _show(local, root), problems, inside)
        catalog[ds.name] = records
    _check_local_names(data_dir / LOCAL_DIR, root, problems)
    _check_ids(catalog, problems)
    _check_refs(catalog, problems)
    _check_rules(catalog, problems)
    if problems:
        raise DataErrors(problems)
    return catalog


def _check_local_names(local: Path, root: Path, problems: list[Problem]) -> None:
    """Every YAML file under data/local/ must extend a dataset: a name in the wrong case or with
    .yaml would otherwise be ignored without a word."""
    if not local.is_dir():
        return
    names = [d.file for d in DATASETS.values()]
    for path in sorted(local.iterdir()):
        if path.suffix.lower() not in (".yml", ".yaml") or path.name in names:
            continue
        exact = next((n for n in names if n.lower() == path.stem.lower() + ".yml"), None)
        if exact:
            fix = f"this file is not read: rename it to {exact} (lowercase, ending in .yml)"
        else:
            fix = (f"no dataset is called '{path.name}'{suggest(path.name, names)}; "
                   "local files take the name of the upstream file they extend")
        problems.append(Problem(_show(path, root), None, fix))


def _show(path: Path, root: Path) -> str:
    """The path as the author knows it (the link's own path, not where a link points)."""
    try:
        return str(Path(path).absolute().relative_to(Path(root).absolute()))
    except ValueError:
        return str(path)


def suggest(word: str, options) -> str:
    """"; did you mean 'x'?" for the option closest to a misspelt word, or ""."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _load_file(path: Path, ds: Dataset, shown: str, problems: list[Problem], inside: list[Path]) -> list[Record]:
    try:
        tree = yamlload.parse(read_text(path, inside))
    except YamlError as exc:
        problems.append(Problem(shown, exc.line, exc.message))
        return []
    if tree is None:
        problems.append(Problem(shown, None, "the file is empty; it must hold a list of records (see the template at its top)"))
        return []
    if not isinstance(tree, Sequence):
        problems.append(Problem(shown, getattr(tree, "line", 1),
                                "the file must hold a list of records, each starting with '- id:'"))
        return []
    records = []
    for item in tree:
        record = _check_record(item, ds, shown, problems)
        if record is not None:
            records.append(record)
    return records


def _check_record(item, ds: Dataset, shown: str, problems: list[Problem]) -> Record | None:
    if not isinstance(item, Mapping):
        problems.append(Problem(shown, getattr(item, "line", None), "each list item must be a record of 'field: value' lines"))
        return None
    rid = item.get("id")
    rid_text = rid.text if isinstance(rid, Scalar) else None
    values: dict = {}
    ok = True
    for key in item:
        if ds.field(key) is None:
            names = [f.name for f in ds.fields]
            problems.append(Problem(shown, item.lines[key], f"unknown field{suggest(key, names)}"
                                    f"{'' if suggest(key, names) else '; the fields are: ' + ', '.join(names)}",
                                    rid_text, key))
            ok = False
    for f in ds.fields:
        if f.name not in item:
            if f.required:
                problems.append(Problem(shown, item.line, f"required field is missing ({f.help or f.kind})", rid_text, f.name))
                ok = False
            continue
        try:
            values[f.name] = _convert(item[f.name], f)
        except ValueError as exc:
            line = getattr(item[f.name], "line", item.lines[f.name])
            problems.append(Problem(shown, line, str(exc), rid_text, f.name))
            ok = False
    for name in values.get("verify", []):
        if name == "verify" or name not in {c.field for c in ds.columns}:
            columns = [c.field for c in ds.columns]
            problems.append(Problem(shown, item.lines.get("verify", item.line),
                                    f"{name!r} is not a column of this table{suggest(name, columns)}; "
                                    f"name the fields to verify, from: {', '.join(columns)}", rid_text, "verify"))
            ok = False
    for check in ds.checks:
        for field_name, message in check(values):
            problems.append(Problem(shown, item.lines.get(field_name, item.line), message, rid_text, field_name))
            ok = False
    if ok and ds.cited and not values.get("sources"):
        problems.append(Problem(shown, item.line, "a factual record must cite at least one source id", rid_text, "sources"))
        ok = False
    if not ok:
        return None
    return Record(values, shown, item.line, dict(item.lines))


def _text(node) -> str:
    if isinstance(node, (Mapping, Sequence)):
        raise ValueError(f"expected text but found a {'list' if isinstance(node, Sequence) else 'nested record'}")
    if node.tag != yamlload.STR:
        if node.tag == "tag:yaml.org,2002:null":
            raise ValueError("has no value; write the text, or remove the field if it is optional")
        kind = yamlload.IMPLICIT[node.tag]
        raise ValueError(f"YAML reads {node.text!r} as {kind}, not text; put it in quotes: \"{node.text}\"")
    text = node.text.strip()
    if not text:
        raise ValueError("is empty; write the text, or remove the field if it is optional")
    return text


def _convert(node, f: Field):
    kind = f.kind
    if kind == "options":
        return _options(node)
    if kind in ("texts", "refs", "fields"):
        if not isinstance(node, Sequence):
            raise ValueError("expected a list (one '- item' per line)")
        if not node:
            raise ValueError("the list is empty")
        return [_convert_one(item, f) for item in node]
    return _convert_one(node, f)


def _convert_one(node, f: Field):
    kind = f.kind
    if kind == "int":
        if not isinstance(node, Scalar) or node.tag != "tag:yaml.org,2002:int" or node.quoted:
            raise ValueError(f"expected a whole number, found {_show_node(node)}")
        return int(node.text)
    if kind in ("date", "partial_date"):
        if isinstance(node, Scalar) and node.tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int") \
                and PARTIAL_DATE_RE.match(node.text):
            text = node.text  # 2024-05-01 or 2024 unquoted is still plainly a date here
        else:
            text = _text(node)
        pattern, form = (DATE_RE, "YYYY-MM-DD") if kind == "date" else (PARTIAL_DATE_RE, "YYYY, YYYY-MM or YYYY-MM-DD")
        if not pattern.match(text):
            raise ValueError(f"expected a date written {form}, found {text!r}")
        try:
            datetime.date.fromisoformat((text + "-01-01")[:10] if len(text) < 10 else text)
        except ValueError:
            raise ValueError(f"{text!r} is not a real date") from None
        return text
    text = _text(node)
    if f.name == "id" or kind in ("ref", "refs"):
        if not ID_RE.match(text):
            raise ValueError(f"{text!r} is not a valid id; use lowercase letters, digits and hyphens")
    if kind == "url":
        problem = url_problem(text)
        if problem:
            raise ValueError(problem)
    if kind == "choice" and text not in f.choices:
        raise ValueError(f"{text!r} is not one of: {', '.join(f.choices)}{suggest(text, f.choices)}")
    return text


OPTION_FIELDS = ("text", "why")


def _options(node) -> list[dict]:
    """A question's options: each a record with the option's `text` and `why` it is right or wrong."""
    if not isinstance(node, Sequence) or not node:
        raise ValueError("expected a list of options, each '- text: ...' with 'why: ...' under it")
    out = []
    for n, item in enumerate(node):
        letter = chr(ord("a") + n)
        if not isinstance(item, Mapping):
            raise ValueError(f"option {letter} must be a record: '- text: \"...\"' then 'why: \"...\"' (why it is "
                             "right or wrong)")
        unknown = [k for k in item if k not in OPTION_FIELDS]
        if unknown:
            raise ValueError(f"option {letter} has an unknown field {unknown[0]!r}; the fields are text and why")
        option = {}
        for name in OPTION_FIELDS:
            if name not in item:
                what = "the option itself" if name == "text" else "one line on why this option is right or wrong"
                raise ValueError(f"option {letter} has no '{name}'; add it ({what})")
            try:
                option[name] = _text(item[name])
            except ValueError as exc:
                raise ValueError(f"option {letter}, {name}: {exc}") from None
        out.append(option)
    return out


def _show_node(node) -> str:
    if isinstance(node, Scalar):
        return repr(node.text)
    return "a list" if isinstance(node, Sequence) else "a nested record"


def _check_ids(catalog, problems):
    for _name, records in catalog.items():
        seen: dict[str, Record] = {}
        for r in records:
            if r.id in seen:
                first = seen[r.id]
                problems.append(Problem(r.file, r.lines.get("id", r.line),
                                        f"duplicate id; '{r.id}' is already used at {first.file}:{first.lines.get('id', first.line)}",
                                        r.id, "id"))
            else:
                seen[r.id] = r


def _check_refs(catalog, problems):
    # Each dataset's ids once, not once per reference: this keeps the check linear in records.
    ids = {name: {t.id for t in records} for name, records in catalog.items()}
    for ds in DATASETS.values():
        refs = [f for f in ds.fields if f.kind in ("ref", "refs")]
        for r in catalog.get(ds.name, []):
            for f in refs:
                if f.name not in r:
                    continue
                targets = ids.get(f.ref, set())
                wanted = r[f.name] if f.kind == "refs" else [r[f.name]]
                for target in wanted:
                    if target not in targets:
                        problems.append(Problem(
                            r.file, r.lines.get(f.name, r.line),
                            f"'{target}' is not an id in data/{DATASETS[f.ref].file}{suggest(target, targets)}",
                            r.id, f.name))


def _check_rules(catalog, problems):
    """Rules that span fields: answer keys, objective counts, dataset sizes."""
    for q in catalog.get("questions", []):
        options = q.get("options")
        if options:
            letters = [chr(ord("a") + i) for i in range(len(options))]
            if q["answer"].lower() not in letters:
                problems.append(Problem(q.file, q.lines.get("answer", q.line),
                                        f"the answer key {q['answer']!r} names no option; use one of {', '.join(letters)}",
                                        q.id, "answer"))
            if len(options) < 2:
                problems.append(Problem(q.file, q.lines.get("options", q.line),
                                        "a multiple-choice question needs at least two options", q.id, "options"))
    for c in catalog.get("chapters", []):
        n = len(c["objectives"])
        if not 2 <= n <= 4:
            problems.append(Problem(c.file, c.lines.get("objectives", c.line),
                                    f"a chapter opens with two to four learning objectives, not {n}", c.id, "objectives"))
    for ds in DATASETS.values():
        records = catalog.get(ds.name, [])
        if records and len(records) < ds.min_records:
            first = records[0]
            problems.append(Problem(first.file, None, f"needs at least {ds.min_records} records, has {len(records)}"))
