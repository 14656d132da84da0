"""Quizzes, progress and flashcards on every page, on the hosted site and in the offline bundle.

Every page gets about a kilobyte of inline script (`loader`) that records the last page read,
runs the start page's and the flashcards' own inline scripts, and loads
guide/study_assets/study.js (quizzes, chapters read) with a plain <script> tag when the reader
nears a chapter's quiz (which works over http and from file://). It follows Material's instant navigation through
Material's documented `document$` observable.

The loader also gives citation markers their previews (sources.js, loaded when the pointer or
focus first reaches a marker) and lets Escape hide a tooltip or preview (WCAG 1.4.13).

Progress lives in the browser's localStorage only, under one key named after the brand's
short_name and a format version (`storage_key`); no cookie, nothing sent anywhere.
"""
from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from guide.render import deck_script, script_json, sources_script
from guide.study import script

SCRIPT_PATH = "assets/guide/study.js"  # quizzes, chapters read, the start page's panel
STORE_VERSION = 1
# Where study.js is needed (the markup guide/render.py writes): a chapter's quiz (or, without
# one, its key points), loaded once the reader comes within a screen of it, so a chapter's first
# view does not carry the quiz code. The start page's panel and the flashcards carry their own
# small scripts inline (home.js, flashcards.js), which the loader runs on every page it sees.
NEEDS_SCRIPT = "[data-quiz],.guide-key-points"
# Each source's preview (title, publisher) by id, for the citation markers (render.Links.citation).
SOURCES_PATH = "assets/guide/sources.js"
# The flashcard deck, loaded by the flashcards page's script when the reader presses Start
# (guide/study_assets/flashcards.js names this path too).
DECK_PATH = "assets/guide/deck.js"
# The tooltips and previews shown now: a term hovered or focused, a marker hovered or focused.
SHOWN_TIPS = ".guide-term:hover,.guide-term:focus-within,.cite:hover,.cite:focus"


def storage_key(short_name: str) -> str:
    """The one localStorage key of a guide: its brand's short name and the format's version."""
    return f"{short_name}:study:v{STORE_VERSION}"


def loader(short_name: str) -> str:
    config = script_json({"key": storage_key(short_name), "src": SCRIPT_PATH})
    # The root is made absolute once: instant navigation keeps this script while the page changes.
    # It records the last page (any page but the start page, as a path from the root), runs the
    # page's inline study scripts, and loads study.js once a NEEDS_SCRIPT element is near.
    return (
        "(function(){var C=" + config + ",d=document,w=window,b='.',l,P;"
        "try{b=JSON.parse(d.getElementById('__config').textContent).base}catch(e){}"
        "C.root=new URL(b+'/',location.href).href;w.guideStudyConfig=C;"
        "function j(s,f){var e=d.createElement('script');e.src=C.root+s;e.onload=f;d.head.appendChild(e)}"
        "function g(){if(w.guideStudy)return guideStudy.enhance();if(!l){l=1;j(C.src)}}"
        "function p(){var u=location.href.split(/[?#]/)[0].slice(C.root.length),t=d.querySelector('h1'),s,o;"
        "if(!/^(index\\.html)?$/.test(u))try{s=JSON.parse(localStorage[C.key]||'{}');"
        "s.last={path:u,title:t?t.textContent.replace('\\u00b6','').trim():d.title};"
        "localStorage[C.key]=JSON.stringify(s)}catch(e){}"
        "(w.guideStudyRun||[]).forEach(function(f){f()});"
        "o=w.IntersectionObserver&&!w.guideStudy&&new IntersectionObserver(function(x){"
        "x.some(function(i){return i.isIntersecting})&&(o.disconnect(),g())},{rootMargin:'100% 0px'});"
        "d.querySelectorAll('" + NEEDS_SCRIPT + "').forEach(function(e){o?o.observe(e):g()})}"
        # A citation marker's preview (title, publisher): sources.js is loaded the first time the
        # pointer or focus reaches a marker, so no page carries the previews of its markers.
        "function v(e){var a=e.target.closest&&e.target.closest('a.cite'),m=w.guideSources;"
        "if(a&&!a.hasAttribute('data-source-preview'))if(m)(m=m[a.hash.slice(5)])&&a.setAttribute('data-source-preview',m);"
        "else P||(P=1,j('" + SOURCES_PATH + "',function(){v(e)}))}"
        # Escape hides the tooltip or preview shown, without moving pointer or focus (WCAG 1.4.13),
        # until both have left it (guide.css: .guide-tip-off).
        "function k(e){var x=e.key=='Escape';d.querySelectorAll(x?'" + SHOWN_TIPS + "':"
        "'.guide-tip-off:not(:hover):not(:focus-within)').forEach(function(t){t.classList.toggle('guide-tip-off',x)})}"
        "['keydown','focusin','mouseover'].forEach(function(n){d.addEventListener(n,function(e){k(e);n!='keydown'&&v(e)})});"
        "w.document$?document$.subscribe(p):p()})();"
    )


def add_files(files, config, site) -> None:
    files.append(File.generated(config, SCRIPT_PATH, content=script("study.js")))
    files.append(File.generated(config, SOURCES_PATH, content=sources_script(site.source_previews)))


def add_deck(files, config, deck: dict | None) -> None:
    """The flashcard deck, once the flashcards page has rendered it (BuildState.flashcard_deck)."""
    if deck is not None:
        files.append(File.generated(config, DECK_PATH, content=deck_script(deck)))


def add_loader(output: str, page, short_name: str) -> str:
    at = output.rfind("</body>")
    if at == -1:
        raise PluginError(f"study: no </body> in {page.file.src_uri}; the theme's page layout changed")
    return output[:at] + f"<script>{loader(short_name)}</script>" + output[at:]
