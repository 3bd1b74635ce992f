"""``knowledge triage`` on a real project (tests/check/fixtures/clean with a
hand-written, oddly formatted entry): the JSON lines of a fixture log in both
formats, the Markdown report, ``--apply`` changing only the intended bytes, drafts
left out of the build, and bad input reported without a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
CLEAN = HERE.parent / "check" / "fixtures" / "clean"
KNOWLEDGE = str(Path(sys.executable).parent / "knowledge")

# What the shipped model of the project does with each question (id, action, target,
# first suggestion), in the log's order, duplicates merged.
EXPECTED = [
    ("who owns the code", "en", 5, "code-ownership", "answered", None),
    ("is the code mine", "en", 5, None, "add-variant", "code-ownership"),
    ("Is the code mine?", "en", 2, None, "add-variant", "code-ownership"),
    ("el repo es nuestro?", "es", 3, None, "add-variant", "code-ownership"),
    ("receta de pizza", "es", 1, None, "new-entry", None),
    ("recipe for pizza", "en", 2, None, "new-entry", None),
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(CLEAN, root)
    shutil.copy(FIXTURES / "code-ownership.yml", root / "faq" / "code-ownership.yml")
    return root


def knowledge(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run([KNOWLEDGE, *args], cwd=project, capture_output=True, text=True, env=env)


@pytest.mark.parametrize("log", ["questions.jsonl", "questions.csv"])
def test_json_lines(project, log):
    proc = knowledge(project, "triage", str(FIXTURES / log), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [(r["q"], r["lang"], r["count"], r["id"], r["action"], r["target"]) for r in rows] == EXPECTED
    for row in rows:
        assert list(row) == ["q", "lang", "count", "id", "top", "action", "target"]
        assert len(row["top"]) == 3 and all(set(t) == {"id", "score"} and isinstance(t["score"], float) for t in row["top"])
        if row["action"] == "add-variant":
            assert row["top"][0]["id"] == row["target"]
    assert [t["id"] for t in rows[0]["top"]][0] == "code-ownership"


def test_markdown_report(project):
    proc = knowledge(project, "triage", str(FIXTURES / "questions.jsonl"))
    assert proc.returncode == 0, proc.stderr
    report = proc.stdout
    assert report.startswith("# FAQ triage of ")
    assert "6 distinct questions, asked 18 times: **5 answered**, **13 not answered** (72.2 %)." in report
    assert "| add-variant | 3 | 10 |" in report and "| new-entry | 2 | 3 |" in report
    unanswered, answered = report.split("## Not answered")[1].split("## Answered")
    # Clusters ranked by count: the two wordings of "is the code mine" (7) come first.
    assert unanswered.index("### 1. “is the code mine” (en): asked 7 times, 2 wordings") < unanswered.index("### 2. “el repo es nuestro?” (es): asked 3 times")
    assert "- **add-variant** to `code-ownership` (“Who owns the code you write?”)" in unanswered
    assert "- **add-variant** to `code-ownership` (“¿De quién es el código que escriben?”)" in unanswered
    assert "closest entries: `code-ownership` 4.08 (suggested)" in unanswered
    assert "“recipe for pizza” (en): asked 2 times" in unanswered and "**new-entry**" in unanswered
    assert "### 1. “who owns the code” (en): asked 5 times" in answered and "answered with `code-ownership`" in answered


def test_apply_edits_only_the_intended_lines_and_the_check_passes(project):
    entry = project / "faq" / "code-ownership.yml"
    before = entry.read_bytes()
    others = {p.name: p.read_bytes() for p in (project / "faq").glob("*.yml") if p != entry}
    proc = knowledge(project, "triage", str(FIXTURES / "questions.jsonl"), "--apply", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert "added variant to faq/code-ownership.yml (es): 'el repo es nuestro?'" in proc.stderr
    assert "added variant to faq/code-ownership.yml (en): 'is the code mine'" in proc.stderr
    assert "Is the code mine?" not in entry.read_text(encoding="utf-8")  # one wording per cluster

    after = entry.read_bytes()
    lines_before, lines_after = before.splitlines(keepends=True), after.splitlines(keepends=True)
    # es: one new line after the block list's last item (its trailing comment kept),
    # with that item's indentation and dash spacing.
    assert lines_after[:8] == lines_before[:8]
    assert lines_after[8] == '      -   "el repo es nuestro?"\n'.encode()
    # en: the flow list gets the item before its "]"; the rest of the line is kept.
    flow = [i for i, line in enumerate(lines_before) if line.lstrip().startswith(b"variants: [")][0]
    assert lines_after[9:flow + 1] == lines_before[8:flow]
    assert lines_after[flow + 1] == lines_before[flow].replace(b"']  # flow", b"', \"is the code mine\"]  # flow")
    assert lines_after[flow + 2:] == lines_before[flow + 1:]
    assert {p.name: p.read_bytes() for p in (project / "faq").glob("*.yml") if p != entry} == others

    drafts = sorted(p.name for p in (project / "faq" / "_drafts").iterdir())
    assert drafts == ["receta-pizza.yml", "recipe-pizza.yml"]
    draft = (project / "faq" / "_drafts" / "recipe-pizza.yml").read_text(encoding="utf-8")
    assert 'question: "recipe for pizza"' in draft and 'answer: ""' in draft

    # The project still passes, drafts (incomplete on purpose) left out of it.
    check = knowledge(project, "check", "--format", "parsable")
    assert check.returncode == 0 and check.stdout.strip() == "", check.stdout
    # And the model now answers what visitors asked.
    ask = knowledge(project, "triage", str(FIXTURES / "questions.jsonl"), "--format", "json")
    answered = {json.loads(line)["q"]: json.loads(line)["id"] for line in ask.stdout.splitlines()}
    assert answered["is the code mine"] == "code-ownership" and answered["el repo es nuestro?"] == "code-ownership"

    # Applying again adds nothing twice.
    again = knowledge(project, "triage", str(FIXTURES / "questions.jsonl"), "--apply", "--format", "json")
    assert again.returncode == 0 and entry.read_bytes() == after
    assert sorted(p.name for p in (project / "faq" / "_drafts").iterdir()) == drafts


def test_apply_adds_a_variants_key_when_there_is_none(project, tmp_path):
    entry = project / "faq" / "code-ownership.yml"
    text = entry.read_text(encoding="utf-8")
    start, end = text.index("  variants:\n      -"), text.index("\n\n\n")
    entry.write_text(text[:start] + text[end + 1:], encoding="utf-8")  # es without variants
    before = entry.read_text(encoding="utf-8")
    log = tmp_path / "log.jsonl"
    log.write_text('{"q": "a quien pertenece el codigo", "lang": "es"}\n', encoding="utf-8")
    proc = knowledge(project, "triage", str(log), "--apply")
    assert proc.returncode == 0, proc.stderr
    question = "  question: ¿De quién es el código que escriben?\n"
    assert entry.read_text(encoding="utf-8") == before.replace(question, question + '  variants:\n    - "a quien pertenece el codigo"\n')
    assert knowledge(project, "check").returncode == 0


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("bad.jsonl", '{"q": "ok", "lang": "en"}\nnot json\n{"q": "", "lang": "en"}\n{"q": "x", "lang": "fr"}\n{"q": "x", "lang": "en", "count": 0}\n',
         ["bad.jsonl:2: not JSON", "bad.jsonl:3: q: expected the question's text", "bad.jsonl:4: lang: expected one of es, en, found 'fr'", "bad.jsonl:5: count: expected a whole number"]),
        ("bad.csv", "question,language\nhola,es\n", ["bad.csv:1: the header row must name the columns q and lang"]),
        ("empty.jsonl", "\n", ["empty.jsonl: no questions in the file"]),
        ("latin1.csv", "q,lang\nadi\xf3s,es\n", ["latin1.csv:2: byte 0xf3 is not UTF-8"]),
    ],
)
def test_bad_exports_are_reported_with_line_numbers(project, tmp_path, name, content, expected):
    log = tmp_path / name
    log.write_bytes(content.encode("latin-1") if name == "latin1.csv" else content.encode("utf-8"))
    proc = knowledge(project, "triage", str(log))
    assert proc.returncode == 2 and proc.stdout == ""
    assert "Traceback" not in proc.stderr
    for line in expected:
        assert line in proc.stderr, proc.stderr


def test_missing_file_and_broken_faq_are_clear_errors(project, tmp_path):
    proc = knowledge(project, "triage", str(tmp_path / "nope.jsonl"))
    assert proc.returncode == 2 and "cannot read" in proc.stderr and "Traceback" not in proc.stderr
    (project / "faq" / "contact-us.yml").write_text("es: [not, a, mapping]\n", encoding="utf-8")
    proc = knowledge(project, "triage", str(FIXTURES / "questions.jsonl"))
    assert proc.returncode == 2 and "the FAQ has" in proc.stderr and "faq/contact-us.yml:1:" in proc.stderr


def test_apply_keeps_crlf_line_endings_and_a_bom(project, tmp_path):
    """The same edit on the fixture saved by a Windows editor: CRLF and a BOM stay."""
    entry = project / "faq" / "code-ownership.yml"
    lf = entry.read_bytes()
    entry.write_bytes(b"\xef\xbb\xbf" + lf.replace(b"\n", b"\r\n"))
    log = tmp_path / "log.jsonl"
    log.write_text('{"q": "el repo es nuestro?", "lang": "es"}\n', encoding="utf-8")
    proc = knowledge(project, "triage", str(log), "--apply")
    assert proc.returncode == 0, proc.stderr
    lines = lf.splitlines(keepends=True)
    expected = b"".join(lines[:8]) + '      -   "el repo es nuestro?"\n'.encode() + b"".join(lines[8:])
    assert entry.read_bytes() == b"\xef\xbb\xbf" + expected.replace(b"\n", b"\r\n")
    assert knowledge(project, "check").returncode == 0
