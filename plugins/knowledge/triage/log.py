"""Reading an export of visitor questions.

Two formats, chosen by the file's extension (``.csv``; anything else is JSONL):

- JSONL, one object per line: ``{"q": "…", "lang": "es", "count": 3}`` (``count``
  optional, default 1). Lines written by ``assistant.report_url`` (with
  ``"event": "knowledge:question"``) are read as they are; ``knowledge:feedback``
  lines are skipped (they repeat a question already counted).
- CSV with a header row naming the columns ``q``, ``lang`` and optionally ``count``
  (other columns are ignored), UTF-8, comma-separated, quoted as spreadsheets write it.

The same question (same language, same text once spaces are collapsed) on several
lines is one question whose counts add up. Every bad line is reported with its
number; nothing is read from a file with problems.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

MAX_BYTES = 64 * 1024 * 1024
MAX_QUERY = 500  # what the assistant keeps of a question (assistant.js MAX_QUERY)


class LogError(Exception):
    """The export cannot be read; ``problems`` lists every bad line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Asked:
    q: str
    lang: str
    count: int


def read_log(path: Path, languages: Sequence[str]) -> list[Asked]:
    """The questions of ``path`` in first-seen order, duplicates merged."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise LogError([f"{path}: cannot read: {exc.strerror or exc}"]) from None
    if len(raw) > MAX_BYTES:
        raise LogError([f"{path}: {len(raw)} bytes; split exports larger than {MAX_BYTES // (1024 * 1024)} MiB"])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LogError([f"{path}:{line}: byte 0x{raw[exc.start]:02x} is not UTF-8; export the file as UTF-8"]) from None
    if Path(path).suffix.lower() == ".csv":
        rows, problems = _csv_rows(path, text)
    else:
        rows, problems = _jsonl_rows(path, text)
    merged: dict[tuple[str, str], Asked] = {}
    for number, item in rows:
        asked, problem = _asked(item, languages)
        if problem:
            problems.append(f"{path}:{number}: {problem}")
            continue
        if asked is None:
            continue
        key = (asked.lang, " ".join(asked.q.split()).casefold())
        if key in merged:
            merged[key].count += asked.count
        else:
            merged[key] = asked
    if problems:
        raise LogError(problems)
    if not merged:
        raise LogError([f"{path}: no questions in the file"])
    return list(merged.values())


def _jsonl_rows(path: Path, text: str) -> tuple[list[tuple[int, dict]], list[str]]:
    rows, problems = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{number}: not JSON ({exc.msg}); each line is {{\"q\": \"…\", \"lang\": \"es\", \"count\": 1}}")
            continue
        if not isinstance(item, dict):
            problems.append(f"{path}:{number}: expected an object {{\"q\", \"lang\", \"count\"}}, found {type(item).__name__}")
            continue
        rows.append((number, item))
    return rows, problems


def _csv_rows(path: Path, text: str) -> tuple[list[tuple[int, dict]], list[str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [name for name in ("q", "lang") if name not in header]
    if missing:
        return [], [f"{path}:1: the header row must name the columns q and lang (and optionally count); missing {', '.join(missing)}"]
    reader.fieldnames = header
    rows = []
    try:
        for item in reader:
            rows.append((reader.line_num, {k: v for k, v in item.items() if k is not None}))
    except csv.Error as exc:
        return rows, [f"{path}:{reader.line_num}: not CSV: {exc}"]
    return rows, []


def _asked(item: dict, languages: Sequence[str]) -> tuple[Asked | None, str | None]:
    """The question of one row, ``(None, None)`` for a row to skip, or a problem."""
    event = item.get("event")
    if event == "knowledge:feedback":
        return None, None
    q, lang, count = item.get("q"), item.get("lang"), item.get("count", 1)
    if not isinstance(q, str) or not q.strip():
        return None, "q: expected the question's text"
    if not isinstance(lang, str) or lang.strip() not in languages:
        return None, f"lang: expected one of {', '.join(languages)}, found {lang!r}"
    if isinstance(count, str):  # CSV cells are text
        count = count.strip() or "1"
        count = int(count) if count.isdigit() else count
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        return None, f"count: expected a whole number of at least 1, found {count!r}"
    return Asked(q.strip()[:MAX_QUERY], lang.strip(), count), None
