"""Placeholder: the comparison-tables feature (replaced by its implementation)."""

from knowledge.features import Feature


class TablesFeature(Feature):
    name = "tables"
