// Shared by study.js, home.js and flashcards.js (guide/study.py puts it at the top of each,
// inside one function): the store in localStorage and two DOM helpers.
"use strict";
// The loader (guide/study_loader.py) sets window.guideStudyConfig: the storage key and the root.
var C = {
  get key() { return window.guideStudyConfig.key; },
  get root() { return window.guideStudyConfig.root; }
};
// Run f now if the loader has run, and again on every page the loader sees (instant navigation).
function run(f) {
  (window.guideStudyRun = window.guideStudyRun || []).push(f);
  if (window.guideStudyConfig) f();
}

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

