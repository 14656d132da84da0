"""HTML for tables, citations, objectives and self-checks: pure functions over records.

Values in data/ are plain text and untrusted. Every value goes through `text()`
before it reaches the page, so markup in YAML shows as text, `|` and newlines
cannot break a table, and `{{`/`{%` cannot reach Jinja. The macros plugin's
Jinja does not autoescape: escaping is this module's job.
"""
from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from markupsafe import Markup

EMPTY = "\u2014"  # an em dash stands for "no value" so an empty cell is still announced


# Characters that mean something to Markdown or Jinja inside a line (a value never starts one: its
# newlines become <br>): as numeric entities they are only text. `{ }` never open Jinja or an
# attribute list, `|` never splits a table, `[ ]` never make a link or image, `* _ `` ` `` never
# emphasis or code, `\\` never escapes the next character. html.escape has done `< > & " '`.
MARKUP_CHARS = str.maketrans({c: f"&#{ord(c)};" for c in "{}|[]*_`\\"})
HAS_MARKUP_CHAR = re.compile(r"[{}|\[\]*_`\\]")  # most values have none: translate only those that do


def text(value) -> str:
    """Escape one plain-text value for HTML, inside Markdown or not (element text or attribute).

    The one escaper for untrusted values: the result is inert as HTML and as Markdown, so a value
    is shown exactly as written wherever a macro puts it.
    """
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    out = html.escape(str(value), quote=True)
    if HAS_MARKUP_CHAR.search(out):
        out = out.translate(MARKUP_CHARS)
    if "\r" in out:
        out = out.replace("\r\n", "\n").replace("\r", "\n")
    return out.replace("\n", "<br>") if "\n" in out else out


def markup(value) -> Markup:
    """A one-line value for a theme template that prints it as it is (<title>, navigation, meta
    tags): escaped as `attr()` does, as Markup, which Jinja's |e filter never escapes twice."""
    return Markup(attr(value))


def escaped_view(value):
    """A copy of a record or the brand for Jinja (`{{ chapter.title }}`, `{{ brand.name }}`): every
    string in it escaped by `text()`, so a template can print any value and never its markup."""
    if isinstance(value, dict):
        return {k: escaped_view(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [escaped_view(v) for v in value]
    if isinstance(value, str):
        return markup(value)
    return value


def attr(value: str) -> str:
    """Escape a value for a double-quoted attribute (newlines kept as spaces)."""
    return text(value).replace("<br>", " ")


@dataclass
class Links:
    """How a rendered fragment reaches other pages from the current one.

    `page_url(src_path)` returns the relative URL of another page, which
    depends on the current page and on directory URLs (hosted) or not (offline).
    """

    page_url: Callable[[str], str]
    source_number: dict[str, int] = field(default_factory=dict)
    source_page: dict[str, str] = field(default_factory=dict)  # id -> the page listing it (Site.source_pages)

    _made: dict[str, str] = field(default_factory=dict, init=False, repr=False)  # source id -> its marker

    def citation(self, source_id: str) -> str:
        # A table cites the same sources row after row: each marker is made once per fragment.
        if source_id not in self._made:
            self._made[source_id] = self._citation(source_id)
        return self._made[source_id]

    def _citation(self, source_id: str) -> str:
        number = self.source_number[source_id]
        href = f"{self.page_url(self.source_page.get(source_id, 'sources.md'))}#src-{source_id}"
        title = attr(f"Source {number}")  # the Sources page names it; a long label on every marker bloats pages
        # aria-label gives screen readers the source's number. The preview beside the marker on
        # hover and focus (title, publisher) is not carried here: the study loader
        # (guide/study_loader.py) sets it as data-source-preview from sources.js when the pointer or
        # focus first reaches a marker, and guide.css shows it. No title, which would show the
        # browser's own tooltip too. (Not data-preview: Material's script treats a link with that
        # attribute as an instant preview and fetches the sitemap.)
        return f'<a class="cite" href="{attr(href)}" aria-label="{title}">[{number}]</a>'

    def citations(self, source_ids: Iterable[str] | None) -> str:
        ids = list(source_ids or [])
        if not ids:
            return EMPTY
        return " ".join(self.citation(s) for s in ids)


def link(url: str, label: str, address: bool = False) -> str:
    """An external link built from structured fields, never from raw markup. rel="noopener" marks
    it external (printing adds its address); `address` marks one whose label is its (shortened)
    address as guide-url, so a printout shows the address once, in full, instead. (On the Sources
    page every link reads as its address; guide.css treats them so without the class.)"""
    shows = ' class="guide-url"' if address else ""
    return f'<a href="{attr(url)}" rel="noopener"{shows}>{text(label)}</a>'


def email_link(address: str) -> str:
    """A mailto: link to an address the brand check accepted."""
    return f'<a href="mailto:{attr(address)}">{text(address)}</a>'


def download_link(href: str, name: str, path: str) -> str:
    """A download link with the file's size, so a reader on a phone plan knows what it costs."""
    size = os.path.getsize(path)
    return (f'<a href="{attr(href)}" download>Download the offline edition</a> '
            f"({text(name)}, {size / 1024 / 1024:.1f} MB): unzip it and open index.html; it needs no internet.")


def url_label(url: str) -> str:
    """A short readable label for an address: host and path, without https://."""
    label = re.sub(r"^https://(www\.)?", "", url).rstrip("/")
    return label if len(label) <= 40 else label[:37] + "\u2026"


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# How the Sources page words each kind of date a source gives itself (schema.DATED_AS).
DATED_AS_WORDS = {"published": "Published", "updated": "Last updated", "reviewed": "Last reviewed",
                  "effective": "In effect from", "edition": "Edition of"}


def when(partial_date: str) -> str:
    """A date as precise as it was recorded, in US style: 2024, May 2024, May 3, 2024."""
    parts = partial_date.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{month} {int(parts[2])}, {parts[0]}"


def source_dates(source: dict) -> str:
    """What a source says of its own date, and when the guide read it: nothing more is claimed."""
    if source.get("dated"):
        own = f"{DATED_AS_WORDS[source['dated_as']]} {when(source['dated'])} (as the source states)."
    else:
        own = "The source states no date of its own."
    return f"{own} Read for this guide on {when(source['read'])}."


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]  # cells already rendered to safe HTML
    table_id: str
    row_header: int | None = 0  # index of the column that names each row
    row_ids: list[str] | None = None  # record ids, so tests and readers' tools can trace a row to its YAML
    highlighted: list[bool] | None = None  # rows shown as the reader's own (the brand's region)


def table_html(t: Table) -> str:
    """One table: a labelled, keyboard-scrollable region with a caption and scoped headers; each
    data cell carries its column's header as data-label, so a narrow screen can show rows as cards.

    Emitted as a single HTML block with no blank lines, so Markdown passes it
    through untouched.
    """
    cap_id = f"{t.table_id}-caption"
    # class="guide-data": Material wraps only class-less tables in a scroll container of its own;
    # this region is the one. data-label names each cell's column, for the card layout a phone
    # shows (guide.css): the row header is the card's title, then one "label: value" line a cell.
    out = [
        f'<div class="guide-table" role="region" tabindex="0" aria-labelledby="{attr(cap_id)}">',
        f'<table id="{attr(t.table_id)}" class="guide-data">',
        f'<caption id="{attr(cap_id)}">{text(t.caption)}</caption>',
        "<thead><tr>" + "".join(f'<th scope="col">{text(h)}</th>' for h in t.headers) + "</tr></thead>",
        "<tbody>",
    ]
    for n, row in enumerate(t.rows):
        cells = []
        for i, cell in enumerate(row):
            if i == t.row_header:
                cells.append(f'<th scope="row">{cell}</th>')
            else:
                label = f' data-label="{attr(t.headers[i])}"' if i < len(t.headers) else ""
                cells.append(f"<td{label}>{cell}</td>")
        rid = f' data-record="{attr(t.row_ids[n])}"' if t.row_ids else ""
        mark = ' class="guide-highlight"' if t.highlighted and t.highlighted[n] else ""
        out.append(f"<tr{rid}{mark}>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>", "</div>"]
    return "\n".join(out)


# The headings below are Markdown, so they get unique ids and a place in the table of contents.
def objectives_html(objectives: list[str]) -> str:
    items = "".join(f"<li>{text(o)}</li>" for o in objectives)
    return f'## What you will learn\n\n<ul class="guide-objectives">{items}</ul>\n'


def key_points_html(points: list[str]) -> str:
    items = "".join(f"<li>{text(p)}</li>" for p in points)
    return f'## Key points\n\n<ul class="guide-key-points">{items}</ul>\n'


def question_html(number: int, q: dict, printing: bool = False) -> str:
    """A self-check question that works with no JavaScript.

    A multiple-choice question is a <fieldset> whose <legend> is the prompt, where the study script
    puts a native radio button in each option; its answer, the explanation and every option's own reason sit in
    <details>, where a reader without JavaScript opens them. The study script (guide/study_assets)
    adds "Check", a live feedback line, and hides the <details>. A short-answer question keeps its
    model answer behind "Show model answer". Printed (`printing`), options are a plain lettered list
    and the answers go to the answer key at the end (`answer_key_html`).
    """
    qid = f"q-{q['id']}"
    options = q.get("options") or []
    answer = q["answer"].strip()
    parts = [f'<li class="guide-question" id="{attr(qid)}">']
    listed = ('<ol class="guide-options" type="a">' + "".join(f"<li>{text(o['text'])}</li>" for o in options)
              + "</ol>")
    if options and not printing:
        # The script puts a radio button (name: the question's id) in each option; without it
        # they are a plain lettered list, so the page carries no control that does nothing.
        parts.append(f'<fieldset data-answer="{attr(answer.lower())}"><legend>{text(q["prompt"])}</legend>'
                     f"{listed}</fieldset>")
    else:
        parts.append(f'<p class="guide-prompt">{text(q["prompt"])}</p>' + (listed if options else ""))
    if not printing:
        summary = f"Show answer to question {number}" if options else f"Show model answer to question {number}"
        parts.append(f'<details class="guide-answer"><summary>{summary}</summary>{answer_body(q)}</details>')
    parts.append("</li>")
    return "".join(parts)


def answer_body(q: dict) -> str:
    """The answer, the explanation and (multiple choice) each option's own reason."""
    options = q.get("options") or []
    answer = q["answer"].strip()
    if options:
        letters = [chr(ord("a") + i) for i in range(len(options))]
        index = letters.index(answer.lower())
        shown = f"{answer.lower()}) {text(options[index]['text'])}"
        # Each option's own reason, so a reader who chose a wrong one learns why it is wrong.
        reasons = '<ul class="guide-reasons">' + "".join(
            f"<li>{letter}) {text(o['why'])}</li>"
            for letter, o in zip(letters, options)) + "</ul>"
    else:
        shown = text(answer)
        reasons = ""
    return f'<p><strong>Answer:</strong> {shown}</p><p>{text(q["explanation"])}</p>{reasons}'


def self_check_html(questions: list[dict], chapter_id: str = "", printing: bool = False) -> str:
    """A chapter's questions. On a chapter page the study script turns the multiple-choice ones
    into a quiz (data-quiz names the chapter its score belongs to); printed, the answers are left
    for the answer key."""
    if not questions:
        return ""
    items = "\n".join(question_html(i, q, printing) for i, q in enumerate(questions, 1))
    hint = ("Answer each question on paper; the answers are in the answer key at the end."
            if printing else "Pick an answer, then check it, or open its answer.")
    quiz = "" if printing else f' data-quiz="{attr(chapter_id)}"'
    return (
        "## Check yourself\n\n"
        f'<div class="guide-self-check"{quiz}>\n'
        f'<p class="guide-hint">{hint}</p>\n'
        f'<ol class="guide-questions">\n{items}\n</ol>\n</div>\n'
    )


def answer_key_html(chapters: list[tuple[str, str, list[dict]]]) -> str:
    """The printable page's answer key: per chapter (id, title, questions), each answer numbered
    as its question is, with the explanation and the options' reasons."""
    out = ['## Answer key\n\n<div class="guide-answer-key">']
    for chapter_id, title, questions in chapters:
        if not questions:
            continue
        out.append(f'<h3 id="{attr("answers-" + chapter_id)}">{text(title)}</h3>')
        out.append('<ol class="guide-key-answers">' + "".join(
            f'<li>{answer_body(q)}</li>' for q in questions) + "</ol>")
    out.append("</div>\n")
    return "\n".join(out)


def reading_minutes(words: int, per_minute: int = 200) -> int:
    """Reading time in whole minutes, at least one, at an unhurried 200 words a minute."""
    return max(1, -(-words // per_minute))


def chapter_meta_html(chapter_id: str, number: int | None, total: int, minutes: int, updated: str) -> str:
    """The line under a chapter's title: where it sits, how long it takes, when it last changed
    (`updated` is an ISO date, YYYY-MM-DD)."""
    parts = []
    if number is not None:
        parts.append(f"Chapter {number} of {total}")
    parts.append(f"{minutes} min read")
    parts.append(f'Last updated <time datetime="{attr(updated)}">{text(when(updated))}</time>')
    return f'<p class="guide-chapter-meta" data-chapter="{attr(chapter_id)}">' + " · ".join(parts) + "</p>\n"


@dataclass
class Card:
    """One chapter on the start page."""
    chapter_id: str
    number: int
    title: str
    href: str
    description: str
    minutes: int
    questions: int


def chapter_cards_html(cards: list[Card], key_points_href: str, flashcards_href: str, script: str = "") -> str:
    """The start page's study panel: continue, the chapter cards in order, the study aids and the
    reset control. The script fills in the reader's progress; without it the cards still link."""
    items = []
    for c in cards:
        asked = f"{c.questions} question{'s' if c.questions != 1 else ''}" if c.questions else "no questions"
        items.append(
            f'<li class="guide-card" data-chapter="{attr(c.chapter_id)}">'
            f'<p class="guide-card-number">Chapter {c.number}</p>'
            f'<h3 class="guide-card-title"><a href="{attr(c.href)}">{text(c.title)}</a></h3>'
            f'<p class="guide-card-text">{text(c.description)}</p>'
            f'<p class="guide-card-facts">{c.minutes} min read · {asked}</p>'
            '<p class="guide-card-progress" data-progress></p></li>')
    return (
        '<div class="guide-study" data-study-home>\n'
        '<p class="guide-continue" hidden><a class="md-button md-button--primary" href="#">'
        "Continue where you left off</a></p>\n"
        # No tooltips inside the cards: each card is one link to a chapter, not a place to study terms.
        f'<ol class="guide-cards" data-no-terms>{"".join(items)}</ol>\n'
        f'<p class="guide-aids"><a class="md-button" href="{attr(key_points_href)}">Key points of every chapter</a> '
        f'<a class="md-button" href="{attr(flashcards_href)}">Flashcards</a></p>\n'
        '<p class="guide-privacy">Your progress (chapters read, quiz scores, the last page you opened and your '
        "flashcards) is kept in this browser on this device only. Nothing leaves the device: there is no "
        "account, no cookie and no tracking.</p>\n"
        '<p class="guide-reset" hidden><button type="button" class="md-button" data-reset>Reset my progress'
        '</button> <span role="status" aria-live="polite"></span></p>\n'
        + inline_script(script) + "</div>\n")


def inline_script(code: str) -> str:
    """The guide's own script (guide/study_assets, never data) in a <script> element."""
    if "</" in code:
        raise ValueError("an inline script must not contain '</'")
    return f"<script>{code}</script>\n" if code else ""


def script_json(value) -> str:
    """JSON for a <script> element: <, > and & as \\u escapes, so no value can close the element."""
    body = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return body.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def flashcards_html(chapters: list[tuple[str, str]], script: str = "") -> str:
    """The flashcards page: a chapter filter (id, title: the script names key point cards after
    these titles), Start, which loads the deck (guide/study_loader.py publishes it), the controls
    the deck needs once loaded, and a note for readers without JavaScript."""
    options = '<option value="">All chapters</option>' + "".join(
        f'<option value="{attr(cid)}">{text(title)}</option>' for cid, title in chapters)
    return (
        '<div class="guide-flashcards" data-flashcards>\n'
        "<noscript><p>The flashcards need JavaScript; without it, use the key points and the glossary."
        "</p></noscript>\n"
        '<div class="guide-deck-controls" hidden><label for="guide-deck-filter">Chapter</label> '
        f'<select id="guide-deck-filter">{options}</select> '
        '<button type="button" class="md-button md-button--primary" data-start>Start</button> '
        '<button type="button" class="md-button" data-print-cards>Print cards</button> '
        '<button type="button" class="md-button" data-shuffle data-after-start hidden>Shuffle</button> '
        '<label data-after-start hidden><input type="checkbox" data-again-only> Only cards marked "again"</label>'
        "</div>\n"
        # On paper only, once the script runs and until the cards are loaded (printing from the menu).
        '<p class="guide-print-hint" hidden>To print the cards, press "Print cards" on this page.</p>\n'
        + inline_script(script) + "</div>\n")


def sources_script(previews: dict[str, str]) -> str:
    """The citation markers' previews (source id -> "title, publisher") as a script: the study
    loader sets one as a marker's data-source-preview attribute, which guide.css shows as text."""
    return f"window.guideSources={script_json(previews)};\n"


def deck_script(cards: dict) -> str:
    """The flashcard deck (guide.study.deck) as the script the flashcards page loads on Start:
    script_json, so no value can become code or markup."""
    return f"window.guideDeck={script_json(cards)};\n"


# --- fragments of whole datasets ---------------------------------------------------------------

VERIFY_LABEL = "Verify with the state board or employer"


def cell_html(kind: str, value, ref_label: str | None = None) -> str:
    """One table cell's content from a field's kind and value (a ref shows its target's label)."""
    if value in (None, "", []):
        return EMPTY
    if kind == "url":
        return link(value, url_label(value), address=True)
    if kind == "ref":
        return text(ref_label or value)
    return text(value)


REGION_NOTE = "your program's state"


def records_table(ds, records: list, links: Links, table_id: str, caption: str | None = None,
                  ref_label: Callable[[str, str], str | None] = lambda dataset, rid: None,
                  highlight: frozenset = frozenset()) -> str:
    """A dataset's records as one table: its declared columns, a Sources column when they cite,
    the row's name linked to the record's official site (`url`), and one "verify" marker with a
    legend for the cells a record flags with `verify:`."""
    cited = any(r.get("sources") for r in records)
    headers = [c.header for c in ds.columns] + (["Sources"] if cited else [])
    legend_id = f"{table_id}-verify"
    flagged = False
    rows = []
    for r in records:
        row = []
        for c in ds.columns:
            f = ds.field(c.field)
            cell = cell_html(f.kind, r.get(c.field), ref_label(f.ref, r.get(c.field)) if f.kind == "ref" else None)
            if c.field == ds.row_header and r.get("url") and f.kind == "text":
                cell = link(r["url"], r[c.field])
            if c.field == ds.row_header and r.id in highlight:
                cell += f' <strong class="guide-region">({text(REGION_NOTE)})</strong>'
            if c.field in r.get("verify", ()):
                flagged = True
                cell += (f' <a class="guide-verify" href="#{attr(legend_id)}" aria-label="{attr(VERIFY_LABEL)}">'
                         "&#8224;</a>")
            row.append(cell)
        if cited:
            row.append(links.citations(r.get("sources")))
        rows.append(row)
    row_header = next((i for i, c in enumerate(ds.columns) if c.field == ds.row_header), None)
    out = table_html(Table(caption or ds.title, headers, rows, table_id, row_header, [r.id for r in records],
                           [r.id in highlight for r in records]))
    if flagged:  # inside the table's region, so it scrolls and prints with it
        out = out[:-len("</div>")] + (f'<p class="guide-verify-legend" id="{attr(legend_id)}">&#8224; '
                                      f"{text(VERIFY_LABEL)}: requirements differ by state and change.</p></div>")
    return out


def fact_html(record, links: Links) -> str:
    """A figure inline: its value, its period and its citation markers."""
    return (f'<span class="guide-fact">{text(record["value"])} ({text(record["period"])})</span>'
            f"{links.citations(record['sources'])}")


def glossary_letter(term: str) -> str:
    """The letter a term is filed under in the A-Z index: its first letter, or # for a digit or sign."""
    first = term.strip()[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def glossary_html(records: list, links: Links) -> str:
    """Every term, alphabetical, each with its own anchor (#term-<id>), under a letter heading
    (#letter-<x>) that an A-Z index at the top links to; no tooltips inside."""
    groups: dict[str, list[str]] = {}
    for g in sorted(records, key=lambda g: g["term"].casefold()):
        name = text(g["term"]) + (f" ({text(g['abbr'])})" if g.get("abbr") else "")
        cites = f" {links.citations(g['sources'])}" if g.get("sources") else ""
        groups.setdefault(glossary_letter(g["term"]), []).append(
            f'<dt id="term-{attr(g.id)}">{name}</dt><dd>{text(g["definition"])}{cites}</dd>')
    slug = {letter: ("other" if letter == "#" else letter.lower()) for letter in groups}
    index = ('<nav class="guide-az" aria-label="Glossary from A to Z"><ul>'
             + "".join(f'<li><a href="#letter-{slug[k]}">{k}</a></li>' for k in groups) + "</ul></nav>")
    parts = [index]
    for letter, items in groups.items():
        parts.append(f'<h2 class="guide-az-letter" id="letter-{slug[letter]}">{letter}</h2>')
        parts.append('<dl class="guide-glossary" data-no-terms>\n' + "\n".join(items) + "\n</dl>")
    return "\n".join(parts)


def source_link(url: str) -> str:
    """A link on the Sources page, labelled with its address. No rel="noopener" (it means nothing
    without target=_blank): over some 200 sources those bytes kept the page over its first-view
    budget; guide.css knows these links are external and print their address by their place."""
    return f'<a href="{attr(url)}">{text(url_label(url))}</a>'


def sources_html(records: list, first_number: int = 1) -> str:
    """Sources numbered as the citation markers are (from `first_number`), each with its own date
    and when it was read."""
    items = []
    for s in records:
        note = f'<br><span class="guide-note">{text(s["note"])}</span>' if s.get("note") else ""
        copy = f" (read from a copy at {source_link(s['copy_url'])})" if s.get("copy_url") else ""
        items.append(
            f'<li id="src-{attr(s.id)}"><strong>{text(s["title"])}</strong>, '
            f'{text(s["publisher"])}. {source_link(s["url"])}{copy}<br>'
            f'Supports: {text(s["supports"])}. {text(source_dates(s))} '
            f'Confidence: {text(s["confidence"])}.{note}</li>')
    # data-no-terms: a source's title and notes are quoted as published, without glossary tooltips
    # (about 55 of them made the Sources page a tenth bigger than its first-view budget allows).
    start = f' start="{first_number}"' if first_number != 1 else ""
    return f'<ol class="guide-sources"{start} data-no-terms>\n' + "\n".join(items) + "\n</ol>"


def sources_pages_html(number: int, total: int, previous_url: str | None, next_url: str | None) -> str:
    """Where this page sits in the list of sources, with links to the pages before and after."""
    if total == 1:
        return ""
    links = [f'<a href="{attr(url)}" rel="{rel}">{label}: page {n} of {total}</a>'
             for url, rel, label, n in ((previous_url, "prev", "Previous", number - 1),
                                        (next_url, "next", "Next", number + 1)) if url]
    return (f'\n<nav class="guide-sources-pages" aria-label="Pages of sources"><p>This is page {number} of '
            f'{total} of the list of sources. ' + " · ".join(links) + "</p></nav>")


def all_key_points_md(chapters: list, page_url: Callable[[str], str]) -> str:
    """Every chapter's key points under a heading that links to the chapter (Markdown headings,
    so the table of contents lists them; the title is escaped like any value)."""
    out = []
    for c in chapters:
        out.append(f'## <a href="{attr(page_url(c["page"]))}">{text(c["title"])}</a>\n')
        out.append("<ul>" + "".join(f"<li>{text(p)}</li>" for p in c["key_points"]) + "</ul>\n")
    return "\n".join(out)


def print_cover_html(brand, logo_src: str, built_on: str) -> str:
    """The printable guide's cover, in the fork's brand: name, logo, tagline, contact, license line
    and the date of the build (raw HTML, one block)."""
    contact = brand["contact"]
    tagline = f'<p class="guide-cover-tagline">{text(brand["tagline"])}</p>' if brand.get("tagline") else ""
    return ('<div class="guide-cover">'
            f'<img class="guide-cover-logo" src="{attr(logo_src)}" alt="" width="96" height="96">'
            f'<p class="guide-cover-name">{text(brand["name"])}</p>{tagline}'
            f'<p class="guide-cover-contact">{email_link(contact["email"])} · {link(contact["url"], url_label(contact["url"]))}</p>'
            f'<p class="guide-cover-license">{text(brand["footer"])}</p>'
            f'<p class="guide-cover-date">Built on {text(built_on)}</p></div>')
