"""``knowledge triage``: turn exported visitor questions into FAQ work (issue 12).

- :mod:`knowledge.triage.log`: reading the export (JSONL or CSV), every bad line reported;
- :mod:`knowledge.triage.core`: the shipped model on each question, clusters of
  near-identical questions, the action for each (answered / add-variant / new-entry),
  the Markdown report and the JSON lines;
- :mod:`knowledge.triage.apply`: ``--apply``, surgical edits of ``faq/<id>.yml``
  (new ``variants`` lines, every other byte kept) and drafts in ``faq/_drafts/``;
- :mod:`knowledge.triage.cli`: the command.

No MkDocs here, and nothing leaves the machine.
"""
