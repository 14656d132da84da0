"""What each data file in data/ holds: its fields, their types, and its table.

This is the one place that says what a record looks like. The loader checks
every record against it before any page renders, and the table renderer reads
the columns from it. To add a field: add it here, then to the template record
at the top of the data file.

Field kinds:
  text        a line of prose (must be quoted if YAML would read it as a
              number, a date or true/false)
  texts       a list of text
  url         an https address
  date        a date written YYYY-MM-DD
  partial_date  a date written YYYY, YYYY-MM or YYYY-MM-DD (as precise as the source is)
  int         a whole number
  choice      one of a fixed set of words (see `choices`)
  ref         the id of a record in another dataset (see `ref`)
  refs        a list of such ids
  partial_date  a date as precise as its source gives it: YYYY, YYYY-MM or YYYY-MM-DD
  options     a question's answer options: a list of records with `text` and `why`
  fields      names of other fields of the same record (used by `verify`)
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

KINDS = frozenset({"text", "texts", "url", "date", "partial_date", "int", "choice", "ref", "refs", "options",
                   "fields"})


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = "text"
    required: bool = True
    ref: str | None = None
    choices: tuple[str, ...] = ()
    help: str = ""

    def __post_init__(self):
        # A typo in a kind must not quietly mean "text"; a reference must say what it points at.
        if self.kind not in KINDS:
            raise ValueError(f"field {self.name!r}: unknown kind {self.kind!r}; the kinds are {sorted(KINDS)}")
        if (self.kind in ("ref", "refs")) != (self.ref is not None):
            raise ValueError(f"field {self.name!r}: a ref/refs field needs ref=<dataset>, and only those take it")
        if (self.kind == "choice") != bool(self.choices):
            raise ValueError(f"field {self.name!r}: a choice field needs choices=(...), and only those take it")


@dataclass(frozen=True)
class Column:
    field: str
    header: str


@dataclass(frozen=True)
class Dataset:
    name: str
    file: str
    title: str  # the table's default caption
    fields: tuple[Field, ...]
    columns: tuple[Column, ...] = ()
    row_header: str | None = None  # the column whose cells name the row (<th scope="row">)
    cited: bool = True  # factual records must cite at least one source
    min_records: int = 1
    # Rules across one record's fields: each takes the converted values and yields (field, message).
    checks: tuple[Callable[[dict], Iterable[tuple[str, str]]], ...] = ()

    def __post_init__(self):
        if self.columns and self.field("verify") is None:
            # Any table's record may flag cells a reader must confirm with the board (one marker, one legend).
            object.__setattr__(self, "fields", self.fields + (VERIFY,))
        names = {f.name for f in self.fields}
        for c in self.columns:
            if c.field not in names:
                raise ValueError(f"dataset {self.name!r}: column {c.field!r} is not one of its fields")

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


ID = Field("id", "text", help="a short unique name: lowercase letters, digits and hyphens")
SOURCES = Field("sources", "refs", ref="sources", help="ids from data/sources.yml that back this record")
OPTIONAL_SOURCES = Field("sources", "refs", required=False, ref="sources")
VERIFY = Field("verify", "fields", required=False,
               help="fields of this record a reader must confirm with the state board or employer")

# What a source's own date is; the Sources page words each one (guide/render.py).
DATED_AS = ("published", "updated", "reviewed", "effective", "edition")

DATASETS: dict[str, Dataset] = {}


def _add(ds: Dataset) -> None:
    DATASETS[ds.name] = ds


QUESTION_KINDS = ("scenario", "recall")


def _dated_pair(values: dict):
    """A source's own date and what it is go together."""
    if "dated" in values and "dated_as" not in values:
        yield "dated", "say what the date is with dated_as: " + ", ".join(DATED_AS)
    if "dated_as" in values and "dated" not in values:
        yield "dated_as", "dated_as needs the date itself in dated (YYYY, YYYY-MM or YYYY-MM-DD)"
    if values.get("max_age", 1) < 1:
        yield "max_age", "max_age is a number of years, 1 or more"


_add(Dataset(
    "sources", "sources.yml", "Sources",
    (ID, Field("title"), Field("publisher"), Field("url", "url"),
     Field("dated", "partial_date", required=False, help="the document's own date, as precise as it gives it"),
     Field("dated_as", "choice", required=False, choices=DATED_AS, help="what that date is"),
     Field("read", "date", help="when this guide's writer read the source"),
     Field("copy_url", "url", required=False, help="a third-party copy that was read instead of the official page"),
     Field("supports"), Field("confidence", "choice", choices=("high", "medium", "low")),
     Field("max_age", "int", required=False, help="years before `make check` suggests reading it again (default 3)"),
     Field("note", required=False)),
    cited=False, checks=(_dated_pair,),
))
_add(Dataset(
    "role", "role.yml", "The role at a glance",
    (ID, Field("aspect"), Field("details"), SOURCES),
    (Column("aspect", "Aspect"), Column("details", "What it means")),
    row_header="aspect",
))
_add(Dataset(
    "skills", "skills.yml", "Core skills",
    (ID, Field("name"), Field("why"), Field("in_practice"), OPTIONAL_SOURCES),
    (Column("name", "Skill"), Column("why", "Why it matters"), Column("in_practice", "What it looks like on shift")),
    row_header="name", cited=False,
))
_add(Dataset(
    "requirements", "requirements.yml", "Entry requirements, exams and fees",
    (ID, Field("kind", "choice", choices=("entry requirement", "exam or fee"),
               help="entry requirement: what you need to be hired or to apply; exam or fee: a test and what it costs"),
     Field("item"), Field("applies_to"), Field("details"), SOURCES),
    (Column("item", "Requirement"), Column("applies_to", "Applies to"), Column("details", "Details")),
    row_header="item",
))
_add(Dataset(
    "organizations", "organizations.yml", "Organizations and resources",
    (ID, Field("name"), Field("abbr", required=False),
     Field("kind", "choice", choices=("professional body", "certification body", "government", "regulator",
                                      "training provider", "education")),
     Field("offers"), Field("url", "url"), SOURCES),
    (Column("name", "Organization"), Column("kind", "Type"), Column("offers", "What it offers"),
     Column("url", "Website")),
    row_header="name",
))
_add(Dataset(
    "credentials", "credentials.yml", "Credentials and training",
    (ID, Field("name"), Field("abbr", required=False), Field("issuer", "ref", ref="organizations", required=False),
     Field("kind", "choice", choices=("state license", "national certification", "certification", "registry listing",
                                      "life support", "crisis training", "different role")),
     Field("requirements"), Field("renewal", required=False), Field("notes", required=False), SOURCES),
    (Column("name", "Credential"), Column("issuer", "Issued by"), Column("kind", "Type"),
     Column("requirements", "What it takes"), Column("renewal", "Renewal"), Column("notes", "Notes")),
    row_header="name",
))
_add(Dataset(
    "path", "path.yml", "The path into the job, step by step",
    (ID, Field("step", "int"), Field("title"), Field("details"), Field("tip", required=False), SOURCES),
    (Column("step", "Step"), Column("title", "What to do"), Column("details", "Details"), Column("tip", "Tip")),
    row_header="title",
))
_add(Dataset(
    "settings", "settings.yml", "Where technicians work",
    (ID, Field("name"), Field("patients", help="who is treated there"),
     Field("acuity", help="how ill or at risk the patients are"),
     Field("stay", required=False, help="how patients stay: around the clock, living on site, or by day"),
     Field("technician", required=False, help="what a technician or aide does there"), SOURCES),
    (Column("name", "Setting"), Column("patients", "Patient group"), Column("acuity", "Acuity"),
     Column("stay", "Length and kind of stay"), Column("technician", "What the technician does")),
    row_header="name",
))
_add(Dataset(
    "duties", "duties.yml", "Daily duties and their limits",
    (ID, Field("duty"), Field("what"), Field("limits"), SOURCES),
    (Column("duty", "Duty"), Column("what", "What it involves"), Column("limits", "Who may do it and limits")),
    row_header="duty",
))
_add(Dataset(
    "comparison", "comparison.yml", "Licensed psychiatric technician, unlicensed technician or aide, and RBT compared",
    (ID, Field("aspect"),
     Field("licensed", help="a psychiatric or mental health technician licensed by a state (CA, CO, AR, KS)"),
     Field("unlicensed", help="an unlicensed technician or aide, whatever the title (MHT, BHT, psychiatric aide)"),
     Field("rbt", help="a Registered Behavior Technician certified by the BACB"), SOURCES),
    (Column("aspect", "Aspect"), Column("licensed", "Licensed psychiatric technician"),
     Column("unlicensed", "Unlicensed technician or aide (MHT, BHT)"),
     Column("rbt", "Registered Behavior Technician (RBT)")),
    row_header="aspect",
))
_add(Dataset(
    "advancement", "advancement.yml", "Where the role can lead",
    (ID, Field("role"), Field("requires"), Field("notes"), SOURCES),
    (Column("role", "Next role"), Column("requires", "What it requires"), Column("notes", "Good to know")),
    row_header="role",
))
_add(Dataset(
    "outlook", "outlook.yml", "Pay and job outlook",
    (ID, Field("label"), Field("value"), Field("period"),
     Field("as_of", "partial_date", help="the month (or year) the figure refers to: May 2023 pay is 2023-05"), SOURCES),
    (Column("label", "Figure"), Column("value", "Value"), Column("period", "Period")),
    row_header="label",
))
_add(Dataset(
    "states", "states.yml", "States that license psychiatric or mental health technicians",
    (ID, Field("state"), Field("title"), Field("board"), Field("url", "url", help="the board's own website"),
     Field("training"), Field("exam"),
     Field("medication", "choice", choices=("yes", "yes, within limits", "ask the board")),
     Field("medication_note"), SOURCES),
    (Column("state", "State"), Column("title", "License title"), Column("board", "Board"),
     Column("training", "Training required"), Column("exam", "Exam"),
     Column("medication", "Medication within scope"), Column("medication_note", "Scope notes")),
    row_header="state",
))
_add(Dataset(
    "conditions", "conditions.yml", "Conditions a technician meets on the unit",
    (ID, Field("group"), Field("may_see"), Field("report_now"), SOURCES),
    (Column("group", "Condition group"), Column("may_see", "What you may see"),
     Column("report_now", "Tell the nurse at once")),
    row_header="group",
))
_add(Dataset(
    "medications", "medications.yml", "Psychiatric medications: what to watch for",
    (ID, Field("drug_class"), Field("examples"), Field("watch_for"), Field("report_now"),
     Field("monitoring", required=False), SOURCES),
    (Column("drug_class", "Class"), Column("examples", "Examples"), Column("watch_for", "What the label warns of"),
     Column("report_now", "Report at once"), Column("monitoring", "Monitoring the prescriber orders")),
    row_header="drug_class",
))
_add(Dataset(
    "definitions", "idd_definitions.yml", "Three definitions of developmental disability compared",
    (ID, Field("law"), Field("onset"), Field("criteria"), Field("covers"), SOURCES),
    (Column("law", "Definition"), Column("onset", "Begins"), Column("criteria", "Main test"),
     Column("covers", "What it covers")),
    row_header="law",
))
_add(Dataset(
    "examtopics", "exam_topics.yml", "What each exam covers, as its body publishes it",
    (ID, Field("credential"), Field("body"), Field("format"), Field("published_content"),
     Field("study_chapters"), SOURCES),
    (Column("credential", "Credential"), Column("body", "Given by"), Column("format", "Format"),
     Column("published_content", "What the body says it covers"), Column("study_chapters", "Chapters to study")),
    row_header="credential",
))
_add(Dataset(
    "restraint", "restraint.yml", "Federal rules on restraint and seclusion",
    (ID, Field("rule", help="what the rule is about, in a few words"),
     Field("paragraph", help="where it is, e.g. 42 CFR 482.13(e)"),
     Field("limit", help="the requirement or limit, figures exactly as the source gives them"), SOURCES),
    (Column("rule", "Rule"), Column("paragraph", "Where"), Column("limit", "What it requires")),
    row_header="rule",
))
_add(Dataset(
    "vitals", "vitals.yml", "Normal resting vital signs for the average healthy adult",
    (ID, Field("sign"), Field("normal_range", help="exactly as the source gives it"), SOURCES),
    (Column("sign", "Vital sign"), Column("normal_range", "Normal resting range")),
    row_header="sign",
))
_add(Dataset(
    "statelaws", "statelaws.yml", "State examples (each state sets its own rules)",
    (ID, Field("topic"), Field("state"), Field("law"), Field("rule"), SOURCES),
    (Column("topic", "Topic"), Column("state", "State"), Column("law", "Law"), Column("rule", "What it says")),
    row_header="state",
))
_add(Dataset(
    "trauma", "trauma.yml", "SAMHSA's trauma-informed approach",
    (ID, Field("group", "choice", choices=("four Rs", "six principles")),
     Field("term", help="SAMHSA's own wording"), Field("on_shift", help="what it can look like on a unit"), SOURCES),
    (Column("term", "SAMHSA's term"), Column("on_shift", "What it can look like on a shift")),
    row_header="term",
))
_add(Dataset(
    "glossary", "glossary.yml", "Glossary",
    (ID, Field("term"), Field("abbr", required=False, help="the short form as it appears in text, e.g. HIPAA"),
     Field("definition"), OPTIONAL_SOURCES),
    (Column("term", "Term"), Column("definition", "Meaning")),
    row_header="term", cited=False, min_records=30,
))
_add(Dataset(
    "chapters", "chapters.yml", "Chapters",
    (ID, Field("page", help="the chapter's file under docs/, e.g. role.md"), Field("title"),
     Field("description", help="one or two sentences for search engines and link previews"),
     Field("objectives", "texts"), Field("key_points", "texts")),
    cited=False,
))
_add(Dataset(
    "questions", "questions.yml", "Self-check questions",
    (ID, Field("chapter", "ref", ref="chapters"),
     Field("kind", "choice", choices=QUESTION_KINDS, help="scenario (a situation on a shift) or recall"),
     Field("prompt"),
     Field("options", "options", required=False, help="leave out for a short-answer question"),
     Field("answer", help="the letter of the right option (a, b, c, ...), or the model answer"),
     Field("explanation"), OPTIONAL_SOURCES),
    cited=False,
))
_add(Dataset(
    "synonyms", "synonyms.yml", "Search synonyms",
    (ID, Field("word", help="a word a reader may search for, e.g. salary"),
     Field("also", "texts", help="words the search also looks for when it is typed, e.g. pay, wage")),
    cited=False,
))

# Files a fork adds under data/local/ extend these datasets (same fields).
LOCAL_DIR = "local"
