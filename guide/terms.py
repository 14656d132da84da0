"""Glossary tooltips: the one place that finds glossary terms and marks them on a page.

Every page gets its tooltips in one pass over its finished HTML (`mark_page`), so prose, tables,
key points and questions follow one rule: a term's first occurrence on the page becomes

    <span class="guide-term"><abbr tabindex="0" aria-describedby="tip-ID">term</abbr><span
      class="guide-tip" role="tooltip" id="tip-ID">term: definition <a href="…glossary/#term-ID">…</a></span></span>

The abbr is focusable, so keyboard and touch reach it; guide.css shows the tooltip beside the term
on hover and focus (Escape hides it: the study loader), and the link in it leads to the term's
glossary entry. Later occurrences stay plain text. The tooltip text is escaped here, once; nothing
of the glossary goes through Markdown.

Terms match whole words in any case; abbreviations match as written (case matters). Candidates
come from one regular-expression scan for the words that can start a term, shared as a trie, so
the cost grows with the page, not with the number of terms times the page.
"""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from . import render

# A word, or words joined by colons as in "1:1".
WORD = re.compile(r"[A-Za-z0-9]+(?::[A-Za-z0-9]+)*")
# Inside these no tooltip is added: code, links, existing tooltips, headings (they feed the table
# of contents), form controls and their labels, and anything marked data-no-terms (the glossary).
SKIP = {"a", "abbr", "code", "pre", "kbd", "script", "style", "textarea", "select", "option", "button", "label",
        "summary", "h1", "h2", "h3", "h4", "h5", "h6", "svg", "title", "template"}
# A comment, or anything from < to > (group 2 is the name when that is a tag).
TOKEN = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9-]*)([^>]*)>|<[^>]*>", re.S)


def start_words_pattern(words, flags: int = re.IGNORECASE) -> re.Pattern:
    """One regular expression for the words that can start a term, whole words in any case.

    The words share their prefixes as a trie (a(?:bc|de)|x...): at each place in a text the regular
    expression engine follows one letter at a time instead of trying every word in turn, so a scan
    costs about the same with 100 terms as with 5,000.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def alternation(node: dict) -> str:
        # Longer continuations before the end of a word; the lookahead after the pattern makes only
        # a whole word (up to a character that is no letter, digit or colon) match anyway.
        ends = "" in node
        branches = [re.escape(ch) + alternation(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
        return body + "?" if ends else body

    if not trie:
        return re.compile(r"(?!)")
    return re.compile(r"(?<![A-Za-z0-9&#_])" + alternation(trie) + r"(?![A-Za-z0-9:])", flags)


# The only characters besides ASCII that a case-insensitive pattern matches to ASCII letters
# (dotted and dotless i, long s, the Kelvin sign; tests/test_render.py checks the list). Text
# without them can be lower-cased and scanned case-sensitively, which finds the same words at
# the same places about twice as fast.
CASE_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")


@dataclass
class Glossary:
    exact: dict[str, str] = field(default_factory=dict)  # abbreviation as written -> tooltip
    folded: dict[str, str] = field(default_factory=dict)  # term, case-folded -> tooltip
    starts: dict[str, int] = field(default_factory=dict)  # a term's first word, case-folded -> most words
    ids: dict[str, str] = field(default_factory=dict)  # tooltip -> the record's id (its glossary anchor)
    _start_re: re.Pattern | None = None
    _lower_start_re: re.Pattern | None = None

    @classmethod
    def from_records(cls, glossary) -> Glossary:
        g = cls()
        for record in glossary:
            tip = f"{record['term']}: {record['definition']}"
            g.ids.setdefault(tip, record.id if hasattr(record, "id") else record.get("id"))
            names = [" ".join(record["term"].split())]
            g.folded.setdefault(names[0].casefold(), tip)
            if record.get("abbr"):
                g.exact[record["abbr"]] = tip
                names.append(record["abbr"])
            for name in names:
                words = WORD.findall(name)
                if words:
                    first = words[0].casefold()
                    g.starts[first] = max(g.starts.get(first, 0), len(words))
        return g

    def matches(self, text: str, candidates=None):
        """(start, end, tooltip) for each term in text (HTML-escaped text), longest first, in one pass.
        `candidates`: (place, first word case-folded) where terms may start, if already found."""
        if candidates is None:
            candidates = ((m.start(), m.group(0).casefold()) for m in self._candidates(text))
        done = 0  # end of the last term found: candidates before it are inside that term
        for start, first in candidates:
            if start < done:
                continue
            words = list(itertools.islice(WORD.finditer(text, start), self.starts[first]))
            for word in reversed(words):
                end = word.end()
                if end < len(text) and (text[end].isalnum() or text[end] == "_"):
                    continue
                phrase = " ".join(text[start:end].split())
                tip = self.exact.get(phrase, self.folded.get(phrase.casefold()))
                if tip is not None:
                    yield start, end, tip
                    done = end
                    break

    def _candidates(self, text: str):
        """Where a term may start: its first word, whole, in any case."""
        if self._start_re is None:
            self._start_re = start_words_pattern(self.starts)
            self._lower_start_re = start_words_pattern(self.starts, flags=0)  # the words are case-folded
        lowered = text.lower()
        if len(lowered) == len(text) and not CASE_TRAPS.search(text):
            return self._lower_start_re.finditer(lowered)
        return self._start_re.finditer(text)

    def find(self, text: str) -> dict[str, str]:
        """The terms in text, as written there, each with its tooltip."""
        return {text[a:b]: tip for a, b, tip in self.matches(text)}

    def tooltip(self, shown: str, tip: str, glossary_url: str | None) -> str:
        """The term as written (already escaped), focusable, with its tooltip and glossary link."""
        rid = self.ids.get(tip)
        if not rid:
            return f'<abbr title="{render.attr(tip)}" tabindex="0">{shown}</abbr>'
        tip_id = render.attr(f"tip-{rid}")
        entry = (f' <a href="{render.attr(f"{glossary_url}#term-{rid}")}">In the glossary</a>'
                 if glossary_url is not None else "")
        return (f'<span class="guide-term"><abbr tabindex="0" aria-describedby="{tip_id}">{shown}</abbr>'
                f'<span class="guide-tip" role="tooltip" id="{tip_id}">{render.text(tip)}{entry}</span></span>')

    def mark_text(self, escaped: str, seen: set[str], glossary_url: str | None = None, candidates=None) -> str:
        """Wrap the first occurrence (per `seen`) of each term in escaped text with its tooltip."""
        out, last = [], 0
        for a, b, tip in self.matches(escaped, candidates):
            if tip in seen:
                continue
            seen.add(tip)
            out += [escaped[last:a], self.tooltip(escaped[a:b], tip, glossary_url)]
            last = b
        out.append(escaped[last:])
        return "".join(out)

    def mark_page(self, html_text: str, glossary_url: str | None = None) -> str:
        """Tooltips for a page's finished HTML: the first occurrence of each term, outside SKIP.
        `glossary_url` leads from the page to the glossary page (None: no link in the tooltips)."""
        segments: list[tuple[int, int]] = []  # the stretches of text between tags, outside SKIP
        skipping, depth = None, 0
        last = 0  # the end of the last tag or comment
        for m in TOKEN.finditer(html_text):
            if not skipping and last < m.start():
                segments.append((last, m.start()))
            last = m.end()
            name = m.group(2)
            if name is None or m.group(3).rstrip().endswith("/"):
                continue  # a comment, no tag, or self-closing
            if skipping:
                if name.lower() == skipping:
                    depth += -1 if m.group(1) else 1
                    if depth == 0:
                        skipping = None
            elif not m.group(1) and (name.lower() in SKIP or "data-no-terms" in m.group(3)):
                skipping, depth = name.lower(), 1
        if not skipping and last < len(html_text):
            segments.append((last, len(html_text)))

        # Where terms may start, from one scan of all the stretches joined by newlines: a word never
        # spans a newline, so each stretch has the candidates it would have alone, and the many
        # stretches without one are left as they are.
        offsets, at = [], 0
        for a, b in segments:
            offsets.append(at)
            at += b - a + 1
        found: dict[int, list[tuple[int, str]]] = {}
        joined = "\n".join(html_text[a:b] for a, b in segments)
        for m in self._candidates(joined):
            i = bisect.bisect_right(offsets, m.start()) - 1
            found.setdefault(i, []).append((m.start() - offsets[i], m.group(0).casefold()))

        seen: set[str] = set()
        out: list[str] = []
        copied = 0  # html_text[:copied] is in out
        for i in sorted(found):
            a, b = segments[i]
            marked = self.mark_text(html_text[a:b], seen, glossary_url, found[i])
            if len(marked) != b - a:
                out += [html_text[copied:a], marked]
                copied = b
        out.append(html_text[copied:])
        return "".join(out)
