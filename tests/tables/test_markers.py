"""The one-line marker: found outside code only, replaced by the table, unknown ids located."""

from __future__ import annotations

from pathlib import Path

import markdown as python_markdown
import pytest

from knowledge.features import PageContext, SiteContext
from knowledge.tables.feature import CSS_SOURCE, TablesFeature
from knowledge.tables.markers import find_markers

REPO = Path(__file__).resolve().parents[2]


def site(tmp_path: Path | None = None, **options) -> SiteContext:
    project = tmp_path or REPO
    return SiteContext(project, project / "content", ("es", "en"), "", True, options)


def loaded_feature(site_context: SiteContext) -> TablesFeature:
    feature = TablesFeature()
    assert feature.load(site_context) == []
    return feature


def page(lang: str = "es", body_line: int = 1, url: str | None = None) -> PageContext:
    return PageContext(lang, "blog/x", url or f"{lang}/blog/x/", True, {}, f"content/{lang}/blog/x.md", body_line)


def test_markers_outside_code_only():
    body = "\n".join(
        [
            "<!-- comparison: a -->",  # 0: found
            "```markdown",
            "<!-- comparison: in-backticks -->",
            "```",
            "~~~~",
            "```",
            "<!-- comparison: in-tildes -->",  # a shorter/different fence does not close ~~~~
            "~~~~",
            "",
            "    <!-- comparison: indented-code -->",
            "\t<!-- comparison: tab-code -->",
            "text <!-- comparison: inline --> text",
            "   <!--comparison:b-->  ",  # 12: found, 3 spaces of indent allowed
            "- <!-- comparison: in-a-list -->",
        ]
    )
    assert [(m.line, m.col, m.comparison_id) for m in find_markers(body)] == [(0, 1, "a"), (12, 4, "b")]


def test_an_unclosed_fence_hides_the_rest():
    assert list(find_markers("```\n<!-- comparison: a -->\n")) == []


def test_marker_expands_to_the_table_in_the_page_language():
    feature = loaded_feature(site())
    body = "Intro.\n\n<!-- comparison: rag-vs-fine-tuning -->\nAfter.\n"
    for lang, caption, row in [("es", "RAG o fine-tuning", "Costo inicial"), ("en", "RAG vs. fine-tuning", "Upfront cost")]:
        out, problems = feature.page_markdown(body, page(lang), site())
        assert problems == []
        assert "<!-- comparison:" not in out
        html = python_markdown.markdown(out, extensions=["tables", "toc", "attr_list", "md_in_html"])
        assert f'<th scope="row">{row}</th>' in html
        assert caption in html
        assert "<p>After.</p>" in html  # the text after the marker is still Markdown


def test_unknown_id_is_located_in_the_markdown_source():
    feature = loaded_feature(site())
    body = "Intro.\n\n```\n<!-- comparison: nope-in-code -->\n```\n\n  <!-- comparison: nope -->\n"
    out, problems = feature.page_markdown(body, page(body_line=6), site())
    [problem] = problems
    assert (problem.path, problem.line, problem.col, problem.rule) == ("content/es/blog/x.md", 6 + 6, 3, "table-unknown-id")
    assert "'nope'" in problem.message and "rag-vs-fine-tuning" in problem.message
    assert out == body  # nothing expanded, the code block untouched


def test_same_table_twice_gets_distinct_ids():
    feature = loaded_feature(site())
    body = "<!-- comparison: hosted-vs-open-models -->\n\n<!-- comparison: hosted-vs-open-models -->\n"
    out, _ = feature.page_markdown(body, page("en"), site())
    assert 'id="comparison-hosted-vs-open-models"' in out
    assert 'id="comparison-hosted-vs-open-models-2"' in out
    assert 'aria-labelledby="comparison-hosted-vs-open-models-2-caption"' in out


def test_styles_go_to_the_sites_stylesheet_not_a_link_of_their_own():
    feature = loaded_feature(site())
    with_table = page("en", url="en/blog/x/")
    feature.page_markdown("<!-- comparison: rag-vs-fine-tuning -->", with_table, site())
    assert feature.head_html(with_table, site()) == ""
    assert feature.generated_files(site()) == []
    css = feature.stylesheet(site())
    assert css == CSS_SOURCE.read_text(encoding="utf-8") and "overflow-x: auto" in css


def test_data_file_option_and_missing_file(tmp_path):
    (tmp_path / "content").mkdir()
    feature = TablesFeature()
    # No data file and none configured: no problem until an article uses a marker.
    assert feature.load(site(tmp_path)) == []
    _, problems = feature.page_markdown("<!-- comparison: x -->", page(), site(tmp_path))
    assert [p.rule for p in problems] == ["table-unknown-id"]
    # A configured file that does not exist is a problem of its own.
    problems = feature.load(site(tmp_path, tables={"file": "data/tables.yml"}))
    assert [(p.path, p.rule) for p in problems] == [("content/data/tables.yml", "unreadable")]
    assert feature.data_files(site(tmp_path, tables={"file": "data/tables.yml"})) == ["data/tables.yml"]
    assert feature.data_files(site(tmp_path)) == ["comparisons.yml"]


def test_marker_of_a_broken_file_is_not_reported_twice(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    text = (REPO / "content" / "comparisons.yml").read_text(encoding="utf-8").replace("rating: low}", "rating: lo}", 1)
    (content / "comparisons.yml").write_text(text, encoding="utf-8")
    feature = TablesFeature()
    problems = feature.load(site(tmp_path))
    assert [p.rule for p in problems] == ["table-unknown-rating"]
    _, page_problems = feature.page_markdown("<!-- comparison: rag-vs-fine-tuning -->", page(), site(tmp_path))
    assert page_problems == []
    assert feature.page_problems("<!-- comparison: rag-vs-fine-tuning -->", page(), site(tmp_path)) == []


def test_marker_without_id_and_windows_line_endings():
    feature = loaded_feature(site())
    body = "Intro.\r\n\r\n<!-- comparison: -->\r\n<!-- comparison: rag-vs-fine-tuning -->\r\n"
    out, problems = feature.page_markdown(body, page(body_line=5), site())
    assert [(p.line, p.rule) for p in problems] == [(5 + 2, "table-unknown-id")]
    assert "has no id" in problems[0].message
    assert out.count('<table class="kn-cmp__table">') == 1


@pytest.mark.parametrize(
    "body",
    [
        "<!-- comparison: rag-vs-fine-tuning -->\n\n<!-- comparison: nope -->\n",
        "Intro.\r\n\r\n<!-- comparison: -->\r\n<!-- comparison: rag-vs-fine-tuning -->\r\n",
        "```\n<!-- comparison: nope -->\n```\n\n    <!-- comparison: nope -->\n",
        "No table.",
    ],
)
def test_the_check_sees_the_problems_of_the_build_without_rendering(body):
    """`knowledge check` asks page_problems; the build's page_markdown reports the same."""
    feature = loaded_feature(site())
    _, problems = feature.page_markdown(body, page(body_line=4), site())
    assert feature.page_problems(body, page(body_line=4), site()) == problems
