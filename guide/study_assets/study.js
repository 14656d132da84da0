// The guide's study tools: quizzes, chapters read, the start page's progress and flashcards.
// Loaded by the inline loader of guide/study_hooks.py only on pages that use it; works over http
// and from file://. Everything is kept in this browser's localStorage under one key
// (window.guideStudyConfig.key); nothing is sent anywhere and no cookie is set.
(function () {
  "use strict";
  var C = window.guideStudyConfig;
  var observer = null;

  function load() {
    try {
      var s = JSON.parse(localStorage.getItem(C.key) || "{}");
      return s && typeof s === "object" ? s : {};
    } catch (e) {
      return {};
    }
  }
  function save(s) {
    try { localStorage.setItem(C.key, JSON.stringify(s)); } catch (e) { /* storage off or full: keep going */ }
  }
  function update(fn) { var s = load(); fn(s); save(s); return s; }
  function part(s, name) { if (!s[name] || typeof s[name] !== "object") s[name] = {}; return s[name]; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function button(text, cls) {
    var b = el("button", "md-button" + (cls ? " " + cls : ""), text);
    b.type = "button";
    return b;
  }

  // --- quizzes ------------------------------------------------------------------------------
  function quiz(box) {
    var chapter = box.getAttribute("data-quiz");
    var items = [].slice.call(box.querySelectorAll("li.guide-question")).filter(function (li) {
      return li.querySelector(".guide-question > fieldset");
    });
    if (!items.length) return;
    var score = el("div", "guide-score");
    var status = el("p", "guide-score-text");
    status.setAttribute("role", "status");
    var again = button("Try again", "guide-try-again");
    again.hidden = true;
    score.appendChild(status);
    score.appendChild(again);
    box.appendChild(score);
    var questions = items.map(function (li) {
      var fs = li.querySelector(".guide-question > fieldset");
      // A native radio button in each option, named after the question (one group per question).
      var inputs = [].map.call(fs.querySelectorAll(".guide-options > li"), function (option, n) {
        var label = el("label"), input = el("input");
        input.type = "radio";
        input.name = li.id;
        input.value = String.fromCharCode(97 + n);
        label.appendChild(input);
        while (option.firstChild) label.appendChild(option.firstChild);
        option.appendChild(label);
        return input;
      });
      var q = { id: li.id.replace(/^q-/, ""), li: li, fs: fs, answer: fs.getAttribute("data-answer"),
                details: li.querySelector("details.guide-answer"), inputs: inputs };
      q.details.hidden = true;
      q.check = button("Check", "guide-check");
      q.feedback = el("p", "guide-feedback");
      q.feedback.setAttribute("aria-live", "polite");
      fs.appendChild(q.check);
      fs.appendChild(q.feedback);
      q.check.addEventListener("click", function () {
        if (q.done) return;
        var picked = fs.querySelector("input:checked");
        if (!picked) { q.feedback.textContent = "Choose an answer first."; return; }
        update(function (s) { part(s, "answers")[q.id] = picked.value; });
        show(q, picked.value);
        total();
      });
      return q;
    });
    function why(q, letter) {
      var reason = q.li.querySelectorAll(".guide-reasons > li")[letter.charCodeAt(0) - 97];
      return reason ? reason.textContent.replace(/^[a-z]\)\s*/, "") : "";
    }
    function show(q, letter) {
      q.done = letter;
      q.inputs.forEach(function (i) { i.checked = i.value === letter; i.disabled = true; });
      q.check.setAttribute("aria-disabled", "true");
      var right = letter === q.answer;
      q.li.classList.toggle("guide-right", right);
      q.li.classList.toggle("guide-wrong", !right);
      var reason = why(q, letter).replace(/^(right|correct)[:.,]\s*/i, "");
      q.feedback.textContent = right ? "Correct. " + reason
        : "Not right. " + reason + " The right answer is " + q.answer + ").";
      q.details.hidden = false;  // the explanation and every option's reason, on request
    }
    function reset(q) {
      q.done = null;
      q.inputs.forEach(function (i) { i.checked = false; i.disabled = false; });
      q.check.removeAttribute("aria-disabled");
      q.li.classList.remove("guide-right", "guide-wrong");
      q.feedback.textContent = "";
      q.details.open = false;
      q.details.hidden = true;
    }
    function total() {
      var answered = questions.filter(function (q) { return q.done; });
      if (answered.length < questions.length) {
        status.textContent = "";
        again.hidden = true;
        return;
      }
      var right = answered.filter(function (q) { return q.done === q.answer; }).length;
      status.textContent = right + " of " + questions.length + " correct";
      again.hidden = false;
      update(function (s) {
        var best = part(s, "best"), old = best[chapter];
        if (!old || old.total !== questions.length || right > old.score) best[chapter] = { score: right, total: questions.length };
      });
    }
    again.addEventListener("click", function () {
      update(function (s) { var a = part(s, "answers"); questions.forEach(function (q) { delete a[q.id]; }); });
      questions.forEach(reset);
      status.textContent = "Answers cleared: try the questions again.";
      again.hidden = true;
      questions[0].inputs[0].focus();
    });
    // Answers given before (by question id, so they survive changes to the guide) come back.
    var saved = part(load(), "answers");
    questions.forEach(function (q) {
      var letter = saved[q.id];
      if (typeof letter === "string" && q.inputs.some(function (i) { return i.value === letter; })) show(q, letter);
    });
    total();
  }

  // --- chapters read ------------------------------------------------------------------------
  function trackReading(meta) {
    var chapter = meta.getAttribute("data-chapter");
    var article = meta.closest("article") || document.body;
    var end = article.querySelector(".guide-key-points") || article.lastElementChild;
    if (!end || !("IntersectionObserver" in window)) return;
    observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) {
        update(function (s) { part(s, "read")[chapter] = 1; });
        observer.disconnect();
      }
    });
    observer.observe(end);
  }

  // --- start page ---------------------------------------------------------------------------
  function home(panel) {
    function fill() {
      var s = load(), read = part(s, "read"), best = part(s, "best");
      [].forEach.call(panel.querySelectorAll("li.guide-card"), function (card) {
        var id = card.getAttribute("data-chapter"), out = card.querySelector("[data-progress]"), parts = [];
        if (read[id]) parts.push("Read");
        if (best[id]) parts.push("Best quiz score: " + best[id].score + " of " + best[id].total);
        out.textContent = parts.length ? parts.join(" · ") : "Not started";
        card.classList.toggle("guide-card--read", !!read[id]);
      });
      var cont = panel.querySelector(".guide-continue"), link = cont.querySelector("a");
      if (s.last && typeof s.last.path === "string" && !/^[a-z]+:|^\/|\.\./i.test(s.last.path)) {
        link.href = C.root + s.last.path;
        link.textContent = "Continue where you left off: " + (s.last.title || s.last.path);
        cont.hidden = false;
      } else {
        cont.hidden = true;
      }
    }
    var reset = panel.querySelector(".guide-reset");
    reset.hidden = false;
    reset.querySelector("button").addEventListener("click", function () {
      try { localStorage.removeItem(C.key); } catch (e) { /* nothing stored */ }
      fill();
      reset.querySelector("[role=status]").textContent = "Your progress on this device was reset.";
    });
    fill();
  }

  // --- flashcards ---------------------------------------------------------------------------
  function flashcards(box) {
    var data = JSON.parse(box.querySelector("#guide-deck").textContent), all = [];
    var controls = box.querySelector(".guide-deck-controls");
    var filter = controls.querySelector("select"), againOnly = controls.querySelector("[data-again-only]");
    [].forEach.call(filter.options, function (o) {
      var points = data.points[o.value] || [];
      points.forEach(function (point, n) {
        all.push({ id: "k-" + o.value + "-" + (n + 1), chapters: [o.value], back: point,
                   front: o.textContent + ": key point " + (n + 1) + " of " + points.length });
      });
    });
    data.terms.forEach(function (t) { all.push({ id: "g-" + t[0], front: t[1], back: t[2], chapters: t[3] }); });
    controls.hidden = false;
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
  }

  function enhance() {
    if (observer) { observer.disconnect(); observer = null; }
    [].forEach.call(document.querySelectorAll("[data-quiz]:not([data-enhanced])"), function (box) {
      box.setAttribute("data-enhanced", "");
      quiz(box);
    });
    var meta = document.querySelector(".guide-chapter-meta");
    if (meta) trackReading(meta);
    var panel = document.querySelector("[data-study-home]:not([data-enhanced])");
    if (panel) { panel.setAttribute("data-enhanced", ""); home(panel); }
    var cards = document.querySelector("[data-flashcards]:not([data-enhanced])");
    if (cards) { cards.setAttribute("data-enhanced", ""); flashcards(cards); }
  }

  window.guideStudy = { enhance: enhance };
  enhance();
})();
