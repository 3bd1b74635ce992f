"""The weight stream of the model (SPEC.md §5.4): quantised levels, range-coded.

The model holds one level in -15…15 per (entry, feature of that entry). Written
one character per level, gzip codes them at about their plain entropy (2.3 bits
on CLINC150). The level is far more predictable than that from things both
engines already know: how many entries use the feature (df), how many of the
entry's own texts use it, and the previous level of the same entry. An adaptive
binary range coder (the one LZMA uses, with count-based probabilities) with
those contexts gets ~1.7 bits per level; its bytes ship as base64, which gzip
leaves as they are. ``assets/matcher.js`` decodes the same way, bit for bit;
only integers below 2**32 are involved, exact in JS doubles.
"""

from __future__ import annotations

import base64
from typing import Iterable, Iterator

PROB_BITS = 12  # probabilities of a 0 bit, in 1/4096
COUNT_LIMIT = 1024  # counts are halved once they reach this total (adapts, keeps p in 1…4095)
TOP = 1 << 24
MAG_BITS = 14  # magnitude 1…15 as up to 14 "greater than j" bits
PREV_BUCKETS = 7  # previous level clipped to -3…3
N_CONTEXTS = 6 * 3 * PREV_BUCKETS


def context(df: int, in_texts: int, prev_level: int) -> int:
    """Context number (0…125) of one level: min(df, 6), min(texts using it, 3), previous level clipped to ±3."""
    return ((min(df, 6) - 1) * 3 + min(in_texts, 3) - 1) * PREV_BUCKETS + max(-3, min(3, prev_level)) + 3


# Adaptive probability per binary decision: counts of 0s and 1s (Krichevsky-Trofimov,
# both halved once they reach COUNT_LIMIT), the probability of a 0 being
# ((2*zeros + 1) << PROB_BITS) // (2*(zeros + ones) + 2). The decisions of all three
# kinds live in one pair of count lists, at these offsets:
_NEG = N_CONTEXTS  # "is the level negative?", per context
_MAG = 2 * N_CONTEXTS  # "is the magnitude > j?", per context and j
_N_DECISIONS = _MAG + N_CONTEXTS * MAG_BITS
# The coder loops are written out in full, without helper calls per bit (only per
# byte): a large FAQ codes millions of decisions, and this module is pure Python on
# the build's path.


def _decisions(level: int, ctx: int) -> list[tuple[int, int]]:
    """The binary decisions of one level, as (decision number, bit): nonzero?, then
    negative?, then magnitude > 1, > 2, … until no (or 15)."""
    if level == 0:
        return [(ctx, 0)]
    out = [(ctx, 1), (_NEG + ctx, int(level < 0))]
    mag = -level if level < 0 else level
    base = _MAG + ctx * MAG_BITS - 1
    for j in range(1, min(mag, MAG_BITS) + 1):
        out.append((base + j, int(mag > j)))
    return out


def encode_levels(levels: Iterable[tuple[int, int, int]]) -> str:
    """Range-code ``(level, df, in_texts)`` triples given entry by entry, features ascending.

    ``prev_level`` resets to 0 at each entry start: callers pass ``None`` as df to mark it.
    """

    def with_contexts() -> Iterator[tuple[int, int]]:
        prev = 0
        for level, df, in_texts in levels:
            if df is None:  # entry boundary
                prev = 0
                continue
            yield level, context(df, in_texts, prev)
            prev = level

    return encode_with_contexts(with_contexts())


def encode_with_contexts(coded: Iterable[tuple[int, int]]) -> str:
    """Range-code ``(level, context)`` pairs: :func:`encode_levels` once each level's
    context is known (the trainer computes them for all levels at once, with arrays)."""
    zeros = [0] * _N_DECISIONS
    ones = [0] * _N_DECISIONS
    out = bytearray()
    low, rng, cache, cache_size = 0, 0xFFFFFFFF, 0, 1

    def shift_low() -> None:
        """LZMA's: emit the settled top byte, carrying into the cached ones (once per byte)."""
        nonlocal low, cache, cache_size
        if low < 0xFF000000 or low >= 1 << 32:
            carry = low >> 32
            temp = cache
            while True:
                out.append((temp + carry) & 0xFF)
                temp = 0xFF
                cache_size -= 1
                if cache_size == 0:
                    break
            cache = (low >> 24) & 0xFF
        cache_size += 1
        low = (low & 0x00FFFFFF) << 8

    for level, ctx in coded:
        # A zero level (most of them) is one decision: skip building its list.
        for i, bit in _decisions(level, ctx) if level else ((ctx, 0),):
            z, o = zeros[i], ones[i]
            bound = (rng >> PROB_BITS) * (((2 * z + 1) << PROB_BITS) // (2 * (z + o) + 2))
            if bit:
                low += bound
                rng -= bound
                o += 1
            else:
                rng = bound
                z += 1
            if z + o >= COUNT_LIMIT:
                z, o = (z + 1) >> 1, (o + 1) >> 1
            zeros[i], ones[i] = z, o
            while rng < TOP:
                rng = (rng << 8) & 0xFFFFFFFF
                shift_low()
    for _ in range(5):
        shift_low()
    # LZMA's first byte is always 0 (the coded value stays below 1.0), and the
    # decoder reads missing bytes as 0: neither is shipped.
    assert out[0] == 0
    return base64.b64encode(bytes(out[1:]).rstrip(b"\0")).decode("ascii").rstrip("=")


def decode_levels(text: str, features: list[list[tuple[int, int]]]) -> list[list[int]]:
    """Levels per entry, for ``features[e]`` = [(df, in_texts), …] in ascending feature order."""
    data = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    n_data = len(data)
    zeros = [0] * _N_DECISIONS
    ones = [0] * _N_DECISIONS
    pos = 0
    code, rng = 0, 0xFFFFFFFF
    for _ in range(4):
        code = (code << 8) | (data[pos] if pos < n_data else 0)
        pos += 1

    out: list[list[int]] = []
    for feats in features:
        prev = 0
        levels = []
        for df, in_texts in feats:
            ctx = context(df, in_texts, prev)
            # Decisions in order: nonzero? (i = ctx), negative?, magnitude > 1, > 2, …
            level = 0
            i = ctx
            step = 0  # 0: nonzero?, 1: negative?, 2: magnitude
            negative = 0
            mag = 1
            while True:
                z, o = zeros[i], ones[i]
                bound = (rng >> PROB_BITS) * (((2 * z + 1) << PROB_BITS) // (2 * (z + o) + 2))
                if code < bound:
                    rng = bound
                    bit = 0
                    z += 1
                else:
                    code -= bound
                    rng -= bound
                    bit = 1
                    o += 1
                if z + o >= COUNT_LIMIT:
                    z, o = (z + 1) >> 1, (o + 1) >> 1
                zeros[i], ones[i] = z, o
                while rng < TOP:
                    rng = (rng << 8) & 0xFFFFFFFF
                    code = ((code << 8) | (data[pos] if pos < n_data else 0)) & 0xFFFFFFFF
                    pos += 1
                if step == 0:
                    if not bit:
                        break
                    step, i = 1, _NEG + ctx
                elif step == 1:
                    negative = bit
                    step, i = 2, _MAG + ctx * MAG_BITS
                else:
                    if not bit:
                        break
                    mag += 1
                    if mag == 15:
                        break
                    i += 1
            if step:
                level = -mag if negative else mag
            levels.append(level)
            prev = level
        out.append(levels)
    if pos > n_data + 4:
        raise ValueError("the weight stream is shorter than the model's texts need")
    return out
