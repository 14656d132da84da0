/* The guide's own search, on the hosted site and in the offline bundle (guide/search_hooks.py).
 *
 * Nothing here runs until the reader opens or focuses the header search box: a few lines of
 * inline script in the header then load this file, and this file loads the index
 * (search/search_index.js, which sets window.guideSearchIndex) with a plain <script> tag. No web
 * worker, fetch or XHR, so it works from file:// as well as over http. Every word typed must
 * occur in a section (its heading or its text, table cells included); matches are listed under
 * the header search box, linked from the guide's root, which the inline script made absolute.
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
  var sections = null; // the index, with folded copies of title and text for matching
  var loading = false;

  // Case- and accent-insensitive matching. NFD then dropping the combining marks keeps the
  // length of ordinary text, so positions in the folded text also point into the original.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function termsOf(query) {
    return fold(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function loadIndex() {
    if (sections || loading) return;
    if (window.guideSearchIndex) return prepare();
    loading = true;
    var script = document.createElement("script");
    script.src = root + "search/search_index.js";
    script.onload = function () { prepare(); show(); };
    script.onerror = function () { meta.textContent = "The search index (search/search_index.js) is missing."; };
    document.head.appendChild(script);
  }

  function prepare() {
    sections = window.guideSearchIndex.map(function (s) {
      return { section: s, title: fold(s.title), text: fold(s.text) };
    });
  }

  function count(haystack, term, limit) {
    var n = 0;
    for (var at = haystack.indexOf(term); at !== -1 && n < limit; at = haystack.indexOf(term, at + term.length)) n++;
    return n;
  }

  // Sections holding every term; a term in the heading weighs more than one in the text.
  function find(terms) {
    var found = [];
    sections.forEach(function (s, order) {
      var score = 0;
      for (var i = 0; i < terms.length; i++) {
        var inTitle = count(s.title, terms[i], 1);
        var inText = count(s.text, terms[i], 5);
        if (!inTitle && !inText) return;
        score += 10 * inTitle + inText;
      }
      found.push({ s: s, score: score, order: order });
    });
    return found.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
  }

  // Append `text` to `parent`, with every occurrence of a term wrapped in <mark>.
  function appendMarked(parent, text, terms) {
    var folded = fold(text);
    var at = 0;
    while (at < text.length) {
      var next = -1, length = 0;
      terms.forEach(function (t) {
        var i = folded.indexOf(t, at);
        if (i !== -1 && (next === -1 || i < next || (i === next && t.length > length))) { next = i; length = t.length; }
      });
      if (next === -1) break;
      parent.appendChild(document.createTextNode(text.slice(at, next)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + length);
      parent.appendChild(mark);
      at = next + length;
    }
    parent.appendChild(document.createTextNode(text.slice(at)));
  }

  // A piece of the section's text around the first match.
  function snippet(s, terms) {
    var first = s.text.length;
    terms.forEach(function (t) {
      var i = s.text.indexOf(t);
      if (i !== -1 && i < first) first = i;
    });
    if (first === s.text.length) first = 0; // matched in the heading only
    var text = s.section.text;
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
    url.searchParams.set("h", terms.join(" ")); // the page marks these words (highlightPage)
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
    var terms = termsOf(input.value);
    list.textContent = "";
    if (!terms.length) {
      meta.textContent = "Type to start searching";
      return;
    }
    if (!sections) {
      meta.textContent = "Loading the search index…";
      return loadIndex();
    }
    var hits = find(terms);
    meta.textContent = hits.length === 0 ? "No matching sections"
      : hits.length === 1 ? "1 matching section" : hits.length + " matching sections";
    hits.slice(0, MAX_SHOWN).forEach(function (hit) { list.appendChild(result(hit, terms)); });
  }

  // A page opened from a result (?h=words) marks the words in its text, as Material's
  // search.highlight did; other words, or none, replace earlier marks.
  function highlightPage() {
    var words = new URL(location.href).searchParams.get("h") || "";
    var article = document.querySelector(".md-content article");
    if (!article || (article.getAttribute("data-guide-highlighted") || "") === words) return;
    article.querySelectorAll("mark[data-guide-mark]").forEach(function (m) { m.replaceWith(m.textContent); });
    article.normalize();
    article.setAttribute("data-guide-highlighted", words);
    var terms = termsOf(words);
    if (!terms.length) return;
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    var found = [];
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest("script, style, .headerlink, mark")) continue;
      var folded = fold(node.nodeValue);
      if (terms.some(function (t) { return folded.indexOf(t) !== -1; })) found.push(node);
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
