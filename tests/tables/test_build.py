"""Real `mkdocs build` runs: tables in both languages, two per page, markers in code left alone,
and every content problem reported by the build with file:line:col and rule."""

from __future__ import annotations

import re

import pytest

from conftest import failed_build, mkdocs_build
from tables_helpers import REPO, dedent, read_tables, write_site

RAG_ES = {
    "caption": "RAG o fine-tuning: comparación práctica",
    "options": ["RAG", "Fine-tuning"],
    "rows": ["Costo inicial", "Actualizar los datos", "Latencia", "Costo por consulta", "Mantenimiento", "Conocimiento del negocio que cambia seguido", "Estilo o formato muy específico"],
}
RAG_EN = {
    "caption": "RAG vs. fine-tuning: a practical comparison",
    "options": ["RAG", "Fine-tuning"],
    "rows": ["Upfront cost", "Updating the data", "Latency", "Cost per query", "Maintenance", "Business knowledge that keeps changing", "A very specific style or format"],
}

ARTICLES = {
    "one-table": "Intro.\n\n<!-- comparison: rag-vs-fine-tuning -->\n\nAfter the table.\n",
    "two-tables": dedent(
        """
        First:

        <!-- comparison: rag-vs-fine-tuning -->

        Second:

        <!-- comparison: hosted-vs-open-models -->

        How to embed a table:

        ```markdown
        <!-- comparison: rag-vs-fine-tuning -->
        ```

        ~~~
        <!-- comparison: four-ways -->
        ~~~
        """
    ),
    "wide": "<!-- comparison: four-ways -->\n",
    "no-table": "Just text.\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("tables-site")
    return mkdocs_build(write_site(root, articles=ARTICLES), root / "site")


@pytest.mark.parametrize(("lang", "expected"), [("es", RAG_ES), ("en", RAG_EN)])
def test_article_has_the_table_in_its_language(built, lang, expected):
    [table] = read_tables(built.read(f"{lang}/blog/one-table/index.html"))
    assert table.caption == expected["caption"]
    assert table.column_headers[1:] == expected["options"]  # the first is the corner
    assert table.row_headers == expected["rows"]
    assert len(table.cells) == 1 + 7 and all(len(row) == 2 for row in table.cells[1:])
    assert table.attrs["class"] == "kn-cmp__table"
    # The table scrolls in its own box, which keyboard users can focus.
    assert table.container["class"] == "kn-cmp__scroll" and table.container["tabindex"] == "0"
    assert table.container["aria-labelledby"].endswith("-caption")


def test_cells_and_emphasis_in_each_language(built):
    [es] = read_tables(built.read("es/blog/one-table/index.html"))
    [en] = read_tables(built.read("en/blog/one-table/index.html"))
    # The badge's icon is aria-hidden; its word is read after the value.
    assert es.cells[1] == ["Bajo Mejor", "Medio a alto"]
    assert en.cells[1] == ["Low Better", "Medium to high"]
    assert en.cells[3] == ["Higher (search, then generate)", "Lower Better"]


def test_page_with_two_tables_and_markers_in_code(built):
    html = built.read("en/blog/two-tables/index.html")
    tables = read_tables(html)
    assert [t.caption for t in tables] == ["RAG vs. fine-tuning: a practical comparison", "Hosted API models vs. open models on your own servers"]
    assert len(tables[1].row_headers) == 8 and tables[1].column_headers[1:] == ["Hosted API model", "Open model on your own servers"]
    # The examples in code blocks are shown as code, not expanded.
    assert html.count("&lt;!-- comparison: rag-vs-fine-tuning --&gt;") == 1
    assert html.count("&lt;!-- comparison: four-ways --&gt;") == 1
    assert "Four ways" not in html


def test_table_styles_are_in_the_sites_one_stylesheet(built):
    css = built.read("assets/knowledge/site/knowledge.css")
    assert (REPO / "plugins/knowledge/assets/tables.css").read_text(encoding="utf-8").strip() in css
    assert not (built.site_dir / "assets/knowledge/tables.css").exists()
    for page in ("es/blog/one-table/index.html", "es/blog/no-table/index.html"):
        html = built.read(page)
        assert "tables.css" not in html
        assert '<link rel="stylesheet" href="../../../assets/knowledge/site/knowledge.css">' in html


def test_data_file_is_not_published(built):
    assert not (built.site_dir / "comparisons.yml").exists()
    assert not list(built.site_dir.rglob("comparisons.yml"))


def test_sample_article_in_both_languages(sample_site):
    """The repository's own content: the reference table in the fine-tuning article."""
    for lang, expected in (("es", RAG_ES), ("en", RAG_EN)):
        tables = read_tables(sample_site.read(f"{lang}/blog/fine-tuning-when-worth-it/index.html"))
        [table] = [t for t in tables if t.caption == expected["caption"]]
        assert table.column_headers[1:] == expected["options"]
        assert table.row_headers == expected["rows"]
    # No Markdown table duplicates it in the article sources.
    for lang in ("es", "en"):
        source = (REPO / "content" / lang / "blog" / "fine-tuning-when-worth-it.md").read_text(encoding="utf-8")
        assert "<!-- comparison: rag-vs-fine-tuning -->" in source
        assert not re.search(r"^\s*\|.*\|\s*$", source, re.M)


BAD_COMPARISONS = dedent(
    """
    comparisons:
      - id: a-vs-b
        options:
          - id: a
            label: {es: A, en: A}
          - id: b
            label: {es: B}
        criteria:
          - id: cost
            label: {es: Costo, en: Cost}
            better: low
            cells:
              a: {es: Bajo, en: Low, rating: lowest}
      - id: a-vs-b
        options:
          - id: a
            label: {es: A, en: A}
          - id: b
            label: {es: B, en: B}
        criteria:
          - id: cost
            label: {es: Costo, en: Cost}
            cells:
              a: {es: x, en: x}
              b: {es: y, en: y}
              c: {es: z, en: z}
    """
)


def test_build_reports_every_problem_with_location(tmp_path):
    articles = {"post": "Text.\n\n<!-- comparison: no-such-table -->\n"}
    config = write_site(tmp_path, articles=articles, comparisons=BAD_COMPARISONS)
    # MkDocs logs the plugin's report, then raises a short Abort.
    error, logged = failed_build(config, tmp_path / "site")
    text = "\n".join([str(error), logged])
    expected = {
        ("content/comparisons.yml", 7, "table-missing-translation"),
        ("content/comparisons.yml", 13, "table-unknown-rating"),
        ("content/comparisons.yml", 12, "table-missing-cell"),
        ("content/comparisons.yml", 14, "table-duplicate-id"),
        ("content/comparisons.yml", 26, "table-unknown-option"),
        ("content/es/blog/post.md", 12, "table-unknown-id"),
        ("content/en/blog/post.md", 12, "table-unknown-id"),
    }
    found = {(m[0], int(m[1]), m[2]) for m in re.findall(r"(content/\S+?):(\d+):\d+: \[error\] .*?\(([a-z-]+)\)", text)}
    assert expected <= found, text
    assert not (tmp_path / "site" / "es" / "blog" / "post" / "index.html").exists()
