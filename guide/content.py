"""The guide's content rules, checked on every build for the chapters it shows (a fork's own
included), each with the file and what to do. CONTRIBUTING.md lists them for authors.

- a chapter has 3 to 5 key points and at least MIN_QUESTIONS self-check questions;
- at least SCENARIO_SHARE of a chapter's questions are scenarios from a shift;
- across the bank, the right option is the longest one in at most LONGEST_SHARE of the
  multiple-choice items, and no answer letter holds more than POSITION_SHARE of the keys: a
  test-wise reader must not be able to guess.
"""
from __future__ import annotations

from collections import Counter

from .data import Problem, Record

MIN_QUESTIONS = 6
KEY_POINTS = (3, 5)
SCENARIO_SHARE = 0.70
LONGEST_SHARE = 0.35
POSITION_SHARE = 0.40


def right_is_longest(q: Record) -> bool:
    options = q["options"]
    right = ord(q["answer"].strip().lower()) - ord("a")
    length = len(options[right]["text"])
    return all(length > len(o["text"]) for i, o in enumerate(options) if i != right)


def content_problems(catalog: dict[str, list[Record]], shown: list[Record]) -> list[Problem]:
    problems: list[Problem] = []
    by_chapter: dict[str, list[Record]] = {c.id: [] for c in shown}
    for q in catalog["questions"]:
        if q["chapter"] in by_chapter:
            by_chapter[q["chapter"]].append(q)
    for c in shown:
        points = len(c["key_points"])
        if not KEY_POINTS[0] <= points <= KEY_POINTS[1]:
            problems.append(Problem(c.file, c.lines.get("key_points", c.line),
                                    f"a chapter has {KEY_POINTS[0]} to {KEY_POINTS[1]} key points, not {points}",
                                    c.id, "key_points"))
        questions = by_chapter[c.id]
        if len(questions) < MIN_QUESTIONS:
            problems.append(Problem(c.file, c.line,
                                    f"the chapter has {len(questions)} self-check question(s); write at least "
                                    f"{MIN_QUESTIONS} in data/questions.yml (data/local/questions.yml in a fork) "
                                    f"with chapter: \"{c.id}\"", c.id))
        elif sum(q["kind"] == "scenario" for q in questions) < SCENARIO_SHARE * len(questions):
            scenarios = sum(q["kind"] == "scenario" for q in questions)
            problems.append(Problem(c.file, c.line,
                                    f"{scenarios} of its {len(questions)} questions are scenarios; at least "
                                    f"{SCENARIO_SHARE:.0%} must put the reader in a situation on a shift "
                                    "(kind: \"scenario\")", c.id))
    multiple = [q for qs in by_chapter.values() for q in qs if q.get("options")]
    if multiple:
        files = sorted({q.file for q in multiple})
        where = files[0] if len(files) == 1 else ", ".join(files)
        longest = sum(right_is_longest(q) for q in multiple)
        if longest > LONGEST_SHARE * len(multiple):
            problems.append(Problem(where, None,
                                    f"the right option is the longest in {longest} of {len(multiple)} multiple-choice "
                                    f"questions ({longest / len(multiple):.0%}); keep it at or under "
                                    f"{LONGEST_SHARE:.0%}: make the right answers shorter or the wrong ones fuller"))
        keys = Counter(q["answer"].strip().lower() for q in multiple)
        letter, count = keys.most_common(1)[0]
        if count > POSITION_SHARE * len(multiple):
            problems.append(Problem(where, None,
                                    f"'{letter}' is the right answer in {count} of {len(multiple)} multiple-choice "
                                    f"questions ({count / len(multiple):.0%}); keep every letter at or under "
                                    f"{POSITION_SHARE:.0%} by moving right answers to other places"))
    return problems
