"""knowledge: a bilingual (es/en) knowledge-site generator built on MkDocs.

The core (content model, FAQ, matcher, tables, checks) is plain Python that does
not import MkDocs; ``knowledge.plugin`` is the thin MkDocs adapter.
"""

__version__ = "0.1.0"
