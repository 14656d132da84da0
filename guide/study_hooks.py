"""MkDocs hooks: quizzes, progress and flashcards, on the hosted site and in the offline bundle.

Every page gets a few hundred bytes of inline script (`loader`) that records the last page read
and loads, on the start page and the flashcards at once and on a chapter when the reader nears
its quiz, guide/study_assets/study.js with a plain <script> tag
(which works over http and from file://). It follows Material's instant navigation through
Material's documented `document$` observable.

Progress lives in the browser's localStorage only, under one key named after the brand's
short_name and a format version (`storage_key`); no cookie, nothing sent anywhere.
"""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from guide.render import script_json  # noqa: E402

ASSETS = Path(__file__).resolve().parent / "study_assets"
SCRIPT_PATH = "assets/guide/study.js"  # quizzes, chapters read, the start page's panel
CARDS_PATH = "assets/guide/flashcards.js"  # the flashcards page
STORE_VERSION = 1
# Where study.js is needed (the markup guide/render.py writes): the start page's panel at once;
# a chapter's quiz (or, without one, its key points) once the reader comes within a screen of
# it, so a chapter's first view does not carry the quiz code. The flashcards page loads its own.
NEEDS_SCRIPT = "[data-study-home],[data-quiz],.guide-key-points"
NEEDS_CARDS = "[data-flashcards]"


def storage_key(short_name: str) -> str:
    """The one localStorage key of a guide: its brand's short name and the format's version."""
    return f"{short_name}:study:v{STORE_VERSION}"


def loader(short_name: str) -> str:
    config = script_json({"key": storage_key(short_name), "src": SCRIPT_PATH, "cards": CARDS_PATH})
    # The root is made absolute once: instant navigation keeps this script while the page changes.
    # It records the last page (any page but the start page, as a path from the root).
    return (
        "(function(){var C=" + config + ",d=document,b='.',l={};"
        "try{b=JSON.parse(d.getElementById('__config').textContent).base}catch(e){}"
        "C.root=new URL(b+'/',location.href).href;window.guideStudyConfig=C;"
        "function go(n,s){if(window[n])return window[n].enhance();if(l[n])return;l[n]=1;"
        "var e=d.createElement('script');e.src=C.root+s;d.head.appendChild(e)}"
        "function p(){var h=location.href.split(/[?#]/)[0],u=h.slice(C.root.length),t=d.querySelector('h1');"
        "if(u&&u!='index.html'&&!h.indexOf(C.root))try{var s=JSON.parse(localStorage.getItem(C.key)||'{}');"
        "s.last={path:u,title:t?t.textContent.replace(/\\u00b6/g,'').trim():d.title};"
        "localStorage.setItem(C.key,JSON.stringify(s))}catch(e){}"
        "if(d.querySelector('" + NEEDS_CARDS + "'))return go('guideCards',C.cards);"
        "t=d.querySelectorAll('" + NEEDS_SCRIPT + "');if(!t.length)return;"
        "if(window.guideStudy||!window.IntersectionObserver)return go('guideStudy',C.src);"
        "var o=new IntersectionObserver(function(x){if(x.some(function(i){return i.isIntersecting})){o.disconnect();"
        "go('guideStudy',C.src)}},{rootMargin:'100% 0px'});t.forEach(function(e){o.observe(e)})}"
        "window.document$?document$.subscribe(p):p()})();"
    )


def compact(source: str) -> str:
    """Script for the site: whole-line comments, indentation and blank lines dropped. The sources
    (guide/study_assets) keep no strings or regular expressions that span lines, so this is safe."""
    lines = (line.strip() for line in source.split("\n"))
    return "\n".join(line for line in lines if line and not line.startswith("//")) + "\n"


def script(body: str) -> str:
    """A published script: common.js and one body inside one function, compacted."""
    common = (ASSETS / "common.js").read_text(encoding="utf-8")
    return compact(f"(function () {{\n{common}\n{body}\n}})();")


def on_files(files, config):
    files.append(File.generated(config, SCRIPT_PATH, content=script((ASSETS / "study.js").read_text(encoding="utf-8"))))
    files.append(File.generated(config, CARDS_PATH,
                                content=script((ASSETS / "flashcards.js").read_text(encoding="utf-8"))))
    return files


def on_post_page(output, page, config):
    site = config.get("guide_site")
    if site is None:
        raise PluginError("the macros plugin did not load the guide's data; check 'plugins: macros' in mkdocs.yml")
    at = output.rfind("</body>")
    if at == -1:
        raise PluginError(f"study: no </body> in {page.file.src_uri}; the theme's page layout changed")
    return output[:at] + f"<script>{loader(site.brand['short_name'])}</script>" + output[at:]
