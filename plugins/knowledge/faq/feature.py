"""Placeholder: the FAQ feature (replaced by the FAQ engine's implementation)."""

from knowledge.features import Feature


class FaqFeature(Feature):
    name = "faq"
