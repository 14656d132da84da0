/* The guide's own search, on the hosted site and in the offline bundle (guide/search.py).
 *
 * Nothing here runs until the reader opens or focuses the header search box: a few lines of
 * inline script in the header then load this file, and this file loads the index
 * (search/search_index.js, which sets window.guideSearchIndex and window.guideSearchTerms) with a
 * plain <script> tag. No web worker, fetch or XHR, so it works from file:// as well as over http.
 * MiniSearch (bundled in front of this file at build time) ranks the sections; this file decides
 * what a word matches: its Snowball stem (from the build), its US spelling, the synonyms of
 * data/synonyms.yml, a prefix and one typo. Every word typed must occur in a section (else some
 * of them); matches are listed under the header search box, linked from the guide's root, which
 * the inline script made absolute.
 */
(function () {
  "use strict";

  var box = document.querySelector("[data-guide-search]");
  if (!box) return;
  var root = box.getAttribute("data-guide-root"); // the guide's top folder, as an absolute URL
  var toggle = document.getElementById("__search"); // Material's checkbox that opens the search panel
  var form = box.querySelector("form");
  var input = box.querySelector("input");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var MAX_SHOWN = 25;
  var SNIPPET_BEFORE = 60;
  var SNIPPET_AFTER = 160;
  var engine = null; // MiniSearch over the index, built on first use
  var sections = null; // the index, by MiniSearch id
  var stems = {}; // word -> stem (Snowball English, computed at build time)
  var synonyms = {}; // word -> words also looked for (data/synonyms.yml)
  var known = new Set(); // every word and stem of the index
  var abbreviations = new Set(); // the glossary's abbreviations, folded
  var loading = false;
  var WORD = /[\p{L}\p{N}]+/gu;
  var HYPHENATED = /[\p{L}\p{N}]+(?:[-\u2010\u2011][\p{L}\p{N}]+)+/gu;

  // Case- and accent-insensitive matching. NFD then dropping the combining marks keeps the
  // length of ordinary text, so positions in the folded text also point into the original.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // The words of a text, and each hyphenated word joined as well (as guide/search.py does).
  function wordsOf(text) {
    var folded = fold(text);
    var words = folded.match(WORD) || [];
    (folded.match(HYPHENATED) || []).forEach(function (w) { words.push(w.replace(/[-\u2010\u2011]/g, "")); });
    return words;
  }

  function stemOf(word) {
    return Object.prototype.hasOwnProperty.call(stems, word) ? stems[word] : word;
  }

  // A query word the guide never uses: try it in US spelling, then without a common ending.
  var SPELLINGS = [[/our(s?|ed|ing)$/, "or$1"], [/our/, "or"], [/is(e|ed|es|ing|ation|ations)$/, "iz$1"],
    [/ys(e|ed|es|ing)$/, "yz$1"], [/tre(s?)$/, "ter$1"], [/ence(s?)$/, "ense$1"], [/ogue(s?)$/, "og$1"],
    [/ll(ed|ing|or|ors)$/, "l$1"], [/ae/, "e"], [/oe/, "e"], [/mme(s?)$/, "m$1"]];
  var ENDINGS = /(?:ations?|ings?|ments?|ness|ers?|ed|ies|es|s|ure)$/;

  function variantsOf(word) {
    if (known.has(word)) return { terms: [stemOf(word)], exact: true };
    for (var i = 0; i < SPELLINGS.length; i++) {
      var us = word.replace(SPELLINGS[i][0], SPELLINGS[i][1]);
      if (us !== word && known.has(us)) return { terms: [stemOf(us)], exact: true };
    }
    var bare = word.replace(ENDINGS, "");
    return { terms: bare.length >= 4 && bare !== word ? [word, bare] : [word], exact: false };
  }

  function loadIndex() {
    if (engine || loading) return;
    if (window.guideSearchIndex) return prepare();
    loading = true;
    var script = document.createElement("script");
    script.src = root + "search/search_index.js";
    script.onload = function () { prepare(); show(); };
    script.onerror = function () { meta.textContent = "The search index (search/search_index.js) is missing."; };
    document.head.appendChild(script);
  }

  function prepare() {
    var terms = window.guideSearchTerms || {};
    stems = terms.stems || {};
    synonyms = terms.synonyms || {};
    abbreviations = new Set(terms.abbreviations || []);
    sections = window.guideSearchIndex.map(function (s, id) { return { id: id, section: s }; });
    engine = new window.MiniSearch({
      fields: ["title", "page", "text"],
      extractField: function (doc, field) { return field === "id" ? doc.id : doc.section[field]; },
      tokenize: wordsOf,
      // Each word is indexed by its stem and as written, so a typo can still reach a long word.
      processTerm: function (word) {
        known.add(word);
        var stem = stemOf(word);
        known.add(stem);
        return stem === word ? word : [stem, word];
      },
      searchOptions: { boost: { title: 4, page: 1.5, text: 1 } }
    });
    engine.addAll(sections);
  }

  // One query word -> a MiniSearch sub-query: its stem (or US spelling), its synonyms, a prefix
  // from three letters on and one typo from five. One- and two-letter words count only as typed.
  function wordQuery(word, alone) {
    if (word.length <= 2) {
      // A short word counts only as written, and only alone or as a known abbreviation ("RN").
      return known.has(word) && (alone || abbreviations.has(word)) ? { queries: [word], combineWith: "OR" } : null;
    }
    var found = variantsOf(word);
    var terms = found.terms.slice();
    (synonyms[word] || []).forEach(function (alt) {
      var parts = wordsOf(alt);
      var joined = parts.length > 1 ? parts[parts.length - 1] : parts[0];
      if (joined) terms.push(stemOf(joined));
    });
    return {
      queries: terms.filter(function (t, i) { return terms.indexOf(t) === i; }),
      combineWith: "OR",
      prefix: function (term) { return term.length >= 3; },
      fuzzy: function (term) { return !found.exact && term.length >= 5 ? 1 : 0; }
    };
  }

  var IDENTITY = { tokenize: function (t) { return [t]; }, processTerm: function (t) { return t; } };

  // Sections with every query word (else with any of them), best first: MiniSearch's BM25, a word
  // in a heading counting four times one in the text.
  function find(query) {
    var queries = [];
    var words = wordsOf(query);
    var alone = words.every(function (w) { return w.length <= 2; });
    words.forEach(function (w) {
      var q = wordQuery(w, alone);
      if (q) queries.push(Object.assign(q, IDENTITY));
    });
    if (!queries.length) return { hits: [], all: true };
    var options = Object.assign({ boost: { title: 4, page: 1.5, text: 1 } }, IDENTITY);
    var hits = engine.search(Object.assign({ combineWith: "AND", queries: queries }, options));
    var all = true;
    if (!hits.length && queries.length > 1) {
      hits = engine.search(Object.assign({ combineWith: "OR", queries: queries }, options));
      all = false;
    }
    return {
      all: all,
      hits: hits.map(function (h) {
        return { s: sections[h.id], terms: Object.keys(h.match) };
      })
    };
  }

  // Does this word of the text stand for one of the matched index terms (stems)?
  function matches(word, terms) {
    var folded = fold(word);
    var stem = stemOf(folded);
    return terms.some(function (t) { return stem === t || folded.indexOf(t) === 0; });
  }

  // Append `text` to `parent`, with every word that matched wrapped in <mark>.
  function appendMarked(parent, text, terms) {
    var at = 0;
    var re = /[\p{L}\p{N}]+/gu;
    for (var m = re.exec(text); m; m = re.exec(text)) {
      if (!matches(m[0], terms)) continue;
      parent.appendChild(document.createTextNode(text.slice(at, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      parent.appendChild(mark);
      at = m.index + m[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(at)));
  }

  // A piece of the section's text around the first match.
  function snippet(s, terms) {
    var text = s.section.text;
    var first = 0;
    var re = /[\p{L}\p{N}]+/gu;
    for (var m = re.exec(text); m; m = re.exec(text)) {
      if (matches(m[0], terms)) { first = m.index; break; }
    }
    var start = Math.max(0, first - SNIPPET_BEFORE);
    var end = Math.min(text.length, first + SNIPPET_AFTER);
    if (start > 0) start = text.indexOf(" ", start) + 1 || start;
    if (end < text.length) end = text.lastIndexOf(" ", end) > first ? text.lastIndexOf(" ", end) : end;
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  function result(hit, terms) {
    var s = hit.s.section;
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    var url = new URL(root + s.location);
    url.searchParams.set("h", terms.join(" ")); // the page marks words with these stems (highlightPage)
    link.href = url.href;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var heading = document.createElement("h1");
    appendMarked(heading, s.title, terms);
    article.appendChild(heading);
    if (s.page && s.page !== s.title) {
      var page = document.createElement("p");
      page.className = "guide-search-page";
      page.textContent = s.page;
      article.appendChild(page);
    }
    var text = document.createElement("p");
    appendMarked(text, snippet(hit.s, terms), terms);
    article.appendChild(text);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  function show() {
    list.textContent = "";
    if (!wordsOf(input.value).length) {
      meta.textContent = "Type to start searching";
      return;
    }
    if (!engine) {
      meta.textContent = "Loading the search index…";
      return loadIndex();
    }
    var found = find(input.value);
    var hits = found.hits;
    var n = hits.length;
    meta.textContent = n === 0 ? "No matching sections"
      : (n === 1 ? "1 matching section" : n + " matching sections") + (found.all ? "" : " (with some of the words)");
    hits.slice(0, MAX_SHOWN).forEach(function (hit) { list.appendChild(result(hit, hit.terms)); });
  }

  // For tests and readers' tools: the locations of the sections a query finds, best first.
  window.guideSearch = function (query) {
    if (!engine) prepare();
    return find(query).hits.map(function (hit) { return hit.s.section.location; });
  };

  // A page opened from a result (?h=words) marks the words in its text, as Material's
  // search.highlight did; other words, or none, replace earlier marks.
  function highlightPage() {
    var words = new URL(location.href).searchParams.get("h") || "";
    var article = document.querySelector(".md-content article");
    if (!article || (article.getAttribute("data-guide-highlighted") || "") === words) return;
    article.querySelectorAll("mark[data-guide-mark]").forEach(function (m) { m.replaceWith(m.textContent); });
    article.normalize();
    article.setAttribute("data-guide-highlighted", words);
    var terms = words.split(/\s+/).filter(Boolean);
    if (!terms.length) return;
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    var found = [];
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest("script, style, .headerlink, mark")) continue;
      if ((node.nodeValue.match(WORD) || []).some(function (w) { return matches(w, terms); })) found.push(node);
    }
    found.forEach(function (node) {
      var marked = document.createDocumentFragment();
      appendMarked(marked, node.nodeValue, terms);
      marked.querySelectorAll("mark").forEach(function (m) { m.setAttribute("data-guide-mark", ""); });
      node.parentNode.replaceChild(marked, node);
    });
  }

  function open() {
    toggle.checked = true;
    loadIndex();
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", function () {
    toggle.checked = true; // Material closes the panel on navigation; typing reopens it
    show();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) first.click();
  });
  form.addEventListener("reset", function () { setTimeout(show); });
  // Material's header button (and the back arrow) flip the checkbox: focus the box when it opens.
  // Material also closes the panel 125 ms after every navigation; a reader already typing in
  // the box by then (instant navigation is quick) keeps it open.
  toggle.addEventListener("change", function () {
    if (toggle.checked) setTimeout(function () { input.focus(); }, 50);
    else if (document.activeElement === input) toggle.checked = true;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) close();
  });
  // A result on the current page only moves to an anchor: close the panel so it shows.
  list.addEventListener("click", function (event) {
    if (event.target.closest("a")) toggle.checked = false;
  });

  // This file arrives after the reader opened or focused the box (the listeners above missed
  // that event), and they may have typed already.
  if (toggle.checked || document.activeElement === input) {
    open();
    if (document.activeElement !== input) input.focus();
  }
  if (input.value) show();
  highlightPage();
  // Instant navigation swaps the article without reloading this script: Material announces each
  // new document on window.document$, and each new address on window.location$, which alone
  // changes when a result is on the page already shown.
  if (window.document$ && window.location$) {
    var shownPath = location.pathname;
    window.document$.subscribe(function () {
      shownPath = location.pathname;
      highlightPage();
    });
    window.location$.subscribe(function (url) {
      if (url.pathname === shownPath) highlightPage();
    });
  }
})();
