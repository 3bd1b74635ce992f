"""Comparison tables generated from one data file, in every site language.

Editors keep every comparison table of the site once, as data, in
``content/comparisons.yml`` (option ``tables: {file: …}`` of the ``knowledge``
plugin, relative to ``docs_dir``). The file is read by the plugin and never
published as a raw file.

The data file
=============

::

    # yaml-language-server: $schema=../plugins/knowledge/schemas/comparisons.schema.json
    comparisons:
      - id: rag-vs-fine-tuning            # kebab-case, unique in the file
        caption: {es: "…", en: "…"}       # optional; default: the option labels joined by "vs."
        note: {es: "…", en: "…"}          # optional, shown below the table
        source: {es: "…", en: "…"}        # optional, shown below the table after "Fuente:"/"Source:"
        options:                          # the columns, in order (at least two)
          - id: rag                       # kebab-case, unique in the table
            label: {es: RAG, en: RAG}
          - id: fine-tuning
            label: {es: Fine-tuning, en: Fine-tuning}
        criteria:                         # the rows, in order (at least one)
          - id: upfront-cost              # kebab-case, unique in the table
            label: {es: Costo inicial, en: Upfront cost}
            better: low                   # which end of the scale is good on this row: low or high
            cells:                        # one per option id, no more, no less
              rag: {es: Bajo, en: Low, rating: low}
              fine-tuning: {es: Medio a alto, en: Medium to high, rating: high}

- Every text (caption, note, source, labels, cell values) is plain text (no
  Markdown, no HTML: it is escaped) and exists in every site language.
- ``rating`` is optional, on the fixed scale ``low``, ``medium``, ``high``: where
  the cell's value sits on the row's scale. A row whose cells have ratings must
  say with ``better`` which end wins. The cells with the most favorable rating
  of the row get the emphasis (bold, a tint and a "✓ Mejor" / "✓ Better" text
  badge, so it never depends on color); a row whose ratings are all equal has
  no winner.

Embedding a table
=================

An article embeds a table with an HTML comment alone on its line (indented by
at most three spaces)::

    <!-- comparison: rag-vs-fine-tuning -->

The line is replaced by the table in the page's language. Markers inside fenced
code blocks (``` or ~~~) or indented code are examples and stay as they are.
The same table may appear more than once on a page; each copy gets its own
HTML id (``comparison-<id>``, ``comparison-<id>-2``, …).

The rendered table is a real ``<table>`` with a ``<caption>``, column headers
(``<th scope="col">``, the options) and row headers (``<th scope="row">``, the
criteria), inside a container that scrolls sideways on its own (focusable and
labelled by the caption) so the page never scrolls sideways on a phone.

Problems
========

Reported with ``file:line:col`` in the build and by ``knowledge check``, all in
one run:

- ``table-unknown-id``: a marker names no comparison of the data file (reported
  on the article's line);
- ``table-duplicate-id``: two comparisons, or two options or criteria of one
  comparison, share an id; ``table-invalid-id``: an id is not kebab-case;
- ``table-missing-cell``: a row has no cell for a column;
  ``table-unknown-option``: a row has a cell for a column that does not exist;
- ``table-missing-translation``: a text is missing or empty in a site language;
  ``table-unknown-language``: a text in a language the site does not have;
- ``table-unknown-rating``: a rating (or ``better``) off the scale;
  ``table-missing-better``: a row rates its cells without saying which end wins;
- plus the shape problems of every data file (``unknown-key``, ``missing-key``,
  ``wrong-type``, ``invalid-value``) and the YAML ones (``yaml-*``).

Modules: :mod:`.model` (pydantic shape, source of the JSON Schema),
:mod:`.loader` (validation), :mod:`.render` (HTML), :mod:`.markers` (the
one-line marker), :mod:`.feature` (the hooks the site core calls).
"""
