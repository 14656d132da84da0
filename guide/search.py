"""The guide's own search, on the hosted site and in the offline bundle alike.

Material's search starts a web worker and downloads its whole index on every first view (about
40 KB gzipped before the reader has typed anything), and from file:// a browser refuses workers
and fetch, so it cannot run offline at all. This search costs nothing until it is used:

- the header gets a search box with Material's classes, where Material's own would be, and a
  few lines of inline script that wait for the reader to open or focus it;
- only then does the browser load assets/guide/search.js (MiniSearch, pinned in package.json and
  kept with its license in guide/search_assets/vendor/, followed by guide/search_assets/search.js)
  and the index, search/search_index.js, both with plain <script> tags, which work over http and
  from file://.

The index is one section per heading (h1-h3) and one per self-check question, as plain text,
table cells included. Beside it the index file holds the words' stems (Snowball's English
stemmer through PyStemmer, run here at build time, so "licensing" and "licenses" meet at
"licens") and the synonyms of data/synonyms.yml; MiniSearch adds prefixes, one typo and ranking
in the browser.
"""
from __future__ import annotations

import functools
import html
import html.entities
import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import material
import Stemmer  # PyStemmer
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

ASSETS = Path(__file__).resolve().parent / "search_assets"
SCRIPT_PATH = "assets/guide/search.js"
INDEX_PATH = "search/search_index.js"
INDEX_GLOBAL = "guideSearchIndex"
TERMS_GLOBAL = "guideSearchTerms"
VENDOR = ASSETS / "vendor" / "minisearch.js"
VENDOR_LICENSE = ASSETS / "vendor" / "minisearch-LICENSE.txt"
ICONS = Path(material.__file__).resolve().parent / "templates" / ".icons" / "material"
# Material's search worker and Lunr: nothing loads them once its search plugin is off.
MATERIAL_SEARCH_FILES = re.compile(r"^assets/javascripts/(lunr|workers)/")

# Material's search plugin and features that belong to it: this hook replaces them.
MATERIAL_SEARCH_FEATURES = {"search.highlight", "search.suggest", "search.share"}

def check_config(config) -> None:
    if "search" in config["plugins"] or "material/search" in config["plugins"]:
        raise PluginError("mkdocs.yml: Material's search plugin is on, but guide/search.py already gives "
                          "the guide a search box; remove `search` from `plugins`")
    clash = MATERIAL_SEARCH_FEATURES & set(config.theme.get("features") or [])
    if clash:
        raise PluginError(f"mkdocs.yml: theme.features {sorted(clash)} need Material's search plugin, which "
                          "guide/search.py replaces; remove them")


def add_files(files, config) -> None:
    for f in [f for f in files if MATERIAL_SEARCH_FILES.search(f.dest_uri)]:
        files.remove(f)
    files.append(File.generated(config, SCRIPT_PATH, content=search_script()))


def search_script() -> str:
    """MiniSearch with its license, then the guide's search: one file, one request on first use."""
    license_text = VENDOR_LICENSE.read_text(encoding="utf-8").strip().replace("*/", "* /")
    return (f"/*! MiniSearch (guide/search_assets/vendor/minisearch.js)\n{license_text}\n*/\n"
            + VENDOR.read_text(encoding="utf-8").rstrip() + "\n"
            + (ASSETS / "search.js").read_text(encoding="utf-8"))


# Words as the search sees them: letters and digits, case and accents folded. A hyphenated word
# also counts joined ("de-escalation" is found as "deescalation" too). search.js splits the same way.
WORD = re.compile(r"[^\W_]+", re.UNICODE)
HYPHENATED = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)+", re.UNICODE)


class _Unaccented(dict):
    """Each character (by code point) as NFD leaves it less its combining marks, worked out once.

    Character by character is the same as on the whole text: NFD decomposes each character on
    its own and only reorders combining marks, which are all dropped."""

    def __missing__(self, code: int) -> str:
        out = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
        self[code] = out
        return out


_UNACCENTED = _Unaccented()


def fold(text: str) -> str:
    """Lower case without accents ("Café" -> "cafe"), as search.js folds what a reader types."""
    if text.isascii():  # most of the index: nothing to decompose
        return text.lower()
    return text.translate(_UNACCENTED).lower()


def words_of(text: str) -> set[str]:
    folded = fold(text)
    found = set(WORD.findall(folded))
    found.update(re.sub(r"[-\u2010\u2011]", "", w) for w in HYPHENATED.findall(folded))
    return found


def stem_map(sections: list[dict], extra: set[str]) -> dict[str, str]:
    """Each word of the index whose stem differs from it -> its stem (Snowball English)."""
    # One scan of all the text at once: words never span the newlines between the parts.
    words = set(extra) | words_of("\n".join(part for s in sections for part in (s["title"], s["text"], s["page"])))
    long_words = sorted(w for w in words if len(w) > 2)
    stems = Stemmer.Stemmer("english").stemWords(long_words)
    return {w: st for w, st in zip(long_words, stems) if st != w}


def synonym_map(records) -> dict[str, list[str]]:
    """data/synonyms.yml as folded word -> folded words also looked for."""
    out: dict[str, list[str]] = {}
    for r in records:
        out.setdefault(fold(" ".join(r["word"].split())), []).extend(fold(a) for a in r["also"])
    return out


def index_page(html_text: str, page, build) -> None:
    """Keep the page's sections for the index (written once every page has rendered)."""
    search_meta = page.meta.get("search")
    if not (isinstance(search_meta, dict) and search_meta.get("exclude")):
        title = html.unescape(str(page.title or ""))  # the title as typed: the index is text, not HTML
        build.search_sections[page.file.src_uri] = [
            {"page": f"{title} \u00b7 self-check question" if s.question else title, "title": s.title or title,
             "location": page.url + (f"#{s.anchor}" if s.anchor and s.level > 1 else ""), "text": s.text}
            for s in split_sections(html_text)]


def add_search_box(output: str, page) -> str:
    """Put the search box in the header, where Material's own would be."""
    root = get_relative_url(".", page.url)
    return insert_search_box(output, "./" if root == "." else root + "/", page.file.src_uri)


def insert_search_box(output: str, root: str, where: str) -> str:
    """The search box at the end of Material's header; `root` leads from the page to the site's top
    (the 404 page, served at any address, gives it absolutely)."""
    # Material's header is one <nav class="md-header__inner"> whose end is the last </nav> before </header>.
    header_end = output.find("</header>")
    at = output.rfind("</nav>", 0, header_end)
    if header_end == -1 or at == -1 or 'class="md-header__inner' not in output[:at]:
        raise PluginError(f"search: no Material header (nav.md-header__inner) in {where}; "
                          "the theme's header changed: update insert_search_box in guide/search.py")
    return output[:at] + search_box(root) + output[at:]


def write_index(config, build) -> None:
    """search/search_index.js: every page's sections in navigation order, the stems and synonyms."""
    order = {src: i for i, src in enumerate(build.nav_order)}
    pages = sorted(build.search_sections, key=lambda src: (order.get(src, len(order)), src))
    index = [s for src in pages for s in build.search_sections[src]]
    out = Path(config["site_dir"]) / INDEX_PATH
    out.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps(index, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    site = build.site
    synonyms = synonym_map(site.records("synonyms"))
    extra = {w for key, alts in synonyms.items() for w in words_of(" ".join([key, *alts]))}
    abbreviations = sorted({fold(g["abbr"]) for g in site.records("glossary") if g.get("abbr")})
    terms = {"stems": stem_map(index, extra), "synonyms": synonyms, "abbreviations": abbreviations}
    terms_body = json.dumps(terms, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    out.write_text(f"// The guide's search index, written by guide/search.py.\n"
                   f"window.{INDEX_GLOBAL} = {body};\n"
                   f"window.{TERMS_GLOBAL} = {terms_body};\n", encoding="utf-8")


def _icon(name: str) -> str:
    return (ICONS / f"{name}.svg").read_text(encoding="utf-8").strip()


# Runs once, where the search box is parsed. The box sits in the header, which instant
# navigation keeps while it swaps the page under it, so the relative root written into this
# page is made absolute now; search.js and the index load on first use (opened or focused).
# The "/" key opens the box from anywhere but a form field, as Material's search did. A page
# opened from a search result (?h=words) loads search.js at once, to mark the words.
LOADER = (
    "(function(){var b=document.querySelector('[data-guide-search]'),t=document.getElementById('__search');"
    "if(!b||!t)return;var i=b.querySelector('input'),r=new URL(b.getAttribute('data-guide-root'),location.href).href;"
    "b.setAttribute('data-guide-root',r);var l=0;function go(){if(l)return;l=1;"
    "var s=document.createElement('script');s.src=r+'" + SCRIPT_PATH + "';document.head.appendChild(s)}"
    "t.addEventListener('change',go);i.addEventListener('focus',go);"
    "document.addEventListener('keydown',function(e){var a=document.activeElement;"
    "if(e.key!=='/'||e.ctrlKey||e.metaKey||e.altKey||(a&&/^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName)))return;"
    "e.preventDefault();t.checked=true;i.focus()});if(/[?&]h=/.test(location.search))go()})();"
)


def search_box(root: str) -> str:
    """The header's search button and panel, with Material's classes so it looks like Material's.

    No data-md-component and no form named "search": Material's script must not pick it up.
    """
    root_attr = html.escape(root, quote=True)
    return (
        f'<label class="md-header__button md-icon" for="__search" title="Search">{_icon("magnify")}</label>'
        f'<div class="md-search" data-guide-search data-guide-root="{root_attr}" role="dialog" aria-label="Search">'
        '<label class="md-search__overlay" for="__search"></label>'
        '<div class="md-search__inner" role="search">'
        '<form class="md-search__form" name="guide-search">'
        '<input type="search" class="md-search__input" name="query" aria-label="Search" placeholder="Search" '
        'autocapitalize="off" autocorrect="off" autocomplete="off" spellcheck="false">'
        f'<label class="md-search__icon md-icon" for="__search">{_icon("magnify")}{_icon("arrow-left")}</label>'
        '<nav class="md-search__options" aria-label="Search">'
        f'<button type="reset" class="md-search__icon md-icon" title="Clear" aria-label="Clear">{_icon("close")}</button>'
        '</nav></form>'
        '<div class="md-search__output"><div class="md-search__scrollwrap" tabindex="0">'
        '<div class="md-search-result">'
        '<div class="md-search-result__meta" aria-live="polite">Type to start searching</div>'
        '<ol class="md-search-result__list" role="presentation"></ol>'
        f'</div></div></div></div></div><script>{LOADER}</script>')


class Section:
    def __init__(self, level: int, anchor: str | None, question: bool = False):
        self.level, self.anchor, self.question = level, anchor, question
        self.title_parts: list[str] = []
        self.text_parts: list[str] = []

    @property
    def title(self) -> str:
        return " ".join("".join(self.title_parts).split())

    @property
    def text(self) -> str:
        return " ".join("".join(self.text_parts).split())


class _Splitter(HTMLParser):
    """Page HTML -> sections at h1-h3, as plain text (table cells included), and one section per
    self-check question: its prompt as the title, its options, answer and explanation as the text
    (without the "Show answer" button's words), so a quiz result reads as a question."""

    HEADINGS = {"h1": 1, "h2": 2, "h3": 3}
    INLINE = {"a", "abbr", "b", "code", "em", "i", "mark", "small", "span", "strong", "sub", "sup"}
    SKIPPED_TAGS = {"script", "style", "template"}
    # Not content: permalinks, source markers, tooltips, the A-Z bar, a chapter's reading line, and
    # the start page's chapter cards and progress (links to chapters, which are indexed themselves).
    SKIPPED_CLASSES = {"headerlink", "cite", "guide-tip", "guide-az", "guide-az-letter", "guide-chapter-meta",
                       "guide-study"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections = [Section(1, None)]
        self.heading: str | None = None
        self.skip: list[str] = []  # stack of open tags inside a skipped element
        self.option: int | None = None  # the next answer option's number, inside a question's options

    def handle_starttag(self, tag, attrs):
        if self.skip:
            self.skip.append(tag)
            return
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag in self.SKIPPED_TAGS or not self.SKIPPED_CLASSES.isdisjoint(classes):
            self.skip.append(tag)
            return
        if tag in self.INLINE:
            return  # the commonest case: nothing below is about an inline element
        if tag in self.HEADINGS:
            self.heading = tag
            self.sections.append(Section(self.HEADINGS[tag], a.get("id")))
        elif tag == "li" and "guide-question" in classes:
            self.sections.append(Section(4, a.get("id"), question=True))
        elif (tag == "legend" or (tag == "p" and "guide-prompt" in classes)) and self.sections[-1].question:
            # the prompt: a quiz's <legend>, or a short-answer question's paragraph
            self.heading = tag
        elif tag == "summary" and self.sections[-1].question:
            self.skip.append(tag)
        elif tag == "ol" and "guide-options" in classes:
            self.option = 0  # options read "a) ... b) ...", as the page shows them
            self._add(" ")
        elif tag == "li" and self.option is not None:
            self._add(f" {chr(ord('a') + self.option)}) ")
            self.option += 1
        else:
            self._add(" ")

    def handle_startendtag(self, tag, attrs):
        if not self.skip and tag not in self.INLINE:
            self._add(" ")

    def handle_endtag(self, tag):
        if self.skip:
            if tag in self.skip:
                while self.skip and self.skip.pop() != tag:
                    pass
            return
        if tag == "ol":
            self.option = None
        if tag == self.heading:
            self.heading = None
        elif tag not in self.INLINE:
            self._add(" ")

    def handle_data(self, data):
        if not self.skip:  # _add, inlined: this runs for every piece of text
            current = self.sections[-1]
            (current.title_parts if self.heading else current.text_parts).append(data)

    def _add(self, text: str):
        current = self.sections[-1]
        (current.title_parts if self.heading else current.text_parts).append(text)


def split_sections(html_text: str) -> list[Section]:
    """The page's sections, as _Splitter reads them; through the fast tokenizer below, or through
    HTMLParser itself for HTML the tokenizer does not read exactly as HTMLParser would."""
    splitter = _Splitter()
    try:
        _tokenize_into(splitter, html_text)
    except _NotPlainHTML:
        return split_sections_htmlparser(html_text)
    return [s for s in splitter.sections if s.title or s.text]


def split_sections_htmlparser(html_text: str) -> list[Section]:
    """The reference: _Splitter driven by HTMLParser (about 4 times slower than the tokenizer)."""
    parser = _Splitter()
    parser.feed(html_text)
    parser.close()
    return [s for s in parser.sections if s.title or s.text]


# The tokenizer. HTMLParser is pure Python and walks the page a few characters at a time; this
# reads it with one regular expression match per tag and calls the same _Splitter handlers with the
# same tags, attributes (only class and id: the handlers read no other) and text, in the same pieces
# (HTMLParser decodes references piece by piece). It only accepts markup that every HTMLParser
# version reads the same way (the 2025 releases changed comments, raw text and references in
# attributes) and raises _NotPlainHTML for anything else: broken or bogus tags, <![CDATA[, "--"
# inside a comment, a repeated class or id, references it cannot vouch for in class or id...
class _NotPlainHTML(Exception):
    pass


_SPACE = r"[ \t\n\r\f]"  # HTML's whitespace; \s would also take Unicode spaces, which HTML does not
_ATTRIBUTE = rf"""[^\s"'<>/=]+ (?: {_SPACE}*={_SPACE}* (?: "[^"]*" | '[^']*' | [^\s"'=<>`]+ ) )?"""
# The text up to the next tag, then the tag; which one it is shows in the match's lastindex.
_TOKEN = re.compile(rf"""
    ([^<]*)
    (?: < ([a-zA-Z][-.a-zA-Z0-9:_]*) ((?: {_SPACE}+ {_ATTRIBUTE} )*) {_SPACE}* (/?)>    # 4: a start tag
      | </ ([a-zA-Z][-.a-zA-Z0-9:_]*) {_SPACE}* >                                      # 5: an end tag
      | ( <!--(?!-?>) (?: [^-] | -(?!-) )* --> | <\?[^>]*> | <![dD][oO][cC][tT][yY][pP][eE][^>]*> )  # 6
      | (<)                                      # 7: any other "<": text if it starts no markup
      | (\Z)                                     # 8: the end
    )""", re.VERBOSE)
START_TAG, END_TAG, IGNORED, OTHER_LT = 4, 5, 6, 7
_STARTS_MARKUP = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/!?")
_ATTRIBUTE_PARTS = re.compile(rf"""([^\s"'<>/=]+) (?: {_SPACE}*={_SPACE}* ("[^"]*" | '[^']*' | [^\s"'=<>`]+) )?""",
                              re.VERBOSE)
_MAY_HAVE_CLASS_OR_ID = re.compile(rf"{_SPACE}(?:[cC][lL][aA][sS][sS]|[iI][dD])(?![^\s=])").search
# A reference in an attribute value that old and new HTMLParsers decode alike: complete, with its ";".
_SAFE_REFERENCE = re.compile(r"&(?:#[0-9]+;|#[xX][0-9a-fA-F]+;|([a-zA-Z][a-zA-Z0-9]*;))")
# HTMLParser reads these elements' content as text up to their end tag (and _Splitter skips it);
# <plaintext> has no end, in the HTML standard. The tokenizer reads the page in runs between them.
_RAW_TEXT = {"script", "style"}
_RAW_TEXT_START = re.compile(r"<(?:script|style|plaintext)(?=[\s/>])", re.IGNORECASE)
# Where any parser could end such an element (the first of these), and the end tag all read alike.
_RAW_TEXT_END = {name: re.compile(rf"</\s*{name}(?=[\s/>])", re.IGNORECASE) for name in _RAW_TEXT}
_RAW_TEXT_END_TAG = {name: re.compile(rf"</{name}{_SPACE}*>", re.IGNORECASE) for name in _RAW_TEXT}
# Elements whose content newer HTMLParsers (and the HTML standard) read as raw or escapable text:
# accepted only when that content is plain text that every reading agrees on.
_TEXT_ONLY = {"textarea", "title", "xmp", "iframe", "noembed", "noframes"}
_TEXT_ONLY_CONTENT = {name: re.compile(rf"[^<&]*</{name}{_SPACE}*>", re.IGNORECASE) for name in _TEXT_ONLY}
_TOKENIZER_KNOWS = set(getattr(HTMLParser, "CDATA_CONTENT_ELEMENTS", ())) | set(
    getattr(HTMLParser, "RCDATA_CONTENT_ELEMENTS", ())) <= _RAW_TEXT | _TEXT_ONLY


@functools.lru_cache(maxsize=4096)  # a page repeats the same few attribute lists
def _class_and_id(attribute_text: str) -> tuple[tuple[str, str | None], ...]:
    """The start tag's class and id, as HTMLParser would pass them (lower-cased names, references
    decoded, None for a bare attribute)."""
    if not _MAY_HAVE_CLASS_OR_ID(attribute_text):
        return ()
    found = []
    for name, value in _ATTRIBUTE_PARTS.findall(attribute_text):
        name = name.lower()
        if name != "class" and name != "id":
            continue
        if not value:
            value = None  # a bare attribute (a quoted empty value still has its quotes here)
        else:
            if value[0] in "\"'":
                value = value[1:-1]
            if "&" in value:
                if value.count("&") != len(refs := _SAFE_REFERENCE.findall(value)) or any(
                        r and r not in html.entities.html5 for r in refs):
                    raise _NotPlainHTML
                value = html.unescape(value)
        found.append((name, value))
    if len(found) != len({name for name, _ in found}):
        raise _NotPlainHTML  # a repeated attribute: parsers disagree on which one counts
    return tuple(found)


def _tokenize_into(splitter: _Splitter, page: str) -> None:
    if not _TOKENIZER_KNOWS:
        raise _NotPlainHTML  # an HTMLParser with raw-text elements this tokenizer was not written for
    pos = 0
    while raw := _RAW_TEXT_START.search(page, pos):
        _tokenize_run(splitter, page, pos, raw.start())
        pos = _raw_text(splitter, page, raw.start())
    _tokenize_run(splitter, page, pos, len(page))


def _tokenize_run(splitter: _Splitter, page: str, pos: int, stop: int) -> None:
    """Feed page[pos:stop], which holds no raw-text element, to the splitter."""
    handle_data, handle_starttag, handle_endtag = splitter.handle_data, splitter.handle_starttag, splitter.handle_endtag
    unescape = html.unescape
    for m in _TOKEN.finditer(page, pos, stop):
        text, kind = m[1], m.lastindex
        if text:
            handle_data(unescape(text) if "&" in text else text)
        if kind == START_TAG:
            tag, attribute_text = m[2].lower(), m[3]
            attrs = _class_and_id(attribute_text) if attribute_text else ()
            if tag in _TEXT_ONLY and (m[4] or not _TEXT_ONLY_CONTENT[tag].match(page, m.end())):
                raise _NotPlainHTML
            if m[4]:
                splitter.handle_startendtag(tag, attrs)
            else:
                handle_starttag(tag, attrs)
        elif kind == END_TAG:
            handle_endtag(m[5].lower())
        elif kind == OTHER_LT:
            if page[m.end():m.end() + 1] in _STARTS_MARKUP:
                raise _NotPlainHTML  # a tag, comment or declaration this tokenizer does not read
            handle_data("<")  # HTMLParser hands a lone "<" over as a piece of its own


def _raw_text(splitter: _Splitter, page: str, pos: int) -> int:
    """Feed the raw-text element that starts at pos; return where it ends."""
    m = _TOKEN.match(page, pos)
    if m.lastindex != START_TAG or m[4] or m[2].lower() not in _RAW_TEXT:
        raise _NotPlainHTML  # an unreadable start tag, <script/>, or <plaintext>
    tag, content_start = m[2].lower(), m.end()
    splitter.handle_starttag(tag, _class_and_id(m[3]) if m[3] else ())
    end = _RAW_TEXT_END[tag].search(page, content_start)
    end_tag = end and _RAW_TEXT_END_TAG[tag].match(page, end.start())
    if not end_tag or "<!--" in page[content_start:end.start()]:
        raise _NotPlainHTML  # unclosed, or a script whose comments newer parsers read differently
    splitter.handle_data(page[content_start:end.start()])
    splitter.handle_endtag(tag)
    return end_tag.end()
