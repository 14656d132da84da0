// The flashcards page: one card at a time, a chapter filter, shuffle, "know it" / "again" kept
// on the device, and cut-out cards when printed. It rides inside the flashcards page
// (render.flashcards_html); guide/study_loader.py wraps it with common.js (`inline_script`).
// The cards themselves (guide/study.py deck) are a file of their own, loaded when the reader
// presses Start, so the page's first view is the chapter filter, not the whole deck.
var DECK = "assets/guide/deck.js";  // guide/study_loader.py DECK_PATH, from the site's root
// --- flashcards ---------------------------------------------------------------------------
function flashcards(box) {
  var controls = box.querySelector(".guide-deck-controls"), start = controls.querySelector("[data-start]"),
      printAll = controls.querySelector("[data-print-cards]");
  controls.hidden = false;
  box.querySelector(".guide-print-hint").hidden = false;
  function load(then) {
    if (window.guideDeck) return then();
    start.disabled = printAll.disabled = true;
    var s = document.createElement("script");
    s.src = C.root + DECK;
    s.onload = then;
    s.onerror = function () { start.disabled = printAll.disabled = false; };
    document.head.appendChild(s);
  }
  start.addEventListener("click", function () { load(ready); });
  // Printing needs the cards too: load them, then print (the deck's own print button takes over).
  printAll.addEventListener("click", function () { load(function () { ready(); window.print(); }); });
  function ready() {
    if (!start.isConnected) return;
    start.remove();
    printAll.remove();
    var hint = box.querySelector(".guide-print-hint");
    if (hint) hint.remove();
    [].forEach.call(controls.querySelectorAll("[data-after-start]"), function (e) { e.hidden = false; });
    cards(box, controls, window.guideDeck).focus();
  }
}

// The deck, once loaded: returns the card (a button), which takes the focus from Start.
function cards(box, controls, data) {
  var all = [];
  var filter = controls.querySelector("select"), againOnly = controls.querySelector("[data-again-only]");
  [].forEach.call(filter.options, function (o) {
    var points = data.points[o.value] || [];
    points.forEach(function (point, n) {
      all.push({ id: "k-" + o.value + "-" + (n + 1), chapters: [o.value], back: point,
                 front: o.textContent + ": key point " + (n + 1) + " of " + points.length });
    });
  });
  data.terms.forEach(function (t) {
    all.push({ id: "g-" + t[0], front: t[1], back: t[2],
               chapters: t[3].map(function (n) { return filter.options[n + 1].value; }) });
  });
  var status = el("p", "guide-deck-status");
  status.setAttribute("aria-live", "polite");
  var card = el("button", "guide-flashcard");  // not an md-button: it keeps the page's colors when focused
  card.type = "button";
  card.setAttribute("aria-describedby", "guide-flip-hint");
  var hint = el("p", "guide-flip-hint", "Press the card, Enter or Space to flip it.");
  hint.id = "guide-flip-hint";
  var row = el("div", "guide-deck-buttons");
  var prev = button("Previous"), know = button("Know it", "guide-know"), redo = button("Again", "guide-again"),
      next = button("Next"), print = button("Print cards");
  [prev, know, redo, next, print].forEach(function (b) { row.appendChild(b); });
  [status, card, hint, row].forEach(function (e) { box.appendChild(e); });
  var deck = [], at = 0, back = false;

  function marks() { return part(load(), "cards"); }
  function order() {
    var s = load(), ids = Array.isArray(s.shuffle) ? s.shuffle : null;
    if (!ids) return all.slice();
    var rank = {};
    ids.forEach(function (id, n) { rank[id] = n; });
    return all.slice().sort(function (a, b) {
      return (a.id in rank ? rank[a.id] : 1e9) - (b.id in rank ? rank[b.id] : 1e9);
    });
  }
  function choose() {
    var chapter = filter.value, m = marks();
    deck = order().filter(function (c) {
      return (!chapter || c.chapters.indexOf(chapter) !== -1) && (!againOnly.checked || m[c.id] === "again");
    });
    at = Math.min(at, Math.max(deck.length - 1, 0));
    back = false;
    draw();
  }
  function draw() {
    var c = deck[at];
    [prev, know, redo, next, card].forEach(function (b) { b.disabled = !c; });
    if (!c) {
      card.textContent = "No cards match.";
      status.textContent = "0 cards";
      return;
    }
    var mark = marks()[c.id];
    card.textContent = "";
    card.appendChild(el("span", "guide-flashcard-side", back ? "Back" : "Front"));
    card.appendChild(el("span", "guide-flashcard-text", back ? c.back : c.front));
    card.classList.toggle("guide-flashcard--back", back);
    status.textContent = "Card " + (at + 1) + " of " + deck.length +
      (mark === "know" ? " (you know it)" : mark === "again" ? " (marked again)" : "");
    prev.disabled = at === 0;
    next.disabled = at >= deck.length - 1;
  }
  function mark(value) {
    var c = deck[at];
    if (!c) return;
    update(function (s) { part(s, "cards")[c.id] = value; });
    if (at < deck.length - 1) { at++; back = false; }
    if (againOnly.checked) choose(); else draw();
  }
  card.addEventListener("click", function () { back = !back; draw(); });
  prev.addEventListener("click", function () { if (at > 0) { at--; back = false; draw(); } });
  next.addEventListener("click", function () { if (at < deck.length - 1) { at++; back = false; draw(); } });
  know.addEventListener("click", function () { mark("know"); });
  redo.addEventListener("click", function () { mark("again"); });
  filter.addEventListener("change", function () { at = 0; choose(); });
  againOnly.addEventListener("change", function () { at = 0; choose(); });
  controls.querySelector("[data-shuffle]").addEventListener("click", function () {
    var ids = all.map(function (c) { return c.id; });
    for (var i = ids.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1)), t = ids[i];
      ids[i] = ids[j];
      ids[j] = t;
    }
    update(function (s) { s.shuffle = ids; });
    at = 0;
    choose();
  });
  print.addEventListener("click", function () { window.print(); });

  // Printing: every card of the chosen chapter, front and back side by side, to cut out and fold.
  var sheet = null;
  window.addEventListener("beforeprint", function () {
    if (sheet || !box.isConnected) return;
    sheet = el("div", "guide-print-deck");
    deck.forEach(function (c) {
      var one = el("div", "guide-print-card");
      one.appendChild(el("p", "guide-print-front", c.front));
      one.appendChild(el("p", "guide-print-back", c.back));
      sheet.appendChild(one);
    });
    box.appendChild(sheet);
  });
  window.addEventListener("afterprint", function () { if (sheet) { sheet.remove(); sheet = null; } });
  choose();
  return card;
}

run(function () {
  var box = document.querySelector("[data-flashcards]:not([data-enhanced])");
  if (box) { box.setAttribute("data-enhanced", ""); flashcards(box); }
});
