"""The instructor kit (`make kit`, guide/kit.py): every file read back and checked against the data.

The kit is built from a copy of the project with the same command `make kit` runs. Expected
values come from the data (loaded with guide.site.load_site), never from names written here.
XML is read with ElementTree, the Anki deck with sqlite3, the CSV with the csv module, the GIFT
text with a small reader below, and the PDF with pypdf.
"""
from __future__ import annotations

import functools
import html
import io
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from pypdf import PdfReader

from guide import kit
from guide.site import load_site
from tests.conftest import ROOT, copy_project

SYSTEM_LIBRARIES = "apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core"


def _pdf_library_problem() -> str | None:
    try:
        import weasyprint  # noqa: F401 - loads Pango and HarfBuzz from the system
    except (ImportError, OSError) as exc:
        return str(exc).splitlines()[0]
    return None


@pytest.fixture(autouse=True, scope="module")
def pdf_libraries():
    """The kit's PDF needs the system's Pango: without it these tests skip and say how to install
    it, as the browser tests do without Chromium; under CI=true that is a failure."""
    problem = _pdf_library_problem()
    if problem:
        message = f"the instructor kit's PDF needs Pango and HarfBuzz ({problem}); Debian: {SYSTEM_LIBRARIES}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)

EPOCH = "1700000000"
ACME = ROOT / "tests" / "fixtures" / "acme-brand"
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"


# --- helpers ---------------------------------------------------------------------------------

def run_kit(root: Path, env: dict | None = None, command: tuple = ("-m", "guide", "kit")) -> subprocess.CompletedProcess:
    """The command `make kit` runs (or another, e.g. `python -m guide.kit`), in a copy of the project."""
    full = dict(os.environ, GUIDE_ROOT=str(root), SOURCE_DATE_EPOCH=EPOCH)
    full.update(env or {})
    if not (env and "BRAND" in env):
        full.pop("BRAND", None)
    return subprocess.run([sys.executable, *command], cwd=root, env=full, capture_output=True, text=True)


def load(root: Path, brand: Path | None = None):
    saved = os.environ.pop("BRAND", None)
    try:
        if brand:
            os.environ["BRAND"] = str(brand)
        return load_site(root)
    finally:
        os.environ.pop("BRAND", None)
        if saved is not None:
            os.environ["BRAND"] = saved


def plain(html_value: str | None) -> str:
    """The text of a <p>...</p> value as kit.para wrote it."""
    assert html_value and html_value.startswith("<p>") and html_value.endswith("</p>"), html_value
    return html.unescape(html_value[3:-4].replace("<br>", "\n"))


def squash(text: str) -> str:
    """Whitespace made single; a line broken after a hyphen ("15-\nminute") joined again."""
    return re.sub(r"([-\u2013])\s+", r"\1", " ".join(text.split()))


def pdf_text(reader: PdfReader) -> str:
    """The body text of every page, without running heads and feet, so a sentence may cross pages."""
    pages = []
    for n, page in enumerate(reader.pages):
        lines = (page.extract_text() or "").split("\n")
        if n > 0:  # the cover has no running head or foot; pypdf reads the margin boxes last
            lines = lines[:-2]
        pages.append(" ".join(line for line in lines if not re.fullmatch(r"\s*\d+\.\s*", line)))
    return squash(" ".join(pages))


def outline_titles(reader: PdfReader) -> list[str]:
    return [item.title for item in reader.outline if not isinstance(item, list)]


def gift_unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def gift_split(text: str, sep: str) -> list[str]:
    """Split GIFT text on `sep` where it is not escaped with a backslash (at most once)."""
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(sep, i):
            return [text[:i], text[i + len(sep):]]
        i += 1
    return [text]


def read_gift(text: str) -> dict[str, dict]:
    """The questions of a GIFT file as kit.gift writes them: id -> prompt, options, feedback, category."""
    out, category = {}, None
    for block in text.split("\n\n"):
        block = block.strip("\n")
        if block.startswith("$CATEGORY: "):
            category = block[len("$CATEGORY: "):]
            continue
        if not block.startswith("::"):
            continue
        lines = block.split("\n")
        assert lines[-1] == "}" and lines[0].endswith(" {"), block
        name, rest = gift_split(lines[0][2:-2], "::")
        assert rest.startswith("[html]")
        q = {"category": category, "prompt": html.unescape(gift_unescape(rest[len("[html]"):])), "options": [],
             "feedback": None}
        for line in lines[1:-1]:
            line = line.lstrip("\t")
            if line.startswith("####"):
                q["feedback"] = html.unescape(gift_unescape(line[4:]))
                continue
            mark, body = line[0], line[1:]
            assert mark in "=~", line
            parts = gift_split(body, "#")
            q["options"].append({"right": mark == "=", "text": html.unescape(gift_unescape(parts[0])),
                                 "why": html.unescape(gift_unescape(parts[1])) if len(parts) > 1 else None})
        out[gift_unescape(name)] = q
    return out


def anki_notes(apkg: bytes, tmp_path: Path) -> tuple[list[tuple], str, str]:
    """(guid, fields, tags) of every note, and the collection's decks and models JSON."""
    with zipfile.ZipFile(io.BytesIO(apkg)) as zf:
        db = tmp_path / "collection.anki2"
        db.write_bytes(zf.read("collection.anki2"))
    con = sqlite3.connect(db)
    try:
        notes = con.execute("select guid, flds, tags from notes order by id").fetchall()
        decks, models = con.execute("select decks, models from col").fetchone()
    finally:
        con.close()
    return notes, decks, models


# --- the real guide, built once ---------------------------------------------------------------

class Kit:
    def __init__(self, root: Path, brand: Path | None = None):
        self.root = root
        self.site = load(root, brand)
        self.bank = kit.make_bank(self.site, int(EPOCH))
        self.short = self.site.brand["short_name"]
        self.folder = root / "dist" / f"{self.short}-kit"
        self.zip = root / "dist" / f"{self.short}-kit.zip"

    def file(self, suffix: str) -> Path:
        return self.folder / f"{self.short}-{suffix}"

    # Reading the PDF back is slow: the tests that read one kit's PDF share one reading.
    @functools.cached_property
    def pdf(self) -> PdfReader:
        return PdfReader(self.file("guide.pdf"))

    @functools.cached_property
    def pdf_body(self) -> str:
        return pdf_text(self.pdf)


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> Kit:
    """The guide's whole kit, PDF included: the tests that read it are slow."""
    root = copy_project(tmp_path_factory.mktemp("kit"))
    proc = run_kit(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return Kit(root)


def kit_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_the_kit_holds_every_format_and_the_zip_matches_the_folder(real):
    names = set(kit_files(real.folder))
    chapters = [c for c in real.bank.chapters if real.bank.questions[c["id"]]]
    blackboard = {f"{real.short}-blackboard/{n:02d}-{c['id']}.txt" for n, c in enumerate(chapters, 1)}
    assert names == {"README.txt", f"{real.short}-moodle.xml", f"{real.short}-qti.zip", f"{real.short}-gift.txt",
                     f"{real.short}-flashcards.apkg", f"{real.short}-flashcards.csv",
                     f"{real.short}-guide.pdf"} | blackboard
    with zipfile.ZipFile(real.zip) as zf:
        assert sorted(zf.namelist()) == sorted(names)
        for name in names:
            assert zf.read(name) == (real.folder / name).read_bytes(), name
            assert zf.getinfo(name).date_time == (2023, 11, 14, 22, 13, 20)
    readme = (real.folder / "README.txt").read_text(encoding="utf-8")
    for platform in ("MOODLE", "CANVAS", "BLACKBOARD", "ANKI", "BRIGHTSPACE"):
        assert platform in readme
    assert not list(real.root.joinpath("dist").glob(".*")), "a temporary file was left behind"


@pytest.mark.slow
def test_moodle_xml_has_every_question_option_key_and_feedback(real):
    quiz = ET.parse(real.file("moodle.xml")).getroot()
    assert quiz.tag == "quiz"
    expected = [(c, q) for c, q in real.bank.all_questions()]
    assert expected, "the data has questions"
    category, seen = None, []
    for el in quiz.findall("question"):
        if el.get("type") == "category":
            category = el.findtext("category/text")
            continue
        seen.append((category, el))
    assert len(seen) == len(expected)
    for (category, el), (chapter, q) in zip(seen, expected):
        assert category == "$course$/" + " ".join(chapter["title"].split()).replace("/", "//")
        assert el.findtext("name/text") == q["id"]
        assert [tag.text for tag in el.findall("tags/tag/text")] == [q["kind"], chapter["id"]]
        assert plain(el.findtext("questiontext/text")) == q["prompt"]
        assert plain(el.findtext("generalfeedback/text")) == q["explanation"]
        if q.get("options"):
            assert el.get("type") == "multichoice" and el.findtext("single") == "true"
            answers = el.findall("answer")
            assert len(answers) == len(q["options"])
            right = "abcdefgh".index(q["answer"].lower())
            for i, (a, option) in enumerate(zip(answers, q["options"])):
                assert plain(a.findtext("text")) == option["text"]
                assert plain(a.findtext("feedback/text")) == option["why"]
                assert a.get("fraction") == ("100" if i == right else "0")
        else:
            assert el.get("type") == "essay"
            assert plain(el.findtext("graderinfo/text")) == q["answer"]


@pytest.mark.slow
def test_qti_package_has_a_manifest_and_one_assessment_per_chapter(real):
    with zipfile.ZipFile(real.file("qti.zip")) as zf:
        manifest = ET.fromstring(zf.read("imsmanifest.xml"))
        resources = manifest.findall(f"{CP}resources/{CP}resource")
        chapters = [c for c in real.bank.chapters if real.bank.questions[c["id"]]]
        assert [r.get("identifier") for r in resources] == [f"chapter-{c['id']}" for c in chapters]
        for resource, chapter in zip(resources, chapters):
            assert resource.get("type") == "imsqti_xmlv1p2"
            root = ET.fromstring(zf.read(resource.find(f"{CP}file").get("href")))
            test = root.find(f"{QTI}assessment")
            assert test.get("title") == chapter["title"]
            items = test.findall(f"{QTI}section/{QTI}item")
            questions = real.bank.questions[chapter["id"]]
            assert [i.get("title") for i in items] == [q["id"] for q in questions]
            for item, q in zip(items, questions):
                check_qti_item(item, q)


def check_qti_item(item: ET.Element, q: dict) -> None:
    meta = {f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry")
            for f in item.iter(f"{QTI}qtimetadatafield")}
    feedback = {fb.get("ident"): plain(fb.findtext(f"{QTI}flow_mat/{QTI}material/{QTI}mattext"))
                for fb in item.findall(f"{QTI}itemfeedback")}
    assert plain(item.findtext(f"{QTI}presentation/{QTI}material/{QTI}mattext")) == q["prompt"]
    if not q.get("options"):
        assert meta["question_type"] == "essay_question"
        assert q["answer"] in feedback["general_fb"] and q["explanation"] in feedback["general_fb"]
        return
    assert meta["question_type"] == "multiple_choice_question"
    assert feedback["general_fb"] == q["explanation"]
    labels = item.findall(f"{QTI}presentation/{QTI}response_lid/{QTI}render_choice/{QTI}response_label")
    assert [plain(lab.findtext(f"{QTI}material/{QTI}mattext")) for lab in labels] == [o["text"] for o in q["options"]]
    for lab, option in zip(labels, q["options"]):
        assert feedback[f"{lab.get('ident')}_fb"] == option["why"]
        shown = [c for c in item.iter(f"{QTI}respcondition")
                 if c.findtext(f"{QTI}conditionvar/{QTI}varequal") == lab.get("ident")
                 and c.find(f"{QTI}displayfeedback") is not None]
        assert shown and shown[0].find(f"{QTI}displayfeedback").get("linkrefid") == f"{lab.get('ident')}_fb"
    scoring = [c for c in item.iter(f"{QTI}respcondition") if c.find(f"{QTI}setvar") is not None]
    assert len(scoring) == 1 and scoring[0].findtext(f"{QTI}setvar") == "100"
    right = labels["abcdefgh".index(q["answer"].lower())].get("ident")
    assert scoring[0].findtext(f"{QTI}conditionvar/{QTI}varequal") == right


@pytest.mark.slow
def test_gift_has_the_same_bank(real):
    questions = read_gift(real.file("gift.txt").read_text(encoding="utf-8"))
    expected = list(real.bank.all_questions())
    assert list(questions) == [q["id"] for _, q in expected]
    for chapter, q in expected:
        got = questions[q["id"]]
        assert got["category"] == "$course$/" + " ".join(chapter["title"].split()).replace("/", "//")
        assert got["prompt"] == q["prompt"]
        if q.get("options"):
            assert [o["text"] for o in got["options"]] == [o["text"] for o in q["options"]]
            assert [o["why"] for o in got["options"]] == [o["why"] for o in q["options"]]
            assert [o["right"] for o in got["options"]].index(True) == "abcdefgh".index(q["answer"].lower())
            assert got["feedback"] == q["explanation"]
        else:
            assert got["options"] == [] and q["answer"] in got["feedback"]


@pytest.mark.slow
def test_blackboard_upload_files_have_every_question_and_key(real):
    chapters = [c for c in real.bank.chapters if real.bank.questions[c["id"]]]
    for n, chapter in enumerate(chapters, 1):
        path = real.folder / f"{real.short}-blackboard" / f"{n:02d}-{chapter['id']}.txt"
        text = path.read_bytes().decode("utf-8")  # not read_text: it would turn CRLF into LF
        rows = text.split("\r\n")
        assert rows[-1] == "" and "" not in rows[:-1]  # no blank line between questions
        check_blackboard_rows(rows[:-1], real.bank.questions[chapter["id"]])


def check_blackboard_rows(rows: list[str], questions: list[dict]) -> None:
    assert len(rows) == len(questions)
    for row, q in zip(rows, questions):
        fields = row.split("\t")
        if q.get("options"):
            assert fields[:2] == ["MC", q["prompt"]]
            right = "abcdefgh".index(q["answer"].lower())
            assert fields[2:] == [x for i, o in enumerate(q["options"])
                                  for x in (o["text"], "correct" if i == right else "incorrect")]
        else:
            assert fields == ["ESS", q["prompt"], q["answer"]]


@pytest.mark.slow
def test_flashcards_have_a_note_per_glossary_term_and_key_point(real, tmp_path):
    glossary = real.site.records("glossary")
    points = [(c, p) for c in real.bank.chapters for p in c["key_points"]]
    notes, decks, models = anki_notes(real.file("flashcards.apkg").read_bytes(), tmp_path)
    assert len(notes) == len(glossary) + len(points)
    assert len({guid for guid, _, _ in notes}) == len(notes)
    backs = [html.unescape(flds.split("\x1f")[1]) for _, flds, _ in notes]
    assert backs == [g["definition"] for g in glossary] + [p for _, p in points]
    for (_, _, tags), (chapter, _) in zip(notes[len(glossary):], points):
        assert f"chapter::{chapter['id']}" in tags.split()
    assert str(kit.stable_id(real.short, "deck")) in decks and str(kit.stable_id(real.short, "model")) in models
    rows = list(__import__("csv").reader(io.StringIO(real.file("flashcards.csv").read_text(encoding="utf-8"))))
    assert rows[0] == ["front", "back", "tags"]
    assert [r[1] for r in rows[1:]] == backs


@pytest.mark.slow
def test_pdf_has_cover_contents_bookmarks_tags_and_answer_key(real):
    reader = real.pdf
    brand = real.site.brand
    chapters = real.bank.chapters
    assert len(reader.pages) > len(chapters) + 3
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-US"
    assert bool(catalog["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in catalog
    assert b"pdfuaid" in catalog["/Metadata"].get_object().get_data()  # PDF/UA-1 identification
    assert reader.metadata.title == brand["name"]
    cover = squash(reader.pages[0].extract_text())
    for value in (brand["name"], brand["tagline"], brand["contact"]["email"], brand["footer"], "2023-11-14"):
        assert squash(value) in cover
    # Bookmarks: one per chapter, in chapter-list order, then references and the answer key.
    titles = outline_titles(reader)
    assert [t for t in titles if t in {c["title"] for c in chapters}] == [c["title"] for c in chapters]
    assert titles[-2:] == ["References", "Answer key"]
    # The contents page gives each chapter the page its bookmark points to.
    pages = {item.title: reader.get_destination_page_number(item) + 1
             for item in reader.outline if not isinstance(item, list)}
    toc = squash(reader.pages[1].extract_text())
    for c in chapters:
        assert re.search(re.escape(squash(c["title"])) + r"[ .]*" + str(pages[c["title"]]) + r"\b", toc), c["title"]
    assert [pages[c["title"]] for c in chapters] == sorted(pages[c["title"]] for c in chapters)
    # Running headers: the chapter's title at the top of its pages.
    first = chapters[1] if len(chapters) > 1 else chapters[0]
    assert squash(first["title"]) in squash(reader.pages[pages[first["title"]]].extract_text())
    text = real.pdf_body
    assert "Show answer to question" not in text  # answers are in the key, not after each question
    key = text[text.index(kit.ANSWER_KEY_INTRO):]
    for _, q in real.bank.all_questions():
        right = q["options"]["abcdefgh".index(q["answer"].lower())]["text"] if q.get("options") else q["answer"]
        assert squash(right) in key, q["id"]
        assert squash(q["explanation"]) in key, q["id"]


def struct_roles(node, seen=None) -> list[str]:
    """The structure types (/S) in a tagged PDF's structure tree, depth first."""
    seen = [] if seen is None else seen
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for child in node:
            struct_roles(child, seen)
    elif hasattr(node, "get"):
        if "/S" in node:
            seen.append(str(node["/S"]))
        if "/K" in node:
            struct_roles(node["/K"], seen)
    return seen


def test_a_long_table_repeats_its_header_on_each_page_and_is_tagged(tmp_path):
    bank = nasty_bank()
    rows = "".join(f"<tr><th scope=\"row\">Row {n}</th><td>{'Cell text. ' * 12}</td></tr>" for n in range(80))
    fragment = ('<h1 id="ch-alpha">Alpha</h1><div class="guide-table"><table><caption>Long table</caption>'
                '<thead><tr><th scope="col">Headcol</th><th scope="col">Valuecol</th></tr></thead>'
                f"<tbody>{rows}</tbody></table></div>")
    reader = PdfReader(io.BytesIO(kit.render_pdf(kit.pdf_html(bank, {"alpha": fragment}, kit.References()),
                                                 tmp_path)))
    pages = [p.extract_text() for p in reader.pages]
    with_rows = [t for t in pages if "Row " in t]
    assert len(with_rows) >= 3
    for text in with_rows:
        assert "Headcol" in text and "Valuecol" in text  # the header row again on every page of the table
    for n in range(80):  # no row lost or split between pages
        assert sum(bool(re.search(rf"\bRow {n}\b", t)) for t in pages) == 1
    roles = struct_roles(reader.trailer["/Root"]["/StructTreeRoot"])
    for role in ("/H1", "/Table", "/TH", "/TD", "/Caption"):
        assert role in roles, role


@pytest.mark.slow
def test_pdf_citations_are_numbered_references(real, built):
    text = real.pdf_body
    refs = text[text.index(kit.REFERENCES_INTRO):text.index(kit.ANSWER_KEY_INTRO)]
    cited = re.findall(r"\[(\d+)\]", text[:text.index(kit.REFERENCES_INTRO)])
    assert cited and min(map(int, cited)) == 1
    # The sources the chapters' pages cite (their citation links on the built site), in order of first citation.
    from bs4 import BeautifulSoup
    order: list[str] = []
    for chapter in real.bank.chapters:
        page = BeautifulSoup(kit.page_file(built.site, chapter["page"]).read_text(encoding="utf-8"), "html.parser")
        for a in page.select("article a.cite"):
            sid = a["href"].split("#src-", 1)[1]
            if sid not in order:
                order.append(sid)
    assert max(map(int, cited)) == len(order)  # numbered 1..n, one number per source
    titles = [squash(real.site.record("sources", sid)["title"]) for sid in order]
    positions = [refs.find(title) for title in titles]
    assert -1 not in positions, [t for t, p in zip(titles, positions) if p == -1]
    unique = [p for t, p in zip(titles, positions) if titles.count(t) == 1]
    assert unique == sorted(unique)  # listed in the order first cited


@pytest.mark.slow
def test_two_builds_of_one_commit_give_the_same_bytes(real):
    before = kit_files(real.folder)
    zipped = real.zip.read_bytes()
    proc = run_kit(real.root)
    assert proc.returncode == 0, proc.stderr
    assert real.zip.read_bytes() == zipped
    assert kit_files(real.folder) == before


# --- a fork's brand ---------------------------------------------------------------------------

@pytest.mark.slow
def test_a_second_brand_leaves_no_upstream_name(tmp_path):
    root = copy_project(tmp_path / "acme")
    proc = run_kit(root, {"BRAND": str(ACME / "brand.yml")})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    acme = Kit(root, ACME / "brand.yml")
    upstream = load(ROOT).brand
    assert acme.short != upstream["short_name"] and acme.zip.is_file()
    banned = [upstream["name"], upstream["short_name"], upstream["contact"]["email"], upstream["contact"]["url"],
              upstream["site_url"]]
    texts = {}
    for path in sorted(p for p in acme.folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".pdf":
            reader = PdfReader(path)
            texts[path.name] = pdf_text(reader) + " " + " ".join(str(v) for v in reader.metadata.values())
        elif path.suffix == ".apkg":
            notes, decks, models = anki_notes(data, tmp_path)
            texts[path.name] = repr(notes) + decks + models
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as zf:
                texts[path.name] = " ".join(zf.read(n).decode("utf-8") + " " + n for n in zf.namelist())
        else:
            texts[path.name] = data.decode("utf-8")
        texts[path.name] += " " + path.name
    for name, text in texts.items():
        for value in banned:
            assert value not in text, f"{value!r} in {name}"
    assert acme.site.brand["name"] in texts[f"{acme.short}-guide.pdf"]
    assert acme.site.brand["name"] in texts["README.txt"]


# --- only the chapter list --------------------------------------------------------------------

@pytest.mark.slow
def test_only_the_brands_chapter_list_is_exported_in_its_order(tmp_path):
    """A fork's brand chooses chapters (Site.chapters()): the kit holds those, in that order, and
    no question or key point of another chapter."""
    root = copy_project(tmp_path / "chosen")
    every = list(load(root).chapters())
    home = next(c for c in every if c["page"] == "index.md")
    others = [c for c in every if c is not home]
    chosen = [home] + [c for i, c in enumerate(others) if i % 2 == 1][::-1]  # a subset, in another order
    left_out = [c for c in every if c not in chosen]
    assert len(chosen) > 2 and left_out
    # As the build asks of a fork: links to a chapter it leaves out become plain words.
    hidden = "|".join(re.escape(c["page"]) for c in left_out)
    for page in (root / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(re.sub(rf"\[([^\]]*)\]\((?:\.\./)*(?:{hidden})(?:#[^)]*)?\)", r"\1", text), encoding="utf-8")
    brand_dir = tmp_path / "brand"
    shutil.copytree(ACME, brand_dir)
    brand_file = brand_dir / "brand.yml"
    brand_file.write_text(brand_file.read_text(encoding="utf-8") + "chapters:\n"
                          + "".join(f'  - "{c["id"]}"\n' for c in chosen), encoding="utf-8")
    proc = run_kit(root, {"BRAND": str(brand_file)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    fork = Kit(root, brand_file)
    assert [c["id"] for c in fork.bank.chapters] == [c["id"] for c in chosen]
    files = kit_files(fork.folder)
    short = fork.short
    quiz = ET.fromstring(files[f"{short}-moodle.xml"])
    categories = [el.findtext("category/text") for el in quiz.findall("question") if el.get("type") == "category"]
    with_questions = [c for c in chosen if fork.bank.questions[c["id"]]]
    assert categories == ["$course$/" + " ".join(c["title"].split()).replace("/", "//") for c in with_questions]
    reader = PdfReader(fork.file("guide.pdf"))
    assert [t for t in outline_titles(reader) if t in {c["title"] for c in every}] == [c["title"] for c in chosen]
    notes, _, _ = anki_notes(files[f"{short}-flashcards.apkg"], tmp_path)
    texts = {name: data.decode("utf-8") for name, data in files.items() if name.endswith((".xml", ".txt", ".csv"))}
    texts["apkg"] = html.unescape(repr(notes))
    with zipfile.ZipFile(io.BytesIO(files[f"{short}-qti.zip"])) as zf:
        texts["qti"] = " ".join(zf.read(n).decode("utf-8") for n in zf.namelist())
    pdf = pdf_text(reader)
    for c in left_out:
        for q in fork.site.records("questions"):
            if q["chapter"] == c["id"]:
                for name, text in texts.items():
                    assert q["id"] not in text, f"{q['id']} in {name}"
                assert squash(q["prompt"]) not in pdf
        for point in c["key_points"]:
            for name in ("apkg", f"{short}-flashcards.csv"):
                assert html.escape(point) not in texts[name] and point not in texts[name]
            assert squash(point) not in pdf


def test_chapter_list_is_the_sites_one_list():
    site = load(ROOT)
    assert kit.chapter_list(site) == site.chapters()


# --- untrusted text ---------------------------------------------------------------------------

NASTY = 'Dose <5 mg> & "PRN" {x} = ~y #2: a\\b; it\'s'


def nasty_bank() -> kit.Bank:
    brand = {"name": "Kit " + NASTY, "short_name": "kit-test", "tagline": "Tag " + NASTY,
             "contact": {"email": "kit@test.example", "url": "https://test.example/kit"},
             "site_url": "https://test.example/", "footer": "Foot " + NASTY,
             "colors": {"primary": "#1d5a73", "accent": "#a8430f"}}
    chapter = {"id": "alpha", "page": "alpha.md", "title": "Alpha/Beta " + NASTY, "key_points": ["Point " + NASTY]}
    questions = [
        {"id": "alpha-q1", "chapter": "alpha", "kind": "scenario", "prompt": "Prompt " + NASTY,
         "options": [{"text": "Wrong " + NASTY, "why": "Why wrong " + NASTY},
                     {"text": "Right " + NASTY, "why": "Why right " + NASTY},
                     {"text": "Other", "why": "Why other"}],
         "answer": "b", "explanation": "Explained " + NASTY},
        {"id": "alpha-q2", "chapter": "alpha", "kind": "recall", "prompt": "Short " + NASTY,
         "answer": "Model " + NASTY, "explanation": "Takeaway " + NASTY},
    ]
    glossary = [{"id": "term", "term": "Term " + NASTY, "abbr": "T&M", "definition": "Means " + NASTY}]
    return kit.Bank(brand, [chapter], {"alpha": questions}, glossary, [], int(EPOCH))


def test_untrusted_text_round_trips_exactly_in_every_format(tmp_path):
    bank = nasty_bank()
    chapter = bank.chapters[0]
    q1, q2 = bank.questions["alpha"]
    # Moodle XML
    quiz = ET.fromstring(kit.moodle_xml(bank))
    cat, mc, essay = quiz.findall("question")
    assert cat.findtext("category/text") == "$course$/" + chapter["title"].replace("/", "//")
    assert plain(mc.findtext("questiontext/text")) == q1["prompt"]
    assert [plain(a.findtext("text")) for a in mc.findall("answer")] == [o["text"] for o in q1["options"]]
    assert [plain(a.findtext("feedback/text")) for a in mc.findall("answer")] == [o["why"] for o in q1["options"]]
    assert plain(mc.findtext("generalfeedback/text")) == q1["explanation"]
    assert plain(essay.findtext("graderinfo/text")) == q2["answer"]
    # QTI
    files = dict(kit.qti_files(bank))
    items = ET.fromstring(files["chapter-alpha/chapter-alpha.xml"]).iter(f"{QTI}item")
    for item, q in zip(items, [q1, q2]):
        check_qti_item(item, q)
    assert ET.fromstring(files["chapter-alpha/chapter-alpha.xml"]).find(f"{QTI}assessment").get("title") == \
        chapter["title"]
    # GIFT
    got = read_gift(kit.gift(bank))
    assert got["alpha-q1"]["prompt"] == q1["prompt"]
    assert [(o["text"], o["why"], o["right"]) for o in got["alpha-q1"]["options"]] == \
        [(o["text"], o["why"], i == 1) for i, o in enumerate(q1["options"])]
    assert got["alpha-q1"]["feedback"] == q1["explanation"]
    assert got["alpha-q1"]["category"].replace("//", "/") == "$course$/" + chapter["title"]
    assert got["alpha-q2"]["feedback"].startswith("Model answer: " + q2["answer"])
    # Blackboard's upload file
    check_blackboard_rows(kit.blackboard_txt(bank, chapter).split("\r\n")[:-1], [q1, q2])
    assert kit.blackboard_field("a\tb\nc") == "a b c"
    # CSV and Anki
    cards = kit.cards(bank)
    rows = list(__import__("csv").reader(io.StringIO(kit.flashcards_csv(cards))))
    assert rows[1][:2] == ["Term " + NASTY + " (T&M)", "Means " + NASTY]
    assert rows[2][1] == "Point " + NASTY
    notes, decks, _ = anki_notes(kit.anki_package(bank, cards), tmp_path)
    fields = [[html.unescape(f) for f in flds.split("\x1f")] for _, flds, _ in notes]
    assert fields == [[c.front, c.back] for c in cards]
    assert bank.brand["name"] in html.unescape(decks) or bank.brand["name"] in decks.encode().decode("unicode_escape")
    # PDF: the cover, running header, answer key and flashcard-free text all read back exactly
    reader = PdfReader(io.BytesIO(kit.render_pdf(kit.pdf_html(bank, {}, kit.References()), tmp_path)))
    text = pdf_text(reader)
    for value in (bank.brand["name"], bank.brand["tagline"], bank.brand["footer"], chapter["title"],
                  q1["options"][1]["text"], q1["options"][1]["why"], q1["explanation"], q2["answer"]):
        assert squash(value) in text, value
    assert reader.metadata.title == bank.brand["name"]


def test_gift_escapes_each_special_character_and_newlines():
    assert kit.gift_escape("~=#{}:\\") == "\\~\\=\\#\\{\\}\\:\\\\"
    assert gift_unescape(kit.gift_escape("line one\nline two \\n")) == "line one\nline two \\n"
    assert "\n" not in kit.gift_escape("a\r\nb")


def test_ids_are_stable_and_derived_from_the_brand():
    assert kit.stable_id("acme", "deck") == kit.stable_id("acme", "deck")
    assert kit.stable_id("acme", "deck") != kit.stable_id("other", "deck")
    assert (1 << 30) <= kit.stable_id("acme", "deck") < (1 << 31)


# --- bad input ---------------------------------------------------------------------------------

def test_bad_data_stops_the_kit_with_one_clear_message(project):
    path = project / "data" / "questions.yml"
    text = path.read_text(encoding="utf-8")
    first = re.search(r'^  chapter: "([a-z0-9-]+)"', text, re.M)
    path.write_text(text[:first.start(1)] + "no-such-chapter" + text[first.end(1):], encoding="utf-8")
    proc = run_kit(project, command=("-m", "guide.kit"))
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1
    assert "Traceback" not in out
    assert "'no-such-chapter' is not an id in data/chapters.yml" in out and "the kit was not built" in out
    assert not (project / "dist").exists() or not list((project / "dist").glob("*-kit*"))


def test_a_bad_source_date_epoch_stops_the_kit_with_its_fix(project):
    proc = run_kit(project, {"SOURCE_DATE_EPOCH": "yesterday"})
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "SOURCE_DATE_EPOCH must be a whole number" in proc.stderr


def test_a_chapter_that_does_not_build_stops_the_kit(project):
    page = project / "docs" / load(project).records("chapters")[0]["page"]
    page.write_text(page.read_text(encoding="utf-8") + '\n{{ table("no-such-table") }}\n', encoding="utf-8")
    proc = run_kit(project)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "the kit was not built" in proc.stderr


def test_make_site_does_not_pay_for_the_kit():
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8").lower()
    assert "weasyprint" not in requirements and "genanki" not in requirements
    assert "-r requirements-kit.txt" in (ROOT / "requirements-test.txt").read_text(encoding="utf-8")
    for line in (ROOT / "requirements-kit.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(("#", "-r")):
            assert re.match(r"^[A-Za-z0-9_.-]+==[0-9][^ ]*$", line), f"not pinned exactly: {line}"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    site_rule = re.search(r"^site: (.*)$", makefile, re.M).group(1)
    assert "KIT" not in site_rule and re.search(r"^kit: \$\(KIT_STAMP\)\n\t\$\(PY\) -m guide kit$", makefile, re.M)
    assert "kit" not in (ROOT / "guide" / "build.py").read_text(encoding="utf-8")
    main = (ROOT / "guide" / "__main__.py").read_text(encoding="utf-8")
    assert "from guide.kit import" not in main.split("def main")[0]  # imported only for `kit`
