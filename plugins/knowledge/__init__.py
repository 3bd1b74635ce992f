"""knowledge: a multilingual knowledge-site generator built on MkDocs.

The core (content model, FAQ, matcher, tables, checks) is plain Python that does
not import MkDocs; ``knowledge.plugin`` is the thin MkDocs adapter.
"""

from importlib.metadata import PackageNotFoundError, version

# The distribution is not called "knowledge" (that name on PyPI is another project):
# the version comes from the installed metadata, so pyproject.toml is its one source.
DISTRIBUTION = "mkdocs-knowledge-plugin"

try:
    __version__ = version(DISTRIBUTION)
except PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "0+unknown"
