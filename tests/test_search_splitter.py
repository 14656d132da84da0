"""The search index's page splitter: the fast tokenizer (guide/search.py split_sections) reads
every page exactly as the HTMLParser-driven reference (split_sections_htmlparser) does.

Fragments are built from the markup the splitter cares about (headings, self-check questions,
skipped classes, raw text, references, comments, void and self-closing tags) in every spelling
HTML allows; the fast path must take the well-formed ones itself, and for any input at all,
well-formed or not, give the same sections as the reference (falling back to it if need be).
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from guide import search

PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def sections(found) -> list[tuple]:
    return [(s.level, s.anchor, s.question, s.title, s.text) for s in found]


def fast_path(html_text: str) -> list[tuple]:
    """The tokenizer alone, without the fallback: _NotPlainHTML if it declines the page."""
    return sections(search._split_by_tokenizer(html_text))


def same_as_reference(html_text: str) -> None:
    assert sections(search.split_sections(html_text)) == sections(search.split_sections_htmlparser(html_text))


# --- well-formed markup, in the spellings HTML allows ---------------------------------------

WORDS = st.sampled_from(["alpha", "Beta", "gamma delta", "  ", "\n", "\t", "x", "HIPAA", "café", "1.5", "a-b",
                         "\u00a0", "\u2028", "'quoted'", '"double"', "a > b", "c = d", "/", "!", "?", "-", "--"])
REFERENCES = st.sampled_from(["&amp;", "&#39;", "&lt;", "&gt;", "&quot;", "&para;", "&#x27;", "&#8224;", "&nbsp;",
                              "&amp", "&lt", "&copy", "&notit;", "&#0;", "&#x110000;", "&zzz;", "& ", "&#;"])
TEXT = st.lists(st.one_of(WORDS, REFERENCES, st.text(st.characters(blacklist_characters="<&\x00",
                                                                    blacklist_categories=("Cs",)), max_size=6)),
                max_size=5).map("".join)
SPACE = st.sampled_from([" ", "  ", "\n", "\t", " \n "])
CLASSES = sorted(search._Splitter.SKIPPED_CLASSES) + ["guide-question", "guide-prompt", "guide-options", "other"]
CLASS_VALUE = st.lists(st.sampled_from(CLASSES), min_size=0, max_size=3).map(" ".join)
ID_VALUE = st.sampled_from(["intro", "q-1", "a-b_c", "x", "", "caf&eacute;", "a&amp;b", "it&#39;s", "a&#x27;b",
                            "UPPER", "with space"])
OTHER_VALUE = st.sampled_from(["#top", "x > y", "a<b", "https://example.org/?a=1&amp;b=2", "", "it's", 'say "hi"',
                               "Link to this section", "=", "/", "`"])


@st.composite
def attribute(draw, name: str | st.SearchStrategy, value: st.SearchStrategy) -> str:
    name = draw(name) if isinstance(name, st.SearchStrategy) else name
    name = draw(st.sampled_from([name, name.upper(), name.capitalize()]))
    v = draw(value)
    quotes = ['"', "'"] if '"' not in v else ["'"]
    if "'" in v:
        quotes = ['"'] if '"' not in v else []
    unquoted_ok = v and not any(c in v for c in " \t\n\r\f\"'=<>`")
    style = draw(st.sampled_from(quotes + (["bare"] if unquoted_ok else []) + (["none"] if not v else [])))
    around = draw(st.sampled_from(["=", " = ", "=\n"]))
    if style == "none":
        return name
    return f"{name}{around}{v}" if style == "bare" else f"{name}{around}{style}{v}{style}"


ATTRIBUTE = st.one_of(attribute("class", CLASS_VALUE), attribute("id", ID_VALUE),
                      attribute(st.sampled_from(["href", "title", "data-x", "aria-label", "hidden", "open"]),
                                OTHER_VALUE))


@st.composite
def start_tag(draw, name: str, self_closing: bool = False) -> str:
    name = draw(st.sampled_from([name, name.upper()]))
    attributes = draw(st.lists(ATTRIBUTE, max_size=4))
    inside = name + "".join(draw(SPACE) + a for a in attributes)
    if self_closing:
        inside += draw(st.sampled_from(["/", " /", "\n/"]))
    else:
        inside += draw(st.sampled_from(["", " ", "\n"]))
    return f"<{inside}>"


CONTAINERS = ["h1", "h2", "h3", "li", "legend", "p", "summary", "ol", "ul", "details", "fieldset", "div", "table",
              "tr", "td", "th", "dl", "dt", "dd", "blockquote", "figure", "template", "section"]
INLINE = sorted(search._Splitter.INLINE)
VOID = ["br", "img", "hr", "input", "wbr"]


def element(children: st.SearchStrategy) -> st.SearchStrategy:
    @st.composite
    def build(draw):
        name = draw(st.sampled_from(CONTAINERS + INLINE))
        end = draw(st.sampled_from([f"</{name}>", f"</{name.upper()}>", f"</{name} >", f"</{name}\n>"]))
        return draw(start_tag(name)) + "".join(draw(st.lists(children, max_size=4))) + end
    return build()


@st.composite
def void(draw) -> str:
    name = draw(st.sampled_from(VOID + INLINE))
    return draw(start_tag(name, self_closing=draw(st.booleans())))


@st.composite
def raw_text(draw) -> str:
    name = draw(st.sampled_from(["script", "style"]))
    body = draw(st.sampled_from(["if (a < b && c > d) x = '</p>';", "p { color: red }", "<b>bold</b>", "&amp; <",
                                 "", "a</scrip", "document.write('<div>')"]))
    end = draw(st.sampled_from([f"</{name}>", f"</{name.upper()}>", f"</{name} >"]))
    return draw(start_tag(name)) + body + end


@st.composite
def text_only(draw) -> str:
    name = draw(st.sampled_from(sorted(search._TEXT_ONLY)))
    return draw(start_tag(name)) + draw(st.sampled_from(["", "A title", "plain words"])) + f"</{name}>"


COMMENT = st.sampled_from(["<!-- note -->", "<!---->", "<!-- <b>not a tag</b> -->", "<!--\nline\n-->",
                           "<!-- a > b -->", "<!-- - -->"])
DECLARATION = st.sampled_from(["<!DOCTYPE html>", "<!doctype html>", "<?xml version='1.0'?>"])
LONE_LT = st.sampled_from(["a < b ", "< ", "1 <2 ", "<< ", "<= ", "<3 ", "<\n"])  # never "<" then a letter, "/", "!", "?"

WELL_FORMED = st.recursive(
    st.one_of(TEXT, void(), raw_text(), text_only(), COMMENT, DECLARATION, LONE_LT),
    lambda children: element(children), max_leaves=25)
PAGE = st.lists(WELL_FORMED, max_size=6).map("".join)


@PROPERTY
@given(PAGE)
@example('<h2 id="intro">Intro<a class="headerlink" href="#intro" title="Link to this section">&para;</a></h2>'
         '<p>Text with <abbr title="Health Insurance">HIPAA</abbr><span class="guide-tip">tip</span>.</p>')
@example('<ol class="guide-questions"><li class="guide-question" id="q-1"><fieldset><legend>Which one?</legend>'
         '<ol class="guide-options"><li>One</li><li>Two</li></ol></fieldset><details><summary>Show answer</summary>'
         '<p>One, because.</p></details></li></ol>')
@example('<li class="guide-question" id="q-2"><p class="guide-prompt">Why?</p><details><summary>Show</summary>'
         'Because &amp; so</details></li>')
@example('<H2 ID="Up">Up</H2><P CLASS="x">a<BR>b<br/>c<img src="x" alt="a > b" />d</P>')
@example("<p>x</p><script>if (a < b) { s = '<h2>no</h2>'; }</script><style>p > a { }</style><p>y</p>")
@example('<span class="x" class="guide-tip">hidden</span><h3 id="a" id="b">last id</h3><span class="a" class>bare</span>')
@example('<p>a<span class="cite" class>shown</span><title class="cite" CLASS>shown too</title>'
         '<iframe class="guide-tip" class></iframe><h2 id="x" id>no anchor</h2></p>')
@example('<h2 id="it&#39;s&amp;&eacute;">It&#39;s</h2><p>&amp&lt;&copy</p>')
@example("<p>a</p><!-- <h2>not a heading</h2> --><p>b < c</p><!DOCTYPE html><?pi?>")
def test_well_formed_pages_take_the_fast_path_and_read_as_the_reference(html_text):
    assert fast_path(html_text) == sections(search.split_sections_htmlparser(html_text))


# --- anything at all: the fast path may decline, the result may not differ -------------------

BROKEN = st.sampled_from([
    "<", "</", "<!", "<!-", "<!--", "<!-->", "<!--->", "<!-- a -- b -->", "<!-- a --!>", "<!-- a --->", "</>",
    "</ p>", "< p>", "<p", "<p class='x", '<p class="x>', "<a b='c'd>", "<a b=c'd>", "<p <b>", "<a\x0bb>",
    "<a\u00a0b=c>", "<![CDATA[x<y]]>", "<!foo>", "<?", "<script>", "<script/>", "<style>a</style",
    "<script><!-- </script> --></script>", "<SCRIPT>x</script >", "</script>", "<plaintext>", "<title/>",
    "<title>a&amp;b</title>", "<textarea><b>x</b></textarea>", "<iframe>x</iframe>", "<xmp><p></xmp>",
    "<a b==c>", "<a b= >", "<a =b>", "<a b/c>", "<br / >", "</p foo>", "</p\t\n>", "<a class=&amp;>",
    "<a id='&ampx'>", "<a id='&amp=x'>", "<a class='&#39'>", "&", "&#", "&#x", "&am", "</h2 class=x>",
    "<h2 id=a\x00b>", "\x00", "\r\n", "<a:b>x</a:b>", "<x-y z>", "<p/>", "<li/>"])


@PROPERTY
@given(st.lists(st.one_of(WELL_FORMED, BROKEN), max_size=8).map("".join))
def test_any_mix_reads_as_the_reference(html_text):
    same_as_reference(html_text)


@PROPERTY
@given(st.text(st.sampled_from(list("<>/!-?&#;=\"' \nabhpilSCRIPTstyle123x")), max_size=60))
def test_character_soup_reads_as_the_reference(html_text):
    same_as_reference(html_text)


@pytest.mark.parametrize("html_text", [
    "<p>a</p><!-- a -- b --><h2>b</h2>",  # "--" inside a comment: parsers differ
    "<p>a<![CDATA[<h2>x</h2>]]>b</p>",
    "<h2>a</h2><script>x",  # unclosed raw text
    "<h2>a</h2><p class='x>b",  # unclosed quote
])
def test_markup_the_tokenizer_cannot_vouch_for_goes_to_htmlparser(html_text):
    with pytest.raises(search._NotPlainHTML):
        fast_path(html_text)
    same_as_reference(html_text)


def test_a_quoted_angle_bracket_is_read_on_the_second_pattern():
    page = '<h2 id="a">A <abbr title="x > y">B</abbr></h2><p title="<h2>">text</p>'
    with pytest.raises(search._NotPlainHTML, match="quote"):
        search._tokenized(page, search._TAG)  # the faster pattern stops at the ">" inside the quotes...
    assert fast_path(page) == sections(search.split_sections_htmlparser(page))  # ...the second one reads it
