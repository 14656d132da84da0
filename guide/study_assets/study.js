// The guide's study tools on chapters: quizzes and chapters read.
// guide/study_loader.py publishes it as assets/guide/study.js after common.js, inside one function;
// the inline loader loads it only when needed. Works over http and from file://. Everything is
// kept in this browser's localStorage under one key (C.key); nothing is sent, no cookie is set.
var observer = null;
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

function enhance() {
  if (observer) { observer.disconnect(); observer = null; }
  [].forEach.call(document.querySelectorAll("[data-quiz]:not([data-enhanced])"), function (box) {
    box.setAttribute("data-enhanced", "");
    quiz(box);
  });
  var meta = document.querySelector(".guide-chapter-meta");
  if (meta) trackReading(meta);
}

window.guideStudy = { enhance: enhance };
enhance();
