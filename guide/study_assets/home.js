// The start page's study panel: each chapter's progress, "Continue where you left off" and
// "Reset my progress". Small, so it rides inside the start page (render.chapter_cards_html);
// guide/study_loader.py wraps it with common.js as an inline script (`inline_script`).
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


run(function () {
  var panel = document.querySelector("[data-study-home]:not([data-enhanced])");
  if (panel) { panel.setAttribute("data-enhanced", ""); home(panel); }
});
