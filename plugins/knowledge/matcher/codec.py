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


class _Bits:
    """Adaptive probability per binary decision: counts of 0s and 1s (Krichevsky-Trofimov, halved at a limit)."""

    def __init__(self, n: int) -> None:
        self.zeros = [0] * n
        self.ones = [0] * n

    def p0(self, i: int) -> int:
        z, o = self.zeros[i], self.ones[i]
        return ((2 * z + 1) << PROB_BITS) // (2 * (z + o) + 2)

    def update(self, i: int, bit: int) -> None:
        if bit:
            self.ones[i] += 1
        else:
            self.zeros[i] += 1
        if self.zeros[i] + self.ones[i] >= COUNT_LIMIT:
            self.zeros[i] = (self.zeros[i] + 1) >> 1
            self.ones[i] = (self.ones[i] + 1) >> 1


class _Models:
    def __init__(self) -> None:
        self.zero = _Bits(N_CONTEXTS)
        self.neg = _Bits(N_CONTEXTS)
        self.mag = _Bits(N_CONTEXTS * MAG_BITS)


def _decisions(level: int, ctx: int) -> Iterator[tuple[str, int, int]]:
    """The binary decisions of one level: nonzero?, negative?, then magnitude > 1, > 2, … until no."""
    yield "zero", ctx, int(level != 0)
    if level == 0:
        return
    yield "neg", ctx, int(level < 0)
    mag = abs(level)
    for j in range(1, 15):
        yield "mag", ctx * MAG_BITS + j - 1, int(mag > j)
        if mag <= j:
            return


def encode_levels(levels: Iterable[tuple[int, int, int]]) -> str:
    """Range-code ``(level, df, in_texts)`` triples given entry by entry, features ascending.

    ``prev_level`` resets to 0 at each entry start: callers pass ``None`` as df to mark it.
    """
    models = _Models()
    out = bytearray()
    low, rng, cache, cache_size = 0, 0xFFFFFFFF, 0, 1

    def shift_low() -> None:
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

    prev = 0
    for level, df, in_texts in levels:
        if df is None:  # entry boundary
            prev = 0
            continue
        for kind, i, bit in _decisions(level, context(df, in_texts, prev)):
            bits = getattr(models, kind)
            bound = (rng >> PROB_BITS) * bits.p0(i)
            if bit:
                low += bound
                rng -= bound
            else:
                rng = bound
            bits.update(i, bit)
            while rng < TOP:
                rng = (rng << 8) & 0xFFFFFFFF
                shift_low()
        prev = level
    for _ in range(5):
        shift_low()
    # LZMA's first byte is always 0 (the coded value stays below 1.0), and the
    # decoder reads missing bytes as 0: neither is shipped.
    assert out[0] == 0
    return base64.b64encode(bytes(out[1:]).rstrip(b"\0")).decode("ascii").rstrip("=")


def decode_levels(text: str, features: list[list[tuple[int, int]]]) -> list[list[int]]:
    """Levels per entry, for ``features[e]`` = [(df, in_texts), …] in ascending feature order."""
    data = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    models = _Models()
    pos = 0
    code, rng = 0, 0xFFFFFFFF
    for _ in range(4):
        code = (code << 8) | (data[pos] if pos < len(data) else 0)
        pos += 1

    def bit(bits: _Bits, i: int) -> int:
        nonlocal code, rng, pos
        bound = (rng >> PROB_BITS) * bits.p0(i)
        if code < bound:
            rng = bound
            b = 0
        else:
            code -= bound
            rng -= bound
            b = 1
        bits.update(i, b)
        while rng < TOP:
            rng = (rng << 8) & 0xFFFFFFFF
            code = ((code << 8) | (data[pos] if pos < len(data) else 0)) & 0xFFFFFFFF
            pos += 1
        return b

    out: list[list[int]] = []
    for feats in features:
        prev = 0
        levels = []
        for df, in_texts in feats:
            ctx = context(df, in_texts, prev)
            level = 0
            if bit(models.zero, ctx):
                negative = bit(models.neg, ctx)
                mag = 1
                while mag < 15 and bit(models.mag, ctx * MAG_BITS + mag - 1):
                    mag += 1
                level = -mag if negative else mag
            levels.append(level)
            prev = level
        out.append(levels)
    if pos > len(data) + 4:
        raise ValueError("the weight stream is shorter than the model's texts need")
    return out
