"""Every pair of texts at least ``threshold`` similar under ``rapidfuzz.fuzz.ratio``,
without scoring every pair.

``fuzz.ratio(a, b)`` is ``200 * LCS(a, b) / (len(a) + len(b))`` (an Indel ratio), and
the longest common subsequence of two texts can use each character no more often
than both texts have it, so::

    LCS(a, b) <= H(a, b) = sum over characters c of min(count_a(c), count_b(c))

``H`` is a dot product of "thermometer" codes (one 0/1 column per character and
occurrence: the k-th ``e`` of a text sets column ``(e, k)``), so ``H`` of every pair
is one matrix product, computed in blocks by BLAS. Pairs whose bound is below the
threshold cannot reach it; the few left are scored by rapidfuzz itself with the
same arguments as a brute-force ``process.cdist``, so the pairs and their scores
are exactly the brute force's (``tests/check/test_near_duplicates.py`` proves it
on generated data). On 6,000 short questions, about one pair in 10,000 survives.

Two details keep the bound an upper bound whatever the texts:

- characters beyond the ``MAX_BINS - 1`` most frequent ones share one column group
  (``min(a1 + a2, b1 + b2) >= min(a1, b1) + min(a2, b2)``, so merging only raises ``H``);
- occurrences beyond the ``MAX_OCCURRENCES``-th of a character are not given columns
  but counted per text (``R``); ``min(ca, cb)`` then equals the capped part plus
  ``min(ra, rb)``, and the sum of those is at most ``(Ra + Rb) / 2``.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Sequence

import numpy as np
from rapidfuzz import fuzz, process

MAX_BINS = 96  # character groups: the most frequent characters get one each
MAX_OCCURRENCES = 16  # thermometer columns per character; more are counted, not encoded
BLOCK_ROWS = 512  # rows of the bound computed at once (a few MB)
EXACT_FLOAT32 = 1 << 24  # float32 adds integers exactly below this


def similar_pairs(texts: Sequence[str], threshold: int) -> list[tuple[int, int, int]]:
    """``(i, j, score)`` with ``i < j`` for every pair of non-empty texts whose
    ``fuzz.ratio`` (``processor=None``: the caller prepares the texts) is at least
    ``threshold``; ``score`` as ``process.cdist(..., dtype=np.uint8)`` gives it.

    Pairs come shorter text first: ordered by the rank of their two texts in a
    stable sort by length, lower rank first. That is the order the band-by-length
    search this replaced found them in, and it matters: the check keeps the first
    problem reported at a place, so it decides which partner a line names."""
    live = [i for i, text in enumerate(texts) if text]
    if len(live) < 2:
        return []
    kept = [texts[i] for i in live]
    pairs: list[tuple[int, int, int]] = []
    for row, columns in candidate_pairs(kept, threshold):
        scores = process.cdist(
            [kept[row]], [kept[c] for c in columns],
            scorer=fuzz.ratio, processor=None, score_cutoff=threshold, dtype=np.uint8, workers=1,
        )[0]
        for column, score in zip(columns, scores.tolist()):
            if score:
                pairs.append((live[row], live[column], score))
    by_length = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    rank = {index: position for position, index in enumerate(by_length)}
    return sorted(pairs, key=lambda p: sorted((rank[p[0]], rank[p[1]])))


def candidate_pairs(texts: Sequence[str], threshold: int) -> list[tuple[int, list[int]]]:
    """``(i, [j, …])`` with ``i < j``: every pair whose bound on ``fuzz.ratio`` reaches
    ``threshold - 1`` (one point of slack: the bound is compared in exact integers,
    rapidfuzz's score in floating point). A superset of the pairs that match.

    The texts are taken shortest first, and each block of rows is compared only with
    the texts not too long for it: ``LCS <= min(la, lb)``, so a pair with ``la <= lb``
    reaches ``t - 1`` only if ``200 * la >= (t - 1) * (la + lb)``. At the duplicate
    threshold of 90 that halves the product on the build benchmark's FAQ."""
    n = len(texts)
    codes, overflow = _thermometer(texts)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    order = np.argsort(lengths, kind="stable")
    codes, overflow, lengths = codes[order], overflow[order], lengths[order]
    # 200*H + 100*(Ra + Rb) - (t-1)*(la + lb) >= 0, as one product of augmented rows:
    # left = [200*U, 100*R - (t-1)*len, 1], right = [U, 1, 100*R - (t-1)*len].
    slack = 100 * overflow - (threshold - 1) * lengths
    exact32 = 400 * int(lengths.max()) < EXACT_FLOAT32
    dtype = np.float32 if exact32 else np.float64
    ones = np.ones((n, 1), dtype=dtype)
    left = np.hstack([200 * codes.astype(dtype), slack[:, None].astype(dtype), ones])
    right = np.hstack([codes.astype(dtype), ones, slack[:, None].astype(dtype)])
    found: dict[int, list[int]] = {}
    with _one_blas_thread():
        for start in range(0, n - 1, BLOCK_ROWS):
            stop = min(start + BLOCK_ROWS, n)
            end = n
            if threshold > 1:  # the longest partner the block's longest text can have
                end = int(np.searchsorted(lengths, int(lengths[stop - 1]) * (201 - threshold) // (threshold - 1), side="right"))
            for row, columns in _block_candidates(left, right, start, stop, max(end, stop)):
                for column in columns:
                    i, j = sorted((int(order[row]), int(order[column])))
                    found.setdefault(i, []).append(j)
    return [(i, sorted(found[i])) for i in sorted(found)]


def _block_candidates(left: np.ndarray, right: np.ndarray, start: int, stop: int, end: int) -> list[tuple[int, list[int]]]:
    """Candidates of rows ``start:stop`` among the texts after each of them, up to ``end``."""
    bound = left[start:stop] @ right[start:end].T  # rows i, columns j, both from `start`
    bound[:, : stop - start][_on_or_below_diagonal(stop - start)] = -1  # keep j > i
    # Survivors are rare: find the rows that have any, then their columns.
    return [
        (start + row, (np.flatnonzero(bound[row] >= 0) + start).tolist())
        for row in np.flatnonzero(bound.max(axis=1) >= 0).tolist()
    ]


def _one_blas_thread() -> AbstractContextManager[object]:
    """BLAS on one thread: the products are small, and on a busy machine (CI, an
    editor's laptop running a build) extra BLAS threads spin and cost twice the CPU
    for little wall time gained."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # only speed depends on it
        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _on_or_below_diagonal(size: int) -> np.ndarray:
    return np.tri(size, dtype=bool)


def _thermometer(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """0/1 codes (``uint8``, one row per text) whose dot product is the capped
    ``sum min(count_a, count_b)``, and each text's occurrences left out by the cap."""
    n = len(texts)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    chars = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    owner = np.repeat(np.arange(n), lengths)
    alphabet, char_index, frequency = np.unique(chars, return_inverse=True, return_counts=True)
    by_frequency = np.empty(len(alphabet), dtype=np.int64)
    by_frequency[np.argsort(-frequency, kind="stable")] = np.arange(len(alphabet))
    bins = np.minimum(by_frequency, MAX_BINS - 1)[char_index]
    n_bins = int(bins.max()) + 1
    # k-th occurrence of its bin in its text: rank within runs of equal (text, bin).
    key = owner * n_bins + bins
    key.sort(kind="stable")
    starts = np.r_[0, np.flatnonzero(np.diff(key)) + 1]
    occurrence = np.arange(len(key)) - np.repeat(starts, np.diff(np.r_[starts, len(key)]))
    text_of, bin_of = key // n_bins, key % n_bins
    encoded = occurrence < MAX_OCCURRENCES
    width = np.zeros(n_bins, dtype=np.int64)
    np.maximum.at(width, bin_of[encoded], occurrence[encoded] + 1)
    offset = np.r_[0, np.cumsum(width)[:-1]]
    codes = np.zeros((n, int(width.sum())), dtype=np.uint8)
    codes[text_of[encoded], offset[bin_of[encoded]] + occurrence[encoded]] = 1
    overflow = np.bincount(text_of[~encoded], minlength=n)
    return codes, overflow
