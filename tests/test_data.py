"""The real data: it loads, validates, and keeps the promises a learner relies on."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from guide.data import DataErrors, load_catalog
from guide.schema import DATASETS, VERIFY
from guide.site import load_site
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT)


def test_every_data_file_loads_and_validates(site):
    for name, ds in DATASETS.items():
        assert site.records(name), f"data/{ds.file} has no records"


def test_each_data_file_starts_with_a_commented_template_record():
    for ds in DATASETS.values():
        head = (ROOT / "data" / ds.file).read_text(encoding="utf-8").split("\n- ")[0]
        assert all(line.startswith("#") or not line.strip() for line in head.splitlines()), ds.file
        template = re.search(r"^#\s*- id:", head, re.M)
        assert template, f"{ds.file} has no commented template record"
        for field in ds.fields:
            if field is VERIFY:  # on every table, so CONTRIBUTING documents it once
                continue
            assert re.search(rf"^#\s*-?\s*{field.name}:", head, re.M), f"{ds.file}: template lacks {field.name}"


def test_every_chapter_has_at_least_four_self_check_questions(site):
    counts = Counter(q["chapter"] for q in site.records("questions"))
    for chapter in site.records("chapters"):
        assert counts[chapter.id] >= 4, chapter.id


def test_glossary_covers_the_terms_a_technician_meets(site):
    terms = {g["term"].casefold() for g in site.records("glossary")} | {
        g["abbr"].casefold() for g in site.records("glossary") if g.get("abbr")}
    for needed in ["hipaa", "milieu", "seclusion", "restraint", "de-escalation", "elopement", "cna", "ncpt"]:
        assert any(needed in t for t in terms), needed


def test_factual_datasets_cite_known_sources(site):
    known = set(site.source_numbers)
    for name, ds in DATASETS.items():
        if not ds.cited:
            continue
        for record in site.records(name):
            assert record["sources"] and set(record["sources"]) <= known, (name, record.id)


def test_the_fact_checks_corrections_hold(site):
    """A learner must not learn a credential that does not exist or a duty they may not do."""
    every_value = " ".join(str(v) for records in site.catalog.values() for r in records for v in r.values())
    assert site.record("credentials", "cmht") is None  # never listed as a credential to earn
    assert "verified" in site.record("glossary", "cmht")["definition"]  # only explained, as unverifiable
    assert "NCCB" not in " ".join(str(v) for r in site.records("organizations") for v in r.values())
    states = {s["state"] for s in site.records("states")}
    assert states == {"California", "Colorado", "Arkansas", "Kansas"}
    assert "Missouri" not in states
    assert "9%" in site.record("outlook", "outlook-2022-32")["value"]
    assert "2022" in site.record("outlook", "outlook-2022-32")["period"]
    assert "39,610" in every_value


def test_local_additions_extend_a_table(tmp_path):
    """A fork's data/local/<file> adds records, validated like upstream ones."""
    import shutil
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "local").mkdir(exist_ok=True)
    (data / "local" / "organizations.yml").write_text(
        '- id: acme-college\n  name: "Acme Community College"\n  kind: "education"\n'
        '  offers: "A two-semester psychiatric technician certificate"\n  url: "https://acme.example.org/"\n'
        '  sources: ["bls-ooh"]\n', encoding="utf-8")
    catalog = load_catalog(data)
    assert catalog["organizations"][-1].id == "acme-college"
    (data / "local" / "organizations.yml").write_text('- id: acme\n  nmae: "x"\n', encoding="utf-8")
    with pytest.raises(DataErrors) as err:
        load_catalog(data)
    assert "data/local/organizations.yml:2: record 'acme', field 'nmae': unknown field; did you mean 'name'?" in str(err.value)


def _broken_copy(tmp_path, file, old, new):
    import shutil
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    text = (data / file).read_text(encoding="utf-8")
    assert old in text, old
    (data / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataErrors) as err:
        load_catalog(data)
    return str(err.value)


def test_an_unknown_source_id_fails_with_its_place(tmp_path):
    text = (ROOT / "data" / "settings.yml").read_text(encoding="utf-8")
    line = next(n for n, l in enumerate(text.splitlines(), 1) if l.strip().startswith("sources:"))
    old = text.splitlines()[line - 1]
    message = _broken_copy(tmp_path, "settings.yml", old, "  sources: [bls-oooh]")
    assert f"data/settings.yml:{line}: record" in message
    assert "field 'sources': 'bls-oooh' is not an id in data/sources.yml; did you mean 'bls-ooh'?" in message


def test_an_answer_key_that_names_no_option_fails(tmp_path):
    text = (ROOT / "data" / "questions.yml").read_text(encoding="utf-8")
    lines = text.splitlines()
    # the first multiple-choice question's answer line
    n = next(i for i, l in enumerate(lines) if re.match(r'\s+answer: "?[a-d]"?\s*$', l))
    message = _broken_copy(tmp_path, "questions.yml", lines[n] + "\n", '  answer: "e"\n')
    assert f"data/questions.yml:{n + 1}: record" in message
    assert "field 'answer': the answer key 'e' names no option; use one of a, b" in message


def test_make_check_warns_about_old_sources_and_figures_without_failing(capsys):
    import datetime

    from guide.check import check, staleness
    from guide.data import Record

    def record(values, line=5):
        return Record(values, "data/x.yml", line, {k: line + i for i, k in enumerate(values)})

    catalog = {
        "sources": [record({"id": "old", "dated": "2019-06", "read": "2026-01-02"}),
                    record({"id": "fresh", "dated": "2025-06", "read": "2026-01-02"}),
                    record({"id": "undated", "read": "2021-01-02"}),
                    record({"id": "slow", "dated": "2019", "read": "2026-01-02", "max_age": 10})],
        "outlook": [record({"id": "pay", "as_of": "2023-05"}), record({"id": "new-pay", "as_of": "2025-05"})],
    }
    lines = staleness(catalog, datetime.date(2026, 11, 28))
    assert [line.split("'")[1] for line in lines] == ["old", "undated", "pay"]
    assert lines[0].startswith("data/x.yml:6: source 'old' is dated 2019-06, 7 years ago (over its max_age of 3)")
    assert "gives no date of its own and was read on 2021-01-02" in lines[1]
    assert lines[2].startswith("data/x.yml:6: figure 'pay' refers to 2023-05, more than 2 years ago")
    # On the real guide: warnings, never a failure.
    assert check(ROOT, datetime.date(2100, 1, 1)) == 0
    out = capsys.readouterr().out
    assert "to read again (warnings; nothing fails)" in out and "warning: data/sources.yml:" in out


def test_every_control_character_is_refused_however_the_value_is_written():
    # Raw in any scalar style, or made by an escape in a double-quoted one: one message, its line.
    import pytest

    from guide import yamlload
    for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]:
        raw = chr(code)
        for text, line in ((f"- id: a\n  v: x{raw}y\n", 2), (f"- id: a\n  v: 'x{raw}y'\n", 2),
                           (f'- id: a\n  v: "x{raw}y"\n', 2), (f"- id: a\n  v: |\n    x{raw}y\n", 3),
                           (f'- id: a\n  v: "x\\x{code:02x}y"\n', 2)):
            with pytest.raises(yamlload.YamlError) as caught:
                yamlload.parse(text)
            assert caught.value.line == line and f"U+{code:04X}" in caught.value.message, (code, text)
