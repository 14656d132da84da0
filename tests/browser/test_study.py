"""Studying in a real browser, on the hosted site and from the offline bundle opened from disk.

Quizzes (mouse and keyboard, feedback in a live region, score and "Try again"), answers kept by
question id, chapters read, the start page's progress and "Continue", "Reset my progress",
flashcards (filter, flip, know it / again, shuffle, print), Escape hiding a tooltip or source preview,
the no-JavaScript fallback, no cookie, no request off the site, and axe after each interaction in both color schemes at both widths.
The chapters, questions and brand come from the data (guide.site.load_site), never typed here.
"""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from guide.site import load_site
from guide.study_loader import storage_key
from tests.browser.test_accessibility import AXE_OPTIONS
from tests.browser.test_offline_browser import unzip
from tests.conftest import ROOT, sample_chapter
from tests.test_offline import build_bundle

pytestmark = pytest.mark.browser

SITE = load_site(ROOT)
KEY = storage_key(SITE.brand["short_name"])
NUMBERED = [c for c in SITE.chapters() if c["page"] != "index.md"]


def questions_of(chapter) -> list:
    return [q for q in SITE.records("questions") if q["chapter"] == chapter.id]


# The chapter the quiz tests use: the first numbered one with multiple-choice questions.
QUIZ_CHAPTER = next(c for c in NUMBERED if any(q.get("options") for q in questions_of(c)))
CHOICES = [q for q in questions_of(QUIZ_CHAPTER) if q.get("options")]


@pytest.fixture(scope="module")
def unzipped_bundle(tmp_path_factory):
    bundle = build_bundle(tmp_path_factory)
    return unzip(bundle.zip, tmp_path_factory.mktemp("study-unzipped"))  # the bundle's one top folder


class Where:
    """Page addresses on the hosted site (directory URLs) or in the unzipped bundle (file://)."""

    def __init__(self, kind, base):
        self.kind, self.base = kind, base

    def url(self, src: str) -> str:
        stem = src[:-3]
        if self.kind == "hosted":
            return self.base + ("" if stem == "index" else f"{stem}/")
        return (self.base / f"{stem}.html").as_uri()

    def allowed(self, url: str) -> bool:
        if self.kind == "hosted":
            return urlsplit(url).netloc == urlsplit(self.base).netloc
        return url.startswith("file:")


@pytest.fixture(params=["hosted", "file"])
def where(request, site_url, unzipped_bundle):
    return Where("hosted", site_url) if request.param == "hosted" else Where("file", unzipped_bundle)


class Reader:
    """A fresh browser profile that records console errors and any request off the site."""

    def __init__(self, browser, where, scheme="light", width=1280, javascript=True):
        self.context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800},
                                           java_script_enabled=javascript)
        self.context.set_default_timeout(10_000)
        self.outside, self.errors = [], []

        def block(route):
            self.outside.append(route.request.url)
            route.abort()

        self.context.route(lambda url: not where.allowed(url), block)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.where = where

    def open(self, src: str):
        self.page.goto(self.where.url(src))
        return self.page

    def store(self) -> dict:
        return json.loads(self.page.evaluate(f"localStorage.getItem({json.dumps(KEY)})") or "{}")

    def close(self):
        assert self.outside == [], f"requests off the site: {self.outside}"
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.context.cookies() == [], "the guide must set no cookie"
        self.context.close()


@pytest.fixture
def reader(browser, where):
    r = Reader(browser, where)
    yield r
    r.close()


def quiz_ready(page):
    """Come near the quiz, as a reader does: only then does the page load the quiz code."""
    page.locator("[data-quiz]").scroll_into_view_if_needed()
    page.locator(".guide-check").first.wait_for()


def wrong_letter(q) -> str:
    return next(chr(97 + i) for i in range(len(q["options"])) if chr(97 + i) != q["answer"].strip().lower())


def why(q, letter) -> str:
    return q["options"][ord(letter) - 97]["why"]


def test_chapter_shows_its_place_reading_time_and_date(reader):
    for n, chapter in enumerate(NUMBERED, 1):
        page = reader.open(chapter["page"])
        line = page.locator("article .guide-chapter-meta").inner_text()
        assert line.startswith(f"Chapter {n} of {len(NUMBERED)} · "), line
        assert " min read · Last updated " in line, line


def test_quiz_by_mouse_feedback_score_try_again_and_answers_kept(reader):
    page = reader.open(QUIZ_CHAPTER["page"])
    first, second = CHOICES[0], CHOICES[1]
    # The first view does not carry the quiz code: it comes when the reader nears the quiz.
    assert page.evaluate("!window.guideStudy") and page.locator(".guide-check").count() == 0
    quiz_ready(page)
    item = page.locator(f'li[id="q-{first.id}"]')
    details = item.locator("details.guide-answer")
    details.wait_for(state="hidden")  # the script hides the no-JS answer once it enhances the question
    item.locator(".guide-check").click()
    feedback = item.locator(".guide-feedback")
    assert feedback.get_attribute("aria-live") == "polite"
    assert feedback.inner_text() == "Choose an answer first."
    right = first["answer"].strip().lower()
    item.locator(f'input[value="{right}"]').check()
    item.locator(".guide-check").click()
    text = feedback.inner_text()
    assert text.startswith("Correct.") and why(first, right).split(": ", 1)[-1] in text, text
    assert details.is_visible()  # the explanation and every option's reason, after answering
    # A wrong answer names the right one and gives the chosen option's own reason.
    item2 = page.locator(f'li[id="q-{second.id}"]')
    wrong = wrong_letter(second)
    item2.locator(f'input[value="{wrong}"]').check()
    item2.locator(".guide-check").click()
    text = item2.locator(".guide-feedback").inner_text()
    assert text.startswith("Not right.") and why(second, wrong) in text
    assert text.endswith(f"The right answer is {second['answer'].strip().lower()}).")
    assert reader.store()["answers"] == {first.id: right, second.id: wrong}
    # Answers are kept across a reload, by question id.
    page.reload()
    quiz_ready(page)
    item = page.locator(f'li[id="q-{first.id}"]')
    item.locator(".guide-feedback").wait_for()
    assert item.locator(f'input[value="{right}"]').is_checked()
    assert item.locator(".guide-feedback").inner_text().startswith("Correct.")
    # Answer the rest right: the chapter shows its score and "Try again".
    for q in CHOICES[2:]:
        li = page.locator(f'li[id="q-{q.id}"]')
        li.locator(f'input[value="{q["answer"].strip().lower()}"]').check()
        li.locator(".guide-check").click()
    score = page.locator(".guide-score-text")
    assert score.get_attribute("role") == "status"
    assert score.inner_text() == f"{len(CHOICES) - 1} of {len(CHOICES)} correct"
    assert reader.store()["best"][QUIZ_CHAPTER.id] == {"score": len(CHOICES) - 1, "total": len(CHOICES)}
    page.locator(".guide-try-again").click()
    assert not page.locator(f'li[id="q-{first.id}"] input:checked').count()
    assert page.locator(f'li[id="q-{first.id}"] input').first.evaluate("e => e === document.activeElement")
    assert reader.store()["answers"] == {}
    assert reader.store()["best"][QUIZ_CHAPTER.id]["score"] == len(CHOICES) - 1  # the best score stays


def test_quiz_by_keyboard_alone(reader):
    page = reader.open(QUIZ_CHAPTER["page"])
    q = CHOICES[0]
    quiz_ready(page)
    item = page.locator(f'li[id="q-{q.id}"]')
    item.locator("input").first.focus()
    right = ord(q["answer"].strip().lower()) - 97
    for _ in range(right):
        page.keyboard.press("ArrowDown")  # arrows move between the radio buttons of a group
    if right == 0:
        page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Check"
    page.keyboard.press("Enter")
    assert item.locator(".guide-feedback").inner_text().startswith("Correct.")
    # Focus stays where it was: on the (now spent) Check button, never lost to the page.
    assert page.evaluate("[document.activeElement.textContent, document.activeElement.getAttribute('aria-disabled')]") \
        == ["Check", "true"]


def test_without_javascript_the_answers_are_in_details(browser, where):
    r = Reader(browser, where, javascript=False)
    page = r.open(QUIZ_CHAPTER["page"])
    assert page.locator(".guide-check").count() == 0
    details = page.locator("details.guide-answer").first
    assert details.is_visible()
    details.locator("summary").click()
    assert "Answer:" in details.inner_text()
    r.close()


def test_escape_hides_a_tooltip_and_a_source_preview_without_moving_focus_or_pointer(reader):
    # WCAG 1.4.13: what hover or focus shows can be dismissed without moving either (the loader).
    page = reader.open(sample_chapter())
    term = page.locator("article .guide-term > abbr").first
    tip = page.locator("#" + term.get_attribute("aria-describedby"))
    term.focus()
    assert tip.is_visible()
    page.keyboard.press("Escape")
    assert tip.is_hidden() and term.evaluate("e => e === document.activeElement")
    page.keyboard.press("Tab")  # focus moves on and comes back: the tooltip shows again
    page.keyboard.press("Shift+Tab")
    assert term.evaluate("e => e === document.activeElement") and tip.is_visible()
    term.blur()
    term.hover()
    assert tip.is_visible()
    page.keyboard.press("Escape")
    assert tip.is_hidden(), "Escape does not hide the tooltip shown on hover"
    page.mouse.move(0, 0)
    # A citation marker's preview (the source's title, loaded when focus first reaches a marker).
    cite = page.locator("article a.cite").first
    source = SITE.record("sources", cite.get_attribute("href").split("#src-")[1])
    cite.focus()
    page.wait_for_function("e => e.hasAttribute('data-source-preview')", arg=cite.element_handle())
    assert source["title"] in cite.evaluate("e => getComputedStyle(e, '::after').content")
    assert cite.evaluate("e => getComputedStyle(e, '::after').display") != "none"
    page.keyboard.press("Escape")
    assert cite.evaluate("e => getComputedStyle(e, '::after').display") == "none"
    assert cite.evaluate("e => e === document.activeElement")


def test_reading_a_chapter_then_the_start_page_shows_progress_continue_and_reset(reader):
    page = reader.open(QUIZ_CHAPTER["page"])
    assert QUIZ_CHAPTER.id not in reader.store().get("read", {})
    assert reader.store()["last"]["title"] == QUIZ_CHAPTER["title"]
    page.locator(".guide-key-points").scroll_into_view_if_needed()
    page.wait_for_function(f"(JSON.parse(localStorage.getItem({json.dumps(KEY)})||'{{}}').read||{{}})"
                           f"[{json.dumps(QUIZ_CHAPTER.id)}] === 1")
    quiz_ready(page)
    q = CHOICES[0]
    item = page.locator(f'li[id="q-{q.id}"]')
    for other in CHOICES:
        li = page.locator(f'li[id="q-{other.id}"]')
        li.locator(f'input[value="{other["answer"].strip().lower()}"]').check()
        li.locator(".guide-check").click()
    assert item.locator(".guide-feedback").inner_text().startswith("Correct.")
    page = reader.open("index.md")
    cards = page.locator("li.guide-card")
    assert [c.get_attribute("data-chapter") for c in cards.all()] == [c.id for c in NUMBERED]
    for n, (card, chapter) in enumerate(zip(cards.all(), NUMBERED), 1):
        text = card.inner_text()
        assert f"Chapter {n}" in text and chapter["title"] in text
        assert f"{len(questions_of(chapter))} question" in text or "no questions" in text
    mine = page.locator(f'li.guide-card[data-chapter="{QUIZ_CHAPTER.id}"] [data-progress]')
    assert mine.inner_text() == f"Read · Best quiz score: {len(CHOICES)} of {len(CHOICES)}"
    other = page.locator(f'li.guide-card[data-chapter="{NUMBERED[-1].id}"] [data-progress]')
    assert other.inner_text() == "Not started" or NUMBERED[-1].id == QUIZ_CHAPTER.id
    cont = page.locator(".guide-continue a")
    assert cont.is_visible() and QUIZ_CHAPTER["title"] in cont.inner_text()
    assert "leaves the device" in page.locator(".guide-privacy").inner_text()
    cont.click()
    page.wait_for_url(reader.where.url(QUIZ_CHAPTER["page"]))
    page = reader.open("index.md")
    page.get_by_role("button", name="Reset my progress").click()
    assert page.locator(".guide-reset [role=status]").inner_text() == "Your progress on this device was reset."
    assert reader.store() == {}
    assert mine.inner_text() == "Not started" and page.locator(".guide-continue").is_hidden()


def test_flashcards_filter_flip_mark_shuffle_and_print(reader):
    glossary, points = len(SITE.records("glossary")), sum(len(c["key_points"]) for c in SITE.chapters())
    page = reader.open("flashcards.md")
    card, status = page.locator("button.guide-flashcard"), page.locator(".guide-deck-status")
    # The first view is the chapter filter and Start; the deck loads when the reader starts.
    assert page.evaluate("!window.guideDeck") and card.count() == 0
    assert page.get_by_role("button", name="Shuffle").is_hidden()
    page.get_by_role("button", name="Start", exact=True).click()
    card.wait_for()
    assert card.evaluate("e => e === document.activeElement"), "Start hands the focus to the card"
    assert page.get_by_role("button", name="Start", exact=True).count() == 0
    assert status.inner_text() == f"Card 1 of {glossary + points}"
    # Filter: one chapter's key points, and its glossary terms.
    chapter = QUIZ_CHAPTER
    page.select_option("#guide-deck-filter", chapter.id)
    shown = int(status.inner_text().split(" of ")[1].split()[0])
    assert len(chapter["key_points"]) <= shown < glossary + points
    front = card.inner_text()
    assert front.startswith("FRONT") or front.startswith("Front")
    assert chapter["title"] in front
    card.click()  # click flips
    assert chapter["key_points"][0] in card.inner_text()
    card.focus()
    page.keyboard.press("Enter")  # Enter flips back
    assert chapter["title"] in card.inner_text()
    page.keyboard.press("Space")  # and Space
    assert chapter["key_points"][0] in card.inner_text()
    page.get_by_role("button", name="Again", exact=True).click()
    assert status.inner_text().startswith(f"Card 2 of {shown}")
    page.get_by_role("button", name="Know it").click()
    marks = reader.store()["cards"]
    assert marks == {f"k-{chapter.id}-1": "again", f"k-{chapter.id}-2": "know"}
    page.check("[data-again-only]")
    assert status.inner_text() == "Card 1 of 1 (marked again)"
    page.uncheck("[data-again-only]")
    page.select_option("#guide-deck-filter", "")
    page.get_by_role("button", name="Shuffle").click()
    order = reader.store()["shuffle"]
    assert sorted(order) == sorted(c for c in order) and len(order) == glossary + points
    page.reload()
    page.get_by_role("button", name="Start", exact=True).click()
    card.wait_for()
    assert reader.store()["shuffle"] == order and reader.store()["cards"] == marks
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator(".guide-print-deck .guide-print-card").count() == glossary + points
    page.emulate_media(media="print")
    assert page.locator(".guide-print-deck").is_visible() and card.is_hidden()
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator(".guide-print-deck").count() == 0


def test_flashcards_print_before_start(reader):
    # Printing is offered before Start: "Print cards" loads the deck and prints every card; on
    # paper, a page printed from the browser's menu before that says how to get the cards.
    glossary, points = len(SITE.records("glossary")), sum(len(c["key_points"]) for c in SITE.chapters())
    page = reader.open("flashcards.md")
    hint = page.locator(".guide-print-hint")
    assert hint.is_hidden()
    page.emulate_media(media="print")
    assert hint.is_visible()
    page.emulate_media(media="screen")
    page.evaluate("window.print = function () { window.dispatchEvent(new Event('beforeprint')); window.guidePrinted = 1; }")
    page.get_by_role("button", name="Print cards").click()
    page.wait_for_function("window.guidePrinted === 1")
    assert page.locator(".guide-print-deck .guide-print-card").count() == glossary + points
    assert hint.count() == 0 and page.get_by_role("button", name="Start", exact=True).count() == 0


def test_printable_page_has_no_quiz_and_an_answer_key(reader):
    page = reader.open("print.md")
    assert page.locator("article input, article .guide-check").count() == 0
    assert page.locator(".guide-answer-key h3").count() == sum(1 for c in SITE.chapters() if questions_of(c))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_axe_after_answering_and_with_progress_shown(browser, site_url, scheme, width):
    where = Where("hosted", site_url)
    r = Reader(browser, where, scheme, width)
    axe = Axe()
    found = []

    def check(label):
        for v in axe.run(r.page, options=AXE_OPTIONS).response["violations"]:
            for n in v["nodes"]:
                found.append(f"{label}: {v['id']} at {n['target']}: {' '.join((n.get('failureSummary') or '').split())[:200]}")

    page = r.open(QUIZ_CHAPTER["page"])
    quiz_ready(page)
    for n, q in enumerate(CHOICES):
        li = page.locator(f'li[id="q-{q.id}"]')
        letter = q["answer"].strip().lower() if n % 2 else wrong_letter(q)
        li.locator(f'input[value="{letter}"]').check()
        li.locator(".guide-check").click()
    page.locator(f'li[id="q-{CHOICES[0].id}"] details summary').click()
    check("chapter after answering")
    page = r.open("index.md")
    page.locator(".guide-continue a").wait_for()
    check("start page with progress")
    page = r.open("flashcards.md")
    page.get_by_role("button", name="Start", exact=True).click()
    page.locator("button.guide-flashcard").click()
    check("flashcards, flipped")
    r.close()
    assert not found, "\n".join(found)


def test_the_quiz_works_after_instant_navigation(browser, site_url):
    from guide.brand import load_brand
    where = Where("hosted", site_url)
    r = Reader(browser, where)
    page = r.page
    published = load_brand(ROOT / "data" / "brand.yml", display_root=ROOT)[0]["site_url"]
    page.route("**/sitemap.xml", lambda route: route.fulfill(
        response=route.fetch(), body=route.fetch().text().replace(published, site_url)))
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__sameDocument = true")
    page.locator(f'li.guide-card[data-chapter="{QUIZ_CHAPTER.id}"] a').first.click()  # its title
    page.wait_for_url(where.url(QUIZ_CHAPTER["page"]))
    assert page.evaluate("window.__sameDocument === true"), "navigation.instant did not handle the click"
    page.locator(f'.guide-chapter-meta[data-chapter="{QUIZ_CHAPTER.id}"]').wait_for()  # the new page is in
    q = CHOICES[0]
    quiz_ready(page)
    li = page.locator(f'li[id="q-{q.id}"]')
    li.locator(f'input[value="{q["answer"].strip().lower()}"]').check()
    li.locator(".guide-check").click()
    assert li.locator(".guide-feedback").inner_text().startswith("Correct.")
    assert r.store()["last"]["path"] == f"{QUIZ_CHAPTER['page'][:-3]}/"
    r.close()
