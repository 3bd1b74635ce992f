"""Rendering: real table semantics, escaping, emphasis that is text, not color alone."""

from __future__ import annotations

from html.parser import HTMLParser

from knowledge.tables.model import Comparison
from knowledge.tables.render import best_options, render_comparison


def comparison(**overrides) -> Comparison:
    data = {
        "id": "a-vs-b",
        "caption": {"es": "A o B <script>alert(1)</script>", "en": "A vs. B"},
        "note": {"es": "Nota & más", "en": "Note"},
        "options": [
            {"id": "a", "label": {"es": "A", "en": "A"}},
            {"id": "b", "label": {"es": "B \"beta\"", "en": "B"}},
        ],
        "criteria": [
            {
                "id": "cost",
                "label": {"es": "Costo", "en": "Cost"},
                "better": "low",
                "cells": {"a": {"es": "Bajo", "en": "Low", "rating": "low"}, "b": {"es": "Alto", "en": "High", "rating": "high"}},
            },
            {
                "id": "speed",
                "label": {"es": "Velocidad", "en": "Speed"},
                "better": "high",
                "cells": {"a": {"es": "Media", "en": "Medium", "rating": "medium"}, "b": {"es": "Media", "en": "Medium", "rating": "medium"}},
            },
            {
                "id": "style",
                "label": {"es": "Estilo\n  en dos líneas", "en": "Style"},
                "cells": {"a": {"es": "<b>sí</b>", "en": "yes"}, "b": {"es": "no", "en": "no"}},
            },
        ],
    }
    data.update(overrides)
    return Comparison.model_validate(data)


class Outline(HTMLParser):
    """Collects the table's structure as a browser would see it."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.text: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        if self.stack:
            self.text.setdefault(self.stack[-1], []).append(data)


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def test_table_semantics():
    html = render_comparison(comparison(), "en")
    parsed = outline(html)
    scopes = [attrs.get("scope") for tag, attrs in parsed.tags if tag == "th"]
    assert scopes.count("col") == 3  # corner + two options
    assert scopes.count("row") == 3
    assert [tag for tag, _ in parsed.tags].count("caption") == 1
    region = next(attrs for tag, attrs in parsed.tags if attrs.get("class") == "kn-cmp__scroll")
    assert region["tabindex"] == "0" and region["role"] == "region"
    assert region["aria-labelledby"] == "comparison-a-vs-b-caption"
    assert any(attrs.get("id") == "comparison-a-vs-b-caption" for tag, attrs in parsed.tags if tag == "caption")
    assert "\n\n" not in html  # one raw HTML block for Markdown


def test_all_data_is_escaped():
    html = render_comparison(comparison(), "es")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>" not in html and "&lt;b&gt;sí&lt;/b&gt;" in html
    assert "B &#34;beta&#34;" in html
    assert "Nota &amp; más" in html
    assert "Estilo en dos líneas" in html  # whitespace of YAML folded text collapsed


def test_best_cell_carries_a_text_badge_not_only_a_color():
    html = render_comparison(comparison(), "es")
    cost_row = next(line for line in html.splitlines() if "Costo" in line)
    assert 'class="kn-cmp__best">Bajo' in cost_row
    assert cost_row.count("kn-cmp__badge") == 1 and "Mejor</span>" in cost_row
    english = render_comparison(comparison(), "en")
    assert "Better</span>" in english


def test_no_winner_when_ratings_tie_or_row_has_no_better():
    table = comparison()
    ids = ["a", "b"]
    assert best_options(table.criteria[0], ids) == {"a"}
    assert best_options(table.criteria[1], ids) == set()  # both medium
    assert best_options(table.criteria[2], ids) == set()  # no ratings, no better
    high = comparison(criteria=[{**table.criteria[0].model_dump(), "better": "high"}])
    assert best_options(high.criteria[0], ids) == {"b"}


def test_caption_defaults_to_the_option_labels_and_note_source_are_optional():
    html = render_comparison(comparison(caption=None, note=None), "en")
    assert "<span>A vs. B</span></caption>" in html
    assert "kn-cmp__note" not in html and "kn-cmp__source" not in html


def test_source_is_rendered_below_the_table():
    html = render_comparison(comparison(source={"es": "Nosotros", "en": "Us"}), "es")
    assert html.index("</table>") < html.index("kn-cmp__note") < html.index('<p class="kn-cmp__source">Fuente: Nosotros</p>')
