"""The instructor kit: the guide's questions, flashcards and a PDF, from the same data.

    python -m guide.kit     # dist/<short_name>-kit/ and dist/<short_name>-kit.zip  (make kit)

Files in the kit (each named after the brand's short_name):
  <s>-moodle.xml          Moodle XML: multiple choice with per-option feedback, essays with a model answer
  <s>-qti.zip             QTI 1.2 package (imsmanifest.xml, one assessment per chapter): Canvas, D2L
  <s>-gift.txt            GIFT text of the same bank (Moodle's plain-text format)
  <s>-blackboard/         Blackboard's tab-delimited question upload files, one per chapter
  <s>-flashcards.apkg     Anki deck: one note per glossary term and per chapter key point
  <s>-flashcards.csv      the same cards as CSV, for Quizlet-style tools
  <s>-guide.pdf           the guide as a tagged PDF: cover, contents, chapters, references, answer key
  README.txt              how to import each file

Each format is a pure function of a `Bank` (the brand and the exported chapters with their
questions, plus glossary and sources). Every value from data/ and the brand is untrusted text
and is escaped for its format here: XML through ElementTree, GIFT with backslashes, CSV through
the csv module, HTML with html.escape. Two builds of one commit give the same bytes: every date
and id comes from SOURCE_DATE_EPOCH or the data. The kit is written to a temporary folder and
renamed into place, so a failed build never replaces a good kit.
"""
from __future__ import annotations

import csv
import datetime
import hashlib
import html
import io
import os
import re
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as ET

from guide import render
from guide.brand import IMAGE_TYPES
from guide.build import BuildError, build, cannot_write, clear_leftovers, project_lock, replace_file, source_date_epoch, swap_into_place
from guide.data import DataErrors
from guide.offline import zip_bytes, zip_time
from guide.site import Site, load_site

LETTERS = "abcdefghijklmnopqrstuvwxyz"
README_NAME = "README.txt"
# Characters XML 1.0 cannot hold at all; data values never need them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class KitError(Exception):
    """Bad input the kit cannot be built from; the message says what to fix."""


# --- what is exported ------------------------------------------------------------------------

def chapter_list(site: Site) -> list:
    """The chapters the kit exports, in order: the site's one chapter list (Site.chapters())."""
    return list(site.chapters())


@dataclass
class Bank:
    brand: dict
    chapters: list  # chapter records, in export order
    questions: dict  # chapter id -> its questions, in file order
    glossary: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    epoch: int = 315532800

    @property
    def short(self) -> str:
        return self.brand["short_name"]

    def all_questions(self):
        for c in self.chapters:
            for q in self.questions.get(c["id"], []):
                yield c, q


def make_bank(site: Site, epoch: int) -> Bank:
    chapters = chapter_list(site)
    wanted = {c["id"] for c in chapters}
    questions: dict[str, list] = {c["id"]: [] for c in chapters}
    for q in site.records("questions"):
        if q["chapter"] in wanted:
            questions[q["chapter"]].append(q)
    return Bank(site.brand, chapters, questions, list(site.records("glossary")), list(site.records("sources")), epoch)


def options(q) -> list[dict]:
    """A question's options, each {"text": ..., "why": ...}; none for a short-answer item."""
    return [{"text": o["text"], "why": o.get("why")} for o in q.get("options") or []]


def key_index(q) -> int:
    return LETTERS.index(q["answer"].strip().lower())


def clean(value) -> str:
    """Plain text with characters no XML (and no PDF text) can hold removed."""
    return _NOT_XML.sub("", "" if value is None else str(value))


def html_text(value) -> str:
    """One plain-text value as an HTML paragraph's content (for the formats that take HTML)."""
    return html.escape(clean(value), quote=False).replace("\r\n", "\n").replace("\n", "<br>")


def para(value) -> str:
    return f"<p>{html_text(value)}</p>"


def build_date(epoch: int) -> str:
    return datetime.datetime.fromtimestamp(epoch, datetime.UTC).strftime("%Y-%m-%d")


def _xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    el = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        el.text = clean(text)
    return el


# --- Moodle XML ------------------------------------------------------------------------------

def moodle_category(title: str) -> str:
    # Moodle reads "/" in a category path as a subcategory; "//" is a literal slash.
    return "$course$/" + " ".join(clean(title).split()).replace("/", "//")


def moodle_xml(bank: Bank) -> bytes:
    quiz = ET.Element("quiz")
    for chapter in bank.chapters:
        qs = bank.questions.get(chapter["id"], [])
        if not qs:
            continue
        cat = _sub(quiz, "question", type="category")
        _sub(_sub(cat, "category"), "text", moodle_category(chapter["title"]))
        for q in qs:
            opts = options(q)
            el = _sub(quiz, "question", type="multichoice" if opts else "essay")
            _sub(_sub(el, "name"), "text", q["id"])
            _sub(_sub(el, "questiontext", format="html"), "text", para(q["prompt"]))
            _sub(_sub(el, "generalfeedback", format="html"), "text", para(q["explanation"]))
            _sub(el, "defaultgrade", "1")
            _sub(el, "penalty", "0.3333333" if opts else "0")
            _sub(el, "hidden", "0")
            _sub(el, "idnumber", q["id"])
            tags = _sub(el, "tags")
            for tag in (q.get("kind"), chapter["id"]):
                if tag:
                    _sub(_sub(tags, "tag"), "text", tag)
            if opts:
                right = key_index(q)
                _sub(el, "single", "true")
                _sub(el, "shuffleanswers", "true")
                _sub(el, "answernumbering", "abc")
                for i, o in enumerate(opts):
                    ans = _sub(el, "answer", fraction="100" if i == right else "0", format="html")
                    _sub(ans, "text", para(o["text"]))
                    _sub(_sub(ans, "feedback", format="html"), "text", para(o["why"]) if o["why"] else "")
            else:
                _sub(el, "responseformat", "editor")
                _sub(el, "responserequired", "1")
                _sub(el, "responsefieldlines", "10")
                _sub(el, "attachments", "0")
                _sub(_sub(el, "graderinfo", format="html"), "text", para(q["answer"]))
                _sub(_sub(el, "responsetemplate", format="html"), "text", "")
    return _xml_bytes(quiz)


# --- QTI 1.2 (the form Canvas exports and Canvas, D2L and Blackboard import) -----------------

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"


def qti_ident(kind: str, rid: str) -> str:
    return f"{kind}-{rid}"


def _mattext(parent: ET.Element, html_value: str) -> None:
    _sub(_sub(parent, "material"), "mattext", html_value, texttype="text/html")


def _feedback(item: ET.Element, ident: str, html_value: str) -> None:
    fb = _sub(item, "itemfeedback", ident=ident)
    _mattext(_sub(fb, "flow_mat"), html_value)


def _meta(parent: ET.Element, pairs: list[tuple[str, str]]) -> None:
    md = _sub(parent, "qtimetadata")
    for label, entry in pairs:
        f = _sub(md, "qtimetadatafield")
        _sub(f, "fieldlabel", label)
        _sub(f, "fieldentry", entry)


def qti_assessment(bank: Bank, chapter) -> bytes:
    root = ET.Element("questestinterop", {"xmlns": QTI_NS, "xmlns:xsi": XSI_NS,
                                          "xsi:schemaLocation": f"{QTI_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"})
    test = _sub(root, "assessment", ident=qti_ident("chapter", chapter["id"]), title=chapter["title"])
    _meta(test, [("cc_maxattempts", "1")])
    section = _sub(test, "section", ident="root_section")
    for q in bank.questions.get(chapter["id"], []):
        opts = options(q)
        ident = qti_ident("q", q["id"])
        item = _sub(section, "item", ident=ident, title=q["id"])
        labels = [f"{ident}-{LETTERS[i]}" for i in range(len(opts))]
        _meta(_sub(item, "itemmetadata"), [
            ("question_type", "multiple_choice_question" if opts else "essay_question"),
            ("points_possible", "1.0"),
            ("original_answer_ids", ",".join(labels)),
            ("assessment_question_identifierref", f"ref-{ident}"),
        ])
        pres = _sub(item, "presentation")
        _mattext(pres, para(q["prompt"]))
        if opts:
            lid = _sub(pres, "response_lid", ident="response1", rcardinality="Single")
            choice = _sub(lid, "render_choice")
            for label, o in zip(labels, opts):
                _mattext(_sub(choice, "response_label", ident=label), para(o["text"]))
        else:
            rs = _sub(pres, "response_str", ident="response1", rcardinality="Single")
            _sub(_sub(rs, "render_fib"), "response_label", ident="answer1", rshuffle="No")
        proc = _sub(item, "resprocessing")
        _sub(_sub(proc, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
        cond = _sub(proc, "respcondition", continue_="Yes")
        _sub(_sub(cond, "conditionvar"), "other")
        _sub(cond, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
        if opts:
            for label, o in zip(labels, opts):
                if o["why"]:
                    cond = _sub(proc, "respcondition", continue_="Yes")
                    _sub(_sub(cond, "conditionvar"), "varequal", label, respident="response1")
                    _sub(cond, "displayfeedback", feedbacktype="Response", linkrefid=f"{label}_fb")
            cond = _sub(proc, "respcondition", continue_="No")
            _sub(_sub(cond, "conditionvar"), "varequal", labels[key_index(q)], respident="response1")
            _sub(cond, "setvar", "100", action="Set", varname="SCORE")
            _feedback(item, "general_fb", para(q["explanation"]))
            for label, o in zip(labels, opts):
                if o["why"]:
                    _feedback(item, f"{label}_fb", para(o["why"]))
        else:
            cond = _sub(proc, "respcondition", continue_="No")
            _sub(_sub(cond, "conditionvar"), "other")
            # QTI 1.2 has no grader information: the model answer goes in the general feedback.
            _feedback(item, "general_fb", f"<p>Model answer: {html_text(q['answer'])}</p>{para(q['explanation'])}")
    return _xml_bytes(root)


def qti_manifest(bank: Bank, chapters: list) -> bytes:
    root = ET.Element("manifest", {"identifier": qti_ident("manifest", bank.short), "xmlns": CP_NS,
                                   "xmlns:xsi": XSI_NS,
                                   "xsi:schemaLocation": f"{CP_NS} http://www.imsglobal.org/xsd/imscp_v1p1.xsd"})
    meta = _sub(root, "metadata")
    _sub(meta, "schema", "IMS Content")
    _sub(meta, "schemaversion", "1.1.3")
    _sub(root, "organizations")
    resources = _sub(root, "resources")
    for c in chapters:
        ident = qti_ident("chapter", c["id"])
        res = _sub(resources, "resource", identifier=ident, type="imsqti_xmlv1p2")
        _sub(res, "file", href=f"{ident}/{ident}.xml")
    return _xml_bytes(root)


def qti_files(bank: Bank) -> list[tuple[str, bytes]]:
    """(name in the package, bytes): the manifest and one assessment per chapter with questions."""
    chapters = [c for c in bank.chapters if bank.questions.get(c["id"])]
    files = [("imsmanifest.xml", qti_manifest(bank, chapters))]
    for c in chapters:
        ident = qti_ident("chapter", c["id"])
        files.append((f"{ident}/{ident}.xml", qti_assessment(bank, c)))
    return files


# --- GIFT ------------------------------------------------------------------------------------

GIFT_SPECIAL = "\\~=#{}:"


def gift_escape(value) -> str:
    """Plain text as GIFT text: the special characters take a backslash, a newline is \\n."""
    text = clean(value).replace("\r\n", "\n").replace("\r", "\n")
    out = "".join("\\" + ch if ch in GIFT_SPECIAL else ch for ch in text)
    return out.replace("\n", "\\n")


def gift_html(value) -> str:
    """A value for a [html] GIFT question: HTML-escaped, then GIFT-escaped."""
    return gift_escape(html.escape(clean(value), quote=False))


def gift(bank: Bank) -> str:
    lines = [f"// {gift_escape(bank.brand['name'])}: question bank, built {build_date(bank.epoch)}", ""]
    for chapter in bank.chapters:
        qs = bank.questions.get(chapter["id"], [])
        if not qs:
            continue
        lines += [f"$CATEGORY: {moodle_category(chapter['title'])}", ""]
        for q in qs:
            head = f"::{gift_escape(q['id'])}::[html]{gift_html(q['prompt'])}"
            opts = options(q)
            if opts:
                right = key_index(q)
                body = [head + " {"]
                for i, o in enumerate(opts):
                    why = f"#{gift_html(o['why'])}" if o["why"] else ""
                    body.append(f"\t{'=' if i == right else '~'}{gift_html(o['text'])}{why}")
                body.append(f"\t####{gift_html(q['explanation'])}")
                body.append("}")
            else:
                # An essay: GIFT has no grader information, so the model answer leads the general feedback.
                body = [head + " {", f"\t####{gift_html('Model answer: ' + q['answer'])} "
                        f"{gift_html(q['explanation'])}", "}"]
            lines += body + [""]
    return "\n".join(lines)


# --- Blackboard's question upload file ------------------------------------------------------

def blackboard_field(value) -> str:
    """One field of Blackboard's tab-delimited upload file: it cannot hold a tab or a line break."""
    return " ".join(clean(value).replace("\t", " ").splitlines()).strip()


def blackboard_txt(bank: Bank, chapter) -> str:
    """One chapter's questions in the file Blackboard's "Upload Questions" reads (Original and Ultra).

    One question a line, fields split by tabs, no header: MC, question, then each option with
    "correct" or "incorrect"; ESS, question, model answer. The format has no place for feedback.
    """
    rows = []
    for q in bank.questions.get(chapter["id"], []):
        opts = options(q)
        if opts:
            right = key_index(q)
            fields = ["MC", q["prompt"]]
            for i, o in enumerate(opts):
                fields += [o["text"], "correct" if i == right else "incorrect"]
        else:
            fields = ["ESS", q["prompt"], q["answer"]]
        rows.append("\t".join(blackboard_field(f) for f in fields))
    return "\r\n".join(rows) + "\r\n"


def blackboard_files(bank: Bank) -> list[tuple[str, bytes]]:
    out = []
    for n, c in enumerate((c for c in bank.chapters if bank.questions.get(c["id"])), 1):
        out.append((f"{n:02d}-{c['id']}.txt", blackboard_txt(bank, c).encode("utf-8")))
    return out


# --- flashcards ------------------------------------------------------------------------------

@dataclass
class Card:
    key: str  # stable: "glossary/<id>" or "key-point/<chapter>/<n>"
    front: str
    back: str
    tags: list[str]


def chapter_terms(bank: Bank, root: Path | None, find_terms) -> dict[str, list[str]]:
    """Glossary id -> ids of the exported chapters whose page uses the term."""
    if root is None or find_terms is None:
        return {}
    tip_to_id = {f"{g['term']}: {g['definition']}": g["id"] for g in bank.glossary}
    used: dict[str, list[str]] = {}
    for c in bank.chapters:
        page = root / "docs" / c["page"]
        text = page.read_text(encoding="utf-8") if page.is_file() else ""
        text += "\n" + "\n".join(c.get("key_points") or [])
        for tip in set(find_terms(text).values()):
            gid = tip_to_id.get(tip)
            if gid and c["id"] not in used.setdefault(gid, []):
                used[gid].append(c["id"])
    return used


def cards(bank: Bank, used: dict[str, list[str]] | None = None) -> list[Card]:
    used = used or {}
    out = []
    for g in bank.glossary:
        front = g["term"] + (f" ({g['abbr']})" if g.get("abbr") else "")
        out.append(Card(f"glossary/{g['id']}", front, g["definition"],
                        ["glossary"] + [f"chapter::{c}" for c in used.get(g["id"], [])]))
    for c in bank.chapters:
        points = c.get("key_points") or []
        for n, point in enumerate(points, 1):
            out.append(Card(f"key-point/{c['id']}/{n}", f"{c['title']}: key point {n} of {len(points)}", point,
                            ["key-point", f"chapter::{c['id']}"]))
    return out


def flashcards_csv(card_list: list[Card]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["front", "back", "tags"])
    for card in card_list:
        writer.writerow([clean(card.front), clean(card.back), " ".join(card.tags)])
    return buf.getvalue()


def stable_id(*parts: str) -> int:
    """A number in Anki's id range derived from the parts (the same for every build)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def anki_package(bank: Bank, card_list: list[Card]) -> bytes:
    import genanki

    short = bank.short
    model = genanki.Model(
        stable_id(short, "model"), f"{clean(bank.brand['name'])} card",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": '{{FrontSide}}<hr id="answer">{{Back}}'}],
        css=".card { font-family: sans-serif; font-size: 20px; text-align: left; }")
    deck = genanki.Deck(stable_id(short, "deck"), clean(bank.brand["name"]))
    for card in card_list:
        tags = [re.sub(r"\s+", "-", t) for t in card.tags]
        deck.add_note(genanki.Note(model=model, fields=[html_text(card.front), html_text(card.back)], tags=tags,
                                   guid=genanki.guid_for(short, card.key)))
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(raw), timestamp=bank.epoch)
        with zipfile.ZipFile(raw) as zf:
            entries = [(name, zf.read(name)) for name in zf.namelist()]
    return zip_bytes(entries, zip_time(str(bank.epoch)))


# --- zips ------------------------------------------------------------------------------------

# --- PDF -------------------------------------------------------------------------------------

def page_url(page: str) -> str:
    """The directory URL of a source page, relative to the site root ("" for index.md)."""
    stem = page[:-3]
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


def page_file(site_dir: Path, page: str) -> Path:
    """The built HTML file of a source page (the hosted site uses directory URLs)."""
    return site_dir / page_url(page) / "index.html"


@dataclass
class References:
    """Sources numbered in the order the PDF first cites them."""
    numbers: dict[str, int] = field(default_factory=dict)

    def number(self, source_id: str) -> int:
        return self.numbers.setdefault(source_id, len(self.numbers) + 1)


def chapter_fragment(site_dir: Path, chapter, chapters: list, refs: References) -> str:
    """One chapter's article from the built site, made ready for print: answers out, links local."""
    from bs4 import BeautifulSoup

    path = page_file(site_dir, chapter["page"])
    if not path.is_file():
        raise KitError(f"the built site has no page for docs/{chapter['page']}")
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    if article is None:
        raise KitError(f"the built page for docs/{chapter['page']} has no <article>")
    prefix = f"{chapter['id']}--"
    base = "https://guide.invalid/" + page_url(chapter["page"])
    by_url = {page_url(c["page"]): c for c in chapters}
    for el in article.select("a.headerlink, .md-content__button, .md-source-file, script, style, form, button"):
        el.decompose()
    for check in article.select(".guide-self-check"):
        for details in check.select("details"):
            details.decompose()
        for hint in check.select(".guide-hint"):
            hint.string = "The answers are in the answer key at the end of this book."
    for el in article.find_all(True):
        for name in ("tabindex", "role", "aria-labelledby") if el.name == "div" else ("tabindex",):
            el.attrs.pop(name, None)
        if el.get("id"):
            el["id"] = prefix + el["id"]
    h1 = article.find("h1")
    if h1 is not None:
        h1["id"] = f"ch-{chapter['id']}"
        h1["class"] = ["chapter-title"]
    for a in article.find_all("a"):
        href = a.get("href", "")
        if "cite" in (a.get("class") or []) and "#src-" in href:
            sid = href.split("#src-", 1)[1]
            a.attrs = {"class": ["cite"], "href": f"#ref-{sid}"}
            a.string = f"[{refs.number(sid)}]"
            continue
        if href.startswith("#"):
            a["href"] = "#" + prefix + href[1:] if len(href) > 1 else "#"
            continue
        if re.match(r"^(https?:|mailto:)", href, re.I):
            continue
        target = urljoin(base, href)
        parts = urlsplit(target)
        if parts.netloc == "guide.invalid":
            url = parts.path.lstrip("/")
            other = by_url.get(url) or by_url.get(url.removesuffix("index.html"))
            if other is not None:
                a["href"] = f"#{other['id']}--{parts.fragment}" if parts.fragment else f"#ch-{other['id']}"
                continue
        a.unwrap()  # a page the book does not hold: keep the words, drop the link
    for img in article.find_all("img"):
        src = img.get("src", "")
        if src.startswith("data:"):
            continue
        target = (path.parent / urlsplit(src).path).resolve()
        if target.is_relative_to(site_dir.resolve()) and target.is_file() and target.suffix.lower() in IMAGE_TYPES:
            img["src"] = target.as_uri()
        else:
            img.decompose()
    return article.decode_contents()


PDF_CSS = """
@page {{ size: Letter; margin: 22mm 20mm 22mm 20mm;
  @top-left {{ content: "{name}"; font-size: 8.5pt; color: #555; }}
  @top-right {{ content: string(chapter); font-size: 8.5pt; color: #555; }}
  @bottom-right {{ content: counter(page); font-size: 9pt; }}
  @bottom-left {{ content: "{footer}"; font-size: 7.5pt; color: #777; }} }}
@page cover {{ margin: 0; @top-left {{ content: none; }} @top-right {{ content: none; }}
  @bottom-right {{ content: none; }} @bottom-left {{ content: none; }} }}
html {{ font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 10pt; line-height: 1.45; color: #111; }}
.cover {{ page: cover; height: 279.4mm; position: relative; }}
.cover .band {{ background: {primary}; color: #fff; padding: 40mm 22mm 18mm; }}
.cover .band img {{ height: 22mm; max-width: 120mm; }}
.cover .title {{ font-size: 28pt; font-weight: bold; line-height: 1.15; margin: 8mm 0 4mm; }}
.cover .tagline {{ font-size: 13pt; margin: 0; }}
.cover .facts {{ padding: 14mm 22mm; font-size: 11pt; }}
.cover .facts p {{ margin: 0 0 3mm; }}
.cover .legal {{ position: absolute; bottom: 18mm; left: 22mm; right: 22mm; font-size: 9pt; color: #333;
  border-top: 2pt solid {accent}; padding-top: 4mm; }}
h1 {{ string-set: chapter content(); break-before: page; font-size: 20pt; color: {link}; margin: 0 0 6mm; }}
h1.toc-title {{ string-set: chapter "Contents"; }}
h2 {{ font-size: 14pt; color: {link}; margin: 7mm 0 2mm; break-after: avoid; }}
h3 {{ font-size: 11.5pt; margin: 5mm 0 2mm; break-after: avoid; }}
h4, h5, h6 {{ font-size: 10.5pt; break-after: avoid; bookmark-level: none; }}
h3 {{ bookmark-level: none; }}
p, li {{ orphans: 2; widows: 2; }}
a {{ color: {link}; text-decoration: none; }}
a[href^="http"]::after {{ content: " (" attr(href) ")"; font-size: 8pt; color: #444; word-break: break-all; }}
a.cite {{ font-size: 8pt; vertical-align: super; line-height: 0; }}
abbr {{ text-decoration: none; }}
nav.toc ol {{ list-style: none; padding: 0; }}
nav.toc li {{ margin: 0 0 2mm; }}
nav.toc a {{ color: #111; }}
nav.toc a::after {{ content: leader(".") " " target-counter(attr(href), page); }}
.guide-table {{ margin: 4mm 0; }}
table {{ width: 100%; border-collapse: collapse; font-size: 8.5pt; }}
caption {{ caption-side: top; text-align: left; font-weight: bold; margin-bottom: 2mm; }}
thead {{ display: table-header-group; }}
th, td {{ border: 0.5pt solid #999; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }}
thead th {{ background: #eef2f4; }}
tr {{ break-inside: avoid; }}
.admonition {{ border-left: 3pt solid {accent}; padding: 1mm 4mm; margin: 4mm 0; background: #fafafa; }}
.admonition-title {{ font-weight: bold; }}
details {{ display: block; }}
summary {{ display: block; font-weight: bold; }}
.guide-question {{ break-inside: avoid; margin-bottom: 3mm; }}
ol.guide-options {{ list-style-type: lower-alpha; }}
ol.references li {{ margin-bottom: 2mm; }}
ol.references a::after {{ content: none; }}
.answer-key .chapter {{ break-inside: avoid-page; }}
.answer-key h2 {{ font-size: 12pt; }}
.answer-key li {{ margin-bottom: 2mm; }}
.why {{ color: #333; font-size: 9pt; }}
img {{ max-width: 100%; }}
"""


def brand_logo_uri(brand) -> str | None:
    try:
        path = brand.path("logo")
    except (AttributeError, KeyError):
        return None
    return path.as_uri() if path.is_file() else None


def pdf_html(bank: Bank, fragments: dict[str, str], refs: References) -> str:
    """The whole book as one HTML document: cover, contents, chapters, references, answer key."""
    from guide.brand import palette

    esc = html_text
    b = bank.brand
    colors = palette(b) if hasattr(b, "folder") else {"primary": b["colors"]["primary"],
                                                      "link_light": b["colors"]["primary"],
                                                      "accent_light": b["colors"]["accent"]}
    date = build_date(bank.epoch)
    css = PDF_CSS.format(name=css_string(b["name"]), footer=css_string(b["footer"]),
                         primary=colors["primary"], link=colors["link_light"], accent=colors["accent_light"])
    logo = brand_logo_uri(b)
    out = [
        "<!DOCTYPE html>", '<html lang="en-US">', "<head>", '<meta charset="utf-8">',
        f"<title>{esc(b['name'])}</title>",
        f'<meta name="author" content="{html.escape(clean(b["name"]))}">',
        f'<meta name="description" content="{html.escape(clean(b.get("tagline") or b["name"]))}">',
        f'<meta name="dcterms.created" content="{date}">', f'<meta name="dcterms.modified" content="{date}">',
        f"<style>{css}</style>", "</head>", "<body>",
        '<section class="cover"><div class="band">',
        f'<img src="{html.escape(logo)}" alt="{html.escape(clean(b["name"]))} logo">' if logo else "",
        f'<p class="title">{esc(b["name"])}</p>',
        f'<p class="tagline">{esc(b["tagline"])}</p>' if b.get("tagline") else "",
        '</div><div class="facts">',
        f"<p>Contact: {esc(b['contact']['email'])}</p>",
        f"<p>Web: {esc(b['contact']['url'])}</p>",
        f"<p>Online edition: {esc(b['site_url'])}</p>",
        f"<p>Built {date}</p>",
        "</div>",
        f'<div class="legal"><p>{esc(b["footer"])}</p>'
        + (f"<p>{esc(b['disclaimer'])}</p>" if b.get("disclaimer") else "") + "</div>",
        "</section>",
        '<nav class="toc" aria-labelledby="toc-title"><h1 class="toc-title" id="toc-title">Contents</h1><ol>',
    ]
    for c in bank.chapters:
        if c["id"] in fragments:
            out.append(f'<li><a href="#ch-{html.escape(c["id"])}">{esc(c["title"])}</a></li>')
    out += ['<li><a href="#references">References</a></li>', '<li><a href="#answer-key">Answer key</a></li>',
            "</ol></nav>"]
    for c in bank.chapters:
        if c["id"] in fragments:
            out.append(f'<section class="chapter" id="chapter-{html.escape(c["id"])}">{fragments[c["id"]]}</section>')
    out.append(references_html(bank, refs))
    out.append(answer_key_html(bank))
    out += ["</body>", "</html>"]
    return "\n".join(out)


def css_string(value) -> str:
    """A value inside a double-quoted CSS string."""
    text = " ".join(clean(value).split())
    return "".join(ch if ch.isalnum() or ch in " .,;:!?()-'/&@" else f"\\{ord(ch):x} " for ch in text)


REFERENCES_INTRO = "Numbered in the order this book first cites them."
ANSWER_KEY_INTRO = "The answers to each chapter's self-check, with why the right option is right."


def references_html(bank: Bank, refs: References) -> str:
    by_id = {s["id"]: s for s in bank.sources}
    items = []
    for sid, n in sorted(refs.numbers.items(), key=lambda kv: kv[1]):
        s = by_id.get(sid)
        if s is None:
            items.append(f'<li id="ref-{html.escape(sid)}" value="{n}">{html_text(sid)}</li>')
            continue
        items.append(f'<li id="ref-{html.escape(sid)}" value="{n}"><strong>{html_text(s["title"])}</strong>. '
                     f'{html_text(s["publisher"])}. <a href="{html.escape(clean(s["url"]))}">{html_text(s["url"])}</a>. '
                     f'{html_text(render.source_dates(s))}</li>')
    return ('<section class="references"><h1 id="references">References</h1>'
            f"<p>{REFERENCES_INTRO}</p>"
            f'<ol class="references">{"".join(items)}</ol></section>')


def answer_key_html(bank: Bank) -> str:
    parts = ['<section class="answer-key"><h1 id="answer-key">Answer key</h1>'
             f"<p>{ANSWER_KEY_INTRO}</p>"]
    for c in bank.chapters:
        qs = bank.questions.get(c["id"], [])
        if not qs:
            continue
        parts.append(f'<div class="chapter"><h2 id="key-{html.escape(c["id"])}">{html_text(c["title"])}</h2><ol>')
        for q in qs:
            opts = options(q)
            if opts:
                i = key_index(q)
                right = opts[i]
                why = f' <span class="why">{html_text(right["why"])}</span>' if right["why"] else ""
                parts.append(f"<li><strong>{LETTERS[i]})</strong> {html_text(right['text'])}.{why} "
                             f"{html_text(q['explanation'])}</li>")
            else:
                parts.append(f"<li><strong>Model answer:</strong> {html_text(q['answer'])} "
                             f"{html_text(q['explanation'])}</li>")
        parts.append("</ol></div>")
    parts.append("</section>")
    return "".join(parts)


def render_pdf(document: str, base: Path) -> bytes:
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except OSError as exc:  # Pango and friends are system libraries
        raise KitError("WeasyPrint cannot find its system libraries (" + str(exc).splitlines()[0] + "); on Debian or "
                       "Ubuntu run: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core") from None
    fetcher = URLFetcher(allowed_protocols=("file", "data"))
    doc = HTML(string=document, base_url=base.as_uri() + "/", url_fetcher=fetcher)
    return doc.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, pdf_identifier=True, uncompressed_pdf=False)


# --- README ----------------------------------------------------------------------------------

def readme(bank: Bank, names: dict[str, str]) -> str:
    b = bank.brand
    n = sum(1 for _ in bank.all_questions())
    text = f"""{clean(b['name'])}: instructor kit
Built {build_date(bank.epoch)} from the guide's own data: {len(bank.chapters)} chapters, {n} questions.
Contact: {clean(b['contact']['email'])}  {clean(b['contact']['url'])}
{clean(b['footer'])}

FILES
  {names['moodle']}   Moodle XML question bank (one category per chapter)
  {names['qti']}      QTI 1.2 package: one quiz per chapter (Canvas, Brightspace/D2L)
  {names['gift']}     GIFT text of the same bank (Moodle, and any tool that reads GIFT)
  {names['blackboard']}/   one Blackboard question upload file per chapter (no feedback: see below)
  {names['apkg']}     Anki deck: glossary terms and chapter key points
  {names['csv']}      the same flashcards as CSV (front, back, tags)
  {names['pdf']}      the guide as a PDF, with an answer key at the end

Multiple-choice questions carry feedback for every option (why it is right or wrong) and a
general explanation. Short-answer questions come as essays: in Moodle the model answer is the
grader information; in QTI and GIFT it leads the general feedback, shown after submission.

MOODLE (4.x)
  Course > More > Question bank > Import. Choose "Moodle XML format", drop in
  {names['moodle']}, and import. Each chapter becomes a category under the course.
  (GIFT works the same way: choose "GIFT format" and {names['gift']}.)
  Then add the questions to a Quiz activity: Add > From question bank, pick a category.

CANVAS
  Course > Settings > Import Course Content. Content type: "QTI .zip file".
  Choose {names['qti']} (do not unzip it), "All content", Import. Each chapter arrives as
  a quiz, and its questions in a question bank of the same name.

BRIGHTSPACE (D2L)
  Course Admin > Import/Export/Copy Components > Import Components, and upload
  {names['qti']}. Or in Quizzes > Question Library > Import > Upload a File.

BLACKBOARD
  Blackboard's own test and pool import takes only packages Blackboard exported itself, so
  use its question upload instead: the folder {names['blackboard']} holds one file per
  chapter (tab-delimited text, the format Blackboard documents for "Upload Questions").
  Original courses: Course Tools > Tests, Surveys, and Pools > Pools > Build Pool, name it
  after the chapter, then Upload Questions and choose that chapter's file.
  Ultra courses: open a test, select the plus sign where questions go, and choose to upload
  questions from a file; choose that chapter's file.
  Blackboard's upload format has no place for feedback: multiple-choice questions arrive
  with their key, essays with the model answer as the example answer, and the per-option
  feedback stays in the other files and the PDF's answer key. Your Blackboard may also take
  {names['qti']} through a Common Cartridge or QTI course import: ask your administrator.

ANKI (desktop 2.1 or later; AnkiMobile and AnkiDroid too)
  File > Import, choose {names['apkg']}. The deck is named after the guide. Notes are tagged
  "glossary" or "key-point", and chapter::<chapter> by chapter, so you can study one chapter
  with a filtered deck (search: tag:chapter::<chapter>). Importing a newer kit updates the
  same notes instead of adding copies.

QUIZLET AND OTHER FLASHCARD TOOLS
  Open {names['csv']} in a spreadsheet to check it. In Quizlet: Create > Study set > Import,
  paste the front and back columns (without the header row), choose "Tab" between term and
  definition when you copy from a spreadsheet.

PDF
  Print it or share it as it is. The table of contents, bookmarks and links work in any PDF
  reader; the file is tagged for screen readers.
"""
    return text.replace("\n", "\r\n")


# --- build -----------------------------------------------------------------------------------

def kit_files(bank: Bank, site_dir: Path | None, root: Path | None = None, find_terms=None) -> dict[str, bytes]:
    """Every file of the kit, name -> bytes. Without site_dir, no PDF."""
    s = bank.short
    names = {"moodle": f"{s}-moodle.xml", "qti": f"{s}-qti.zip", "gift": f"{s}-gift.txt",
             "apkg": f"{s}-flashcards.apkg", "csv": f"{s}-flashcards.csv", "pdf": f"{s}-guide.pdf",
             "blackboard": f"{s}-blackboard"}
    date_time = zip_time(str(bank.epoch))
    card_list = cards(bank, chapter_terms(bank, root, find_terms))
    files = {
        names["moodle"]: moodle_xml(bank),
        names["qti"]: zip_bytes(qti_files(bank), date_time),
        names["gift"]: gift(bank).encode("utf-8"),
        names["apkg"]: anki_package(bank, card_list),
        names["csv"]: flashcards_csv(card_list).encode("utf-8"),
    }
    for name, data in blackboard_files(bank):
        files[f"{names['blackboard']}/{name}"] = data
    if site_dir is not None:
        files[names["pdf"]] = pdf_bytes(bank, site_dir)
    files[README_NAME] = readme(bank, names).encode("utf-8")
    return files


def pdf_bytes(bank: Bank, site_dir: Path) -> bytes:
    refs = References()
    fragments = {c["id"]: chapter_fragment(site_dir, c, bank.chapters, refs) for c in bank.chapters}
    return render_pdf(pdf_html(bank, fragments, refs), site_dir)


def write_kit(files: dict[str, bytes], dist: Path, name: str, date_time: tuple) -> tuple[Path, Path]:
    """dist/<name>/ and dist/<name>.zip, each replaced only once complete."""
    dist.mkdir(parents=True, exist_ok=True)
    folder, target = dist / name, dist / f"{name}.zip"
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=dist))
    try:
        for fname, data in files.items():
            (tmp / fname).parent.mkdir(parents=True, exist_ok=True)
            (tmp / fname).write_bytes(data)
        archive = zip_bytes(sorted(files.items()), date_time)
        tmp.chmod(0o755)
        swap_into_place(tmp, folder)
        replace_file(target, archive)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return folder, target


def check_bank(bank: Bank) -> None:
    """What the formats need beyond what the loader checks."""
    problems = []
    for _chapter, q in bank.all_questions():
        opts = options(q)
        if opts:
            answer = q["answer"].strip().lower()
            if len(answer) != 1 or answer not in LETTERS[: len(opts)]:
                problems.append(f"question '{q['id']}': the answer {q['answer']!r} names none of its {len(opts)} options")
    if problems:
        raise KitError("; ".join(problems))


def build_kit(root: Path) -> int:
    """`make kit`: the whole kit, or one message saying what to fix (exit 1). Nothing is replaced on failure."""
    root = Path(root).resolve()
    dist = root / "dist"
    try:
        epoch = int(source_date_epoch(root))  # a bad SOURCE_DATE_EPOCH stops here, with its fix
        date_time = zip_time(str(epoch))
        try:
            site = load_site(root)
        except DataErrors as exc:
            print(str(exc).replace("the site was not built", "the kit was not built"), file=sys.stderr)
            return 1
        bank = make_bank(site, epoch)
        check_bank(bank)
        name = f"{bank.short}-kit"
        with project_lock(root):
            dist.mkdir(parents=True, exist_ok=True)
            for leftover in (dist / name, dist / f"{name}.zip", dist / "kit-site"):
                clear_leftovers(leftover)
            with tempfile.TemporaryDirectory(prefix=".kit-site.", dir=dist) as tmp:
                site_dir = Path(tmp) / "site"
                if not build(root / "mkdocs.yml", site_dir, root):
                    print("The guide did not build, so the kit was not built.", file=sys.stderr)
                    return 1
                files = kit_files(bank, site_dir, root, site.glossary.find)
            folder, target = write_kit(files, dist, name, date_time)
    except (KitError, BuildError) as exc:
        print(f"The kit was not built: {exc}", file=sys.stderr)
        return 1
    except ImportError as exc:
        print(f"The kit was not built: {exc.name or exc} is not installed; run `make kit` "
              "(it installs requirements-kit.txt)", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"The kit was not built: {cannot_write(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - one message, never a traceback, for what the checks above missed
        print(f"The kit was not built: {type(exc).__name__}: {exc}. Nothing in dist/ was replaced; "
              "if the data and brand check out (make check), please report this.", file=sys.stderr)
        return 1
    print(f"Built the instructor kit into {folder} and packed it as {target}")
    return 0


if __name__ == "__main__":
    sys.exit(build_kit(Path(os.environ.get("GUIDE_ROOT", Path(__file__).resolve().parent.parent))))
