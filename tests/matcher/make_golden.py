"""Regenerate tests/matcher/golden.json from the fixture FAQ in tests/matcher/faq/.

    .venv/bin/python tests/matcher/make_golden.py            # golden.json and golden_index.json
    .venv/bin/python tests/matcher/make_golden.py --index    # golden_index.json only

golden.json holds the trained model and, per query, what the Python reference
returns. golden_index.json is the ready index built from that model
(``knowledge.matcher.index.browser_index``, SPEC.md §12), the form a large FAQ
ships (the fixture is small, so its build would ship the model itself).
``test_matcher.py`` and ``matcher.test.js`` (``node --test``) replay every query
on both forms: same top-3 ids in order, scores within 1e-6. Regenerate only when
SPEC.md changes, and review the diff.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from knowledge.faq.loader import load_faq
from knowledge.matcher import MatchEntry, Matcher, match_entries, train
from knowledge.matcher.index import browser_index

HERE = Path(__file__).resolve().parent
FIXTURE_FAQ = HERE / "faq"
GOLDEN = HERE / "golden.json"
GOLDEN_INDEX = HERE / "golden_index.json"

LONG_QUERY = ("¿Cuánto cuesta el diseño de una página? " * 300)[:10_000]

# (what the case checks, query)
CASES: list[tuple[str, str]] = [
    ("accented Spanish", "¿Cuánto cuesta el diseño de una página web?"),
    ("unaccented Spanish", "cuanto cuesta el diseno de una pagina web"),
    ("upper case and ¿¡", "¡¿CUÁNTO CUESTA EL DISEÑO?!"),
    ("ñ folded to n (año)", "plan por año"),
    ("ñ written as n", "plan por ano"),
    ("mañana / sábado", "¿atienden el sábado a la mañana?"),
    ("emoji around words", "🚀 precio del diseño web 🎉👍🏽"),
    ("emoji only", "🚀🎉"),
    ("empty", ""),
    ("whitespace only", "   \t\n\u00a0 "),
    ("punctuation only", "¿¡?!...,;"),
    ("10,000 characters", LONG_QUERY),
    ("tie between identical entries (id decides)", "¿Dónde está la oficina?"),
    ("tie, unaccented", "direccion de la oficina"),
    ("English", "how much does web design cost"),
    ("cross-language: English query, one-language Spanish entry", "yearly plan discount"),
    ("cross-language: Spanish query, bilingual entry", "acuerdo de confidencialidad NDA"),
    ("typo corrected (OSA distance 1)", "presupuseto para una pagina"),
    ("typo, transposition", "confidencilaidad"),
    ("out of scope, unrelated: no suggestion", "receta de empanadas"),
    ("near miss: abstains but suggests", "precio mantenimiento"),
    ("out of scope sharing a word", "cuánto cuesta un auto usado"),
    ("mathematical bold letters (NFKD)", "𝐩𝐫𝐞𝐜𝐢𝐨 del diseño"),
    ("fullwidth letters (NFKD)", "ｐｒｅｃｉｏ web"),
    ("digits and letters", "plan 2024 por año"),
    ("unknown words only", "zzzz qqqq"),
]


def fixture_entries() -> list[MatchEntry]:
    entries, problems = load_faq(FIXTURE_FAQ, root=HERE, require_all_languages=False)
    errors = [p for p in problems if p.level == "error"]
    if errors:
        raise SystemExit("\n".join(p.parsable() for p in errors))
    return match_entries(entries)


def write_index(model: dict) -> None:
    GOLDEN_INDEX.write_text(json.dumps(browser_index(model), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN_INDEX}")


def main() -> None:
    if "--index" in sys.argv[1:]:  # the index format changed, not the model nor the answers
        write_index(json.loads(GOLDEN.read_text(encoding="utf-8"))["model"])
        return
    model = train(fixture_entries())
    matcher = Matcher(model)
    cases = []
    for name, query in CASES:
        result = matcher.search(query)
        cases.append(
            {"name": name, "query": query, "id": result.id, "score": result.score,
             "top": [{"id": i, "score": s, "suggest": ok} for (i, s), ok in zip(result.top, result.suggest)]}
        )
    GOLDEN.write_text(
        json.dumps({"model": model, "cases": cases}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"wrote {GOLDEN} ({len(cases)} cases)")
    write_index(model)


if __name__ == "__main__":
    main()
