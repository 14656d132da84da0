"""MkDocs hooks: quizzes, progress and flashcards, on the hosted site and in the offline bundle.

Every page gets a few hundred bytes of inline script (`LOADER`) that remembers the last page the
reader opened and, only on a page with a quiz, the start page's study panel, a chapter's
reading line or the flashcards, loads guide/study_assets/study.js with a plain <script> tag
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
SCRIPT_PATH = "assets/guide/study.js"
STORE_VERSION = 1
# What makes a page need study.js (the markup guide/render.py writes).
NEEDS_SCRIPT = "[data-quiz],[data-study-home],[data-flashcards],.guide-chapter-meta"


def storage_key(short_name: str) -> str:
    """The one localStorage key of a guide: its brand's short name and the format's version."""
    return f"{short_name}:study:v{STORE_VERSION}"


def loader(short_name: str) -> str:
    config = script_json({"key": storage_key(short_name), "src": SCRIPT_PATH, "needs": NEEDS_SCRIPT})
    # The root is made absolute once: instant navigation keeps this script while the page changes.
    return (
        "(function(){var C=" + config + ";try{var b=JSON.parse(document.getElementById('__config').textContent).base"
        "}catch(e){b='.'}C.root=new URL(b.replace(/\\/?$/,'/'),location.href).href;window.guideStudyConfig=C;"
        "var l=0;function page(){var p=location.href.split(/[?#]/)[0],h=document.querySelector('.md-content h1');"
        "if(p.indexOf(C.root)===0&&!/^(index\\.html)?$/.test(p.slice(C.root.length)))try{"
        "var s=JSON.parse(localStorage.getItem(C.key)||'{}');s.last={path:p.slice(C.root.length),"
        "title:h?h.textContent.replace(/\\u00b6/g,'').trim():document.title};localStorage.setItem(C.key,JSON.stringify(s))"
        "}catch(e){}if(!document.querySelector(C.needs))return;if(window.guideStudy)return window.guideStudy.enhance();"
        "if(l)return;l=1;var e=document.createElement('script');e.src=C.root+C.src;document.head.appendChild(e)}"
        "if(window.document$)window.document$.subscribe(page);else page()})();"
    )


def on_files(files, config):
    files.append(File.generated(config, SCRIPT_PATH, abs_src_path=str(ASSETS / "study.js")))
    return files


def on_post_page(output, page, config):
    site = config.get("guide_site")
    if site is None:
        raise PluginError("the macros plugin did not load the guide's data; check 'plugins: macros' in mkdocs.yml")
    at = output.rfind("</body>")
    if at == -1:
        raise PluginError(f"study: no </body> in {page.file.src_uri}; the theme's page layout changed")
    return output[:at] + f"<script>{loader(site.brand['short_name'])}</script>" + output[at:]
