"""The guide's own search, on the hosted site and in the offline bundle alike.

Material's search starts a web worker and downloads its whole index on every first view (about
40 KB gzipped before the reader has typed anything), and from file:// a browser refuses workers
and fetch, so it cannot run offline at all. This search costs nothing until it is used:

- the header gets a search box with Material's classes, where Material's own would be, and a
  few lines of inline script that wait for the reader to open or focus it;
- only then does the browser load assets/guide/search.js (MiniSearch's script and license, read
  from the npm package pinned in guide/npm_assets.py, followed by guide/search_assets/search.js)
  and the index, search/search_index.js, both with plain <script> tags, which work over http and
  from file://.

The index is one section per heading (h1-h3) and one per self-check question, as plain text,
table cells included. Beside it the index file holds the words' stems (Snowball's English
stemmer through PyStemmer, run here at build time, so "licensing" and "licenses" meet at
"licens") and the synonyms of data/synonyms.yml; MiniSearch adds prefixes, one typo and ranking
in the browser.
"""
from __future__ import annotations

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

from guide import npm_assets

ASSETS = Path(__file__).resolve().parent / "search_assets"
SCRIPT_PATH = "assets/guide/search.js"
INDEX_PATH = "search/search_index.js"
INDEX_GLOBAL = "guideSearchIndex"
TERMS_GLOBAL = "guideSearchTerms"
MINISEARCH_SCRIPT = "package/dist/umd/index.js"  # in the tarball: the build a plain <script> loads
MINISEARCH_LICENSE = "package/LICENSE.txt"
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
    project = Path(config.config_file_path).resolve().parent
    files.append(File.generated(config, SCRIPT_PATH, content=search_script(project)))


def search_script(project: Path) -> str:
    """MiniSearch with its license, then the guide's search: one file, one request on first use."""
    package = npm_assets.MINISEARCH
    minisearch = npm_assets.read_files(package, project, [MINISEARCH_SCRIPT, MINISEARCH_LICENSE])
    license_text = minisearch[MINISEARCH_LICENSE].strip().replace("*/", "* /")
    return (f"/*! MiniSearch (npm package {package.name}@{package.version})\n{license_text}\n*/\n"
            + minisearch[MINISEARCH_SCRIPT].rstrip() + "\n"
            + (ASSETS / "search.js").read_text(encoding="utf-8"))


# Words as the search sees them: letters and digits, case and accents folded. A hyphenated word
# also counts joined ("de-escalation" is found as "deescalation" too). search.js splits the same way.
WORD_OR_HYPHENATED = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)*", re.UNICODE)
HYPHEN = re.compile(r"[-\u2010\u2011]")


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
    found = set()
    for token in set(WORD_OR_HYPHENATED.findall(fold(text))):  # one scan: words and hyphenated words
        parts = HYPHEN.split(token)
        found.update(parts)
        if len(parts) > 1:
            found.add("".join(parts))
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
        self.parts = self.sections[-1].text_parts  # where text goes now (see _aim)

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
            self._aim()
        elif tag == "li" and "guide-question" in classes:
            self.sections.append(Section(4, a.get("id"), question=True))
            self._aim()
        elif (tag == "legend" or (tag == "p" and "guide-prompt" in classes)) and self.sections[-1].question:
            # the prompt: a quiz's <legend>, or a short-answer question's paragraph
            self.heading = tag
            self._aim()
        elif tag == "summary" and self.sections[-1].question:
            self.skip.append(tag)
        elif tag == "ol" and "guide-options" in classes:
            self.option = 0  # options read "a) ... b) ...", as the page shows them
            self.parts.append(" ")
        elif tag == "li" and self.option is not None:
            self.parts.append(f" {chr(ord('a') + self.option)}) ")
            self.option += 1
        else:
            self.parts.append(" ")

    def handle_startendtag(self, tag, attrs):
        if not self.skip and tag not in self.INLINE:
            self.parts.append(" ")

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
            self._aim()
        elif tag not in self.INLINE:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)

    def _aim(self):
        """After a new section or heading: text goes to the current section's title inside a
        heading or a question's prompt, else to its text."""
        current = self.sections[-1]
        self.parts = current.title_parts if self.heading else current.text_parts


def split_sections(html_text: str) -> list[Section]:
    """The page's sections, as _Splitter reads them: through the tokenizer below, or through
    HTMLParser itself for markup the tokenizer does not read exactly as HTMLParser would."""
    try:
        return _split_by_tokenizer(html_text)
    except _NotPlainHTML:
        return split_sections_htmlparser(html_text)


def _split_by_tokenizer(html_text: str) -> list[Section]:
    try:
        return _tokenized(html_text, _TAG)
    except _NotPlainHTML as declined:
        if declined.args != ("quote",):
            raise
    return _tokenized(html_text, _TAG_WITH_QUOTES)  # perhaps a "<" or ">" inside a quoted attribute value


def _tokenized(html_text: str, tag_pattern: re.Pattern) -> list[Section]:
    splitter = _Splitter()
    _tokenize_into(splitter, html_text, tag_pattern)
    return [s for s in splitter.sections if s.title or s.text]


def split_sections_htmlparser(html_text: str) -> list[Section]:
    """The reference, and the fallback: _Splitter driven by HTMLParser (3 to 4 times slower)."""
    parser = _Splitter()
    parser.feed(html_text)
    parser.close()
    return [s for s in parser.sections if s.title or s.text]


# The tokenizer. HTMLParser is pure Python and walks the page a few characters at a time; this
# splits it into text and tags with one regular expression and calls the same _Splitter handlers
# with the same tags, attributes (only class and id: the handlers read no other) and text, in the
# same pieces (HTMLParser decodes references piece by piece). A page repeats its tags, so each
# distinct tag is read once. It only accepts markup that every HTMLParser version reads the same
# way (the 2025 releases changed comments, raw text and references in attributes) and raises
# _NotPlainHTML for anything else: broken or bogus tags, <![CDATA[, "--" inside a comment, a
# reference in class or id that old and new parsers decode differently, <script/>...
class _NotPlainHTML(Exception):
    pass


_SPACE = r"[ \t\n\r\f]"  # HTML's whitespace; \s would also take Unicode spaces, which HTML does not
_NAME = r"[a-zA-Z][-.a-zA-Z0-9:_]*"
_ATTRIBUTE = rf"""[^\s"'<>/=]+ (?: {_SPACE}*={_SPACE}* (?: "[^"]*" | '[^']*' | [^\s"'=<>`]+ ) )?"""
# A tag, between text: the split keeps what is inside "<" and ">"; the tag is then read strictly.
# The first pattern is the faster; the second lets a quoted attribute value hold "<" or ">".
_TAG = re.compile(r"<(/?[a-zA-Z][^<>]*)>")
_TAG_WITH_QUOTES = re.compile(r"""<(/?[a-zA-Z][^<>"']*(?:(?:"[^"]*"|'[^']*')[^<>"']*)*)>""")
# A start tag's name, the value part ("" if bare) of its last class and of its last id (the
# handlers' dict(attrs) keeps the last of a repeated attribute), and its "/" if self-closing.
_VALUE_PART = rf"""((?: {_SPACE}*={_SPACE}* (?: "[^"]*" | '[^']*' | [^\s"'=<>`]+ ) )?)"""
_START_TAG = re.compile(rf"""({_NAME})
    (?: {_SPACE}+ (?: [cC][lL][aA][sS][sS] (?![^\s=/>]) {_VALUE_PART} | [iI][dD] (?![^\s=/>]) {_VALUE_PART}
                    | {_ATTRIBUTE} ) )*
    {_SPACE}* (/?)""", re.VERBOSE)
_END_TAG = re.compile(rf"/({_NAME}){_SPACE}*")
_START, _END, _START_END = 0, 1, 2
_TAGS_READ: dict[str, tuple[int, str, tuple]] = {}  # "li class=x" -> (_START, "li", (("class", "x"),))
# Text with a "<" that is not a tag: a declaration, a processing instruction, or a "<" that starts
# no markup (which HTMLParser hands over as a piece of its own). Any other "<" ends the fast path.
_OTHER_MARKUP = re.compile(r"([^<]*)(?:(<\?[^>]*>|<![dD][oO][cC][tT][yY][pP][eE][^>]*>)|(<)(?![a-zA-Z/!?])|(<)|\Z)")
# What the split must not see: comments, and elements whose content HTMLParser reads as text up to
# their end tag (script and style, which _Splitter skips), or newer HTMLParsers (and the HTML
# standard) do (accepted only when that content is plain text all of them read alike).
_RAW_TEXT = {"script", "style"}
_TEXT_ONLY = {"textarea", "title", "xmp", "iframe", "noembed", "noframes"}
_SPECIAL = re.compile(rf"<!--|<({'|'.join(sorted(_RAW_TEXT | _TEXT_ONLY | {'plaintext'}))})(?=[\s/>])",
                      re.IGNORECASE)
_COMMENT = re.compile(r"<!--(?!-?>)[^-]*(?:-[^-]+)*-->")  # no "--" inside: old and new parsers differ there
_START_TAG_AT = re.compile(rf"<{_START_TAG.pattern}>", re.VERBOSE)
# Where any parser could end a raw-text element (the first of these), and the end tag all read alike.
_RAW_TEXT_END = {name: re.compile(rf"</\s*{name}(?=[\s/>])", re.IGNORECASE) for name in _RAW_TEXT}
_RAW_TEXT_END_TAG = {name: re.compile(rf"</{name}{_SPACE}*>", re.IGNORECASE) for name in _RAW_TEXT}
_TEXT_ONLY_CONTENT = {name: re.compile(rf"([^<&]*)</{name}{_SPACE}*>", re.IGNORECASE) for name in _TEXT_ONLY}
_TOKENIZER_KNOWS = set(getattr(HTMLParser, "CDATA_CONTENT_ELEMENTS", ())) | set(
    getattr(HTMLParser, "RCDATA_CONTENT_ELEMENTS", ())) <= _RAW_TEXT | _TEXT_ONLY
# A reference in an attribute value that old and new HTMLParsers decode alike: complete, with its ";".
_SAFE_REFERENCE = re.compile(r"&(?:#[0-9]+;|#[xX][0-9a-fA-F]+;|([a-zA-Z][a-zA-Z0-9]*;))")


def _tokenize_into(splitter: _Splitter, page: str, tag_pattern: re.Pattern) -> None:
    if not _TOKENIZER_KNOWS:
        raise _NotPlainHTML  # an HTMLParser with raw-text elements this tokenizer was not written for
    pos = 0
    while special := _SPECIAL.search(page, pos):
        _tokenize_run(splitter, page[pos:special.start()], tag_pattern)
        pos = _special(splitter, page, special)
    _tokenize_run(splitter, page[pos:] if pos else page, tag_pattern)


def _tokenize_run(splitter: _Splitter, run: str, tag_pattern: re.Pattern) -> None:
    """Feed a stretch of the page that holds no comment and no raw-text element to the splitter."""
    handle_data, handle_starttag, handle_endtag = splitter.handle_data, splitter.handle_starttag, splitter.handle_endtag
    unescape, tags_read = html.unescape, _TAGS_READ
    parts = tag_pattern.split(run)  # text, tag, text, tag, ..., text
    if text := parts[0]:
        if "<" in text:
            _other_markup(splitter, text)
        else:
            handle_data(unescape(text) if "&" in text else text)
    texts_and_tags = iter(parts)
    next(texts_and_tags)
    for inside, text in zip(texts_and_tags, texts_and_tags):
        kind, tag, attrs = tags_read.get(inside) or _read_tag(inside)
        if kind == _START:
            handle_starttag(tag, attrs)
        elif kind == _END:
            handle_endtag(tag)
        else:
            splitter.handle_startendtag(tag, attrs)
        if text:
            if "<" in text:
                _other_markup(splitter, text)
            else:
                handle_data(unescape(text) if "&" in text else text)


def _read_tag(inside: str) -> tuple[int, str, tuple]:
    """What is between a tag's "<" and ">", read as HTMLParser reads it, or _NotPlainHTML."""
    if inside[0] == "/":
        if not (m := _END_TAG.fullmatch(inside)):
            raise _NotPlainHTML("quote" if "'" in inside or '"' in inside else None)
        read = (_END, m[1].lower(), ())
    else:
        if not (m := _START_TAG.fullmatch(inside)):
            raise _NotPlainHTML("quote" if "'" in inside or '"' in inside else None)
        read = (_START_END if m[4] else _START, m[1].lower(), _class_and_id(m[2], m[3]))
        if read[1] in _RAW_TEXT or read[1] in _TEXT_ONLY or read[1] == "plaintext":
            raise _NotPlainHTML  # cannot happen: _SPECIAL finds every one of these first
    if len(_TAGS_READ) > 20_000:  # a bound, for a process that builds many guides
        _TAGS_READ.clear()
    _TAGS_READ[inside] = read
    return read


def _class_and_id(class_part: str | None, id_part: str | None) -> tuple[tuple[str, str | None], ...]:
    """A start tag's class and id as HTMLParser passes them (the handlers read no other attribute)."""
    if class_part is None:
        return () if id_part is None else (("id", _attribute_value(id_part)),)
    if id_part is None:
        return (("class", _attribute_value(class_part)),)
    return ("class", _attribute_value(class_part)), ("id", _attribute_value(id_part))


def _attribute_value(part: str) -> str | None:
    """An attribute's value from its value part ('="x"'): None if bare, references decoded."""
    if not part:
        return None
    value = part.lstrip(" \t\n\r\f")[1:].lstrip(" \t\n\r\f")
    if value[0] in "\"'":
        value = value[1:-1]
    if "&" in value:
        if value.count("&") != len(refs := _SAFE_REFERENCE.findall(value)) or any(
                r and r not in html.entities.html5 for r in refs):
            raise _NotPlainHTML
        value = html.unescape(value)
    return value


def _other_markup(splitter: _Splitter, text: str) -> None:
    """Text between two tags that holds a "<" which starts no tag."""
    for m in _OTHER_MARKUP.finditer(text):
        if m[1]:
            splitter.handle_data(html.unescape(m[1]) if "&" in m[1] else m[1])
        if m[3]:
            splitter.handle_data("<")  # HTMLParser hands a lone "<" over as a piece of its own
        elif m[4]:
            raise _NotPlainHTML("quote" if "'" in text or '"' in text else None)


def _special(splitter: _Splitter, page: str, found: re.Match) -> int:
    """Feed the comment or raw-text element found at found.start(); return where it ends."""
    pos = found.start()
    if not found[1]:
        if not (comment := _COMMENT.match(page, pos)):
            raise _NotPlainHTML
        return comment.end()
    start = _START_TAG_AT.match(page, pos)
    if not start or start[4]:
        raise _NotPlainHTML  # a tag it cannot read, or <script/>, which parsers read differently
    tag, content_start = start[1].lower(), start.end()
    if tag == "plaintext":
        raise _NotPlainHTML  # no end, in the HTML standard
    splitter.handle_starttag(tag, _class_and_id(start[2], start[3]))
    if tag in _TEXT_ONLY:
        if not (content := _TEXT_ONLY_CONTENT[tag].match(page, content_start)):
            raise _NotPlainHTML
        if content[1]:
            splitter.handle_data(content[1])
        splitter.handle_endtag(tag)
        return content.end()
    end = _RAW_TEXT_END[tag].search(page, content_start)
    end_tag = end and _RAW_TEXT_END_TAG[tag].match(page, end.start())
    if not end_tag or "<!--" in page[content_start:end.start()]:
        raise _NotPlainHTML  # unclosed, or a script whose comments newer parsers read differently
    splitter.handle_data(page[content_start:end.start()])
    splitter.handle_endtag(tag)
    return end_tag.end()
