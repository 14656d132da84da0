"""The one owner of a build's state: the checked data, the problems pages report, what the search
index and the macros gather while pages render.

MkDocs runs the macros plugin (macros.py) and the guide's hooks (guide/hooks.py) as separate
plugins. Both call `of(config)`: whichever runs first loads and checks the data, so nothing
depends on the order MkDocs runs them in, and no value travels through config keys. A new config
(every `make serve` rebuild reads one) starts a new state.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from guide.data import DataErrors, Problem
from guide.site import Site, load_site

# mkdocs-offline.yml sets `extra: {guide_flavour: offline}`; everything else it inherits.
FLAVOUR_KEY = "guide_flavour"
OFFLINE = "offline"


@dataclass
class BuildState:
    site: Site
    offline: bool
    problems: list[Problem] = field(default_factory=list)
    # Filled as pages render, read after the last one (guide/search.py writes the index from them).
    search_sections: dict[str, list[dict]] = field(default_factory=dict)  # page src_uri -> sections
    nav_order: list[str] = field(default_factory=list)
    flashcard_deck: dict | None = None  # guide.study.deck, for assets/guide/deck.js (guide/study_loader.py)
    macros: Any = None  # guide.rendering.Pages, made by macros.py for this build

    def report(self, problem: Problem) -> None:
        """Record a problem once (the printable page meets each chapter's problems a second time)."""
        if problem not in self.problems:
            self.problems.append(problem)


_current: tuple[Any, BuildState] | None = None


def of(config) -> BuildState:
    """The state of the build `config` belongs to, made on first use."""
    global _current
    if _current is None or _current[0] is not config:
        try:
            site = load_site(Path(config.config_file_path).resolve().parent)
        except DataErrors as exc:
            raise PluginError(str(exc)) from None
        offline = (config.get("extra") or {}).get(FLAVOUR_KEY) == OFFLINE
        _current = (config, BuildState(site, offline))
    return _current[1]
