"""The FAQ matcher: one algorithm (SPEC.md), a Python reference and ``assets/matcher.js``."""

from knowledge.matcher.engine import SPEC_VERSION, DEFAULT_TUNABLES, MatchResult, Matcher, ModelError
from knowledge.matcher.train import MatchEntry, match_entries, train

__all__ = ["SPEC_VERSION", "DEFAULT_TUNABLES", "MatchEntry", "match_entries", "MatchResult", "Matcher", "ModelError", "train"]
