"""The FAQ matcher: one algorithm (SPEC.md), a Python reference and ``assets/matcher.js``."""

from knowledge.matcher.engine import SPEC_VERSION, DEFAULT_TUNABLES, MatchResult, Matcher, ModelError
from knowledge.matcher.train import MatchEntry, train

__all__ = ["SPEC_VERSION", "DEFAULT_TUNABLES", "MatchEntry", "MatchResult", "Matcher", "ModelError", "train"]
