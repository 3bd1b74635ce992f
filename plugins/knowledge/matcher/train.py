"""Build time: from FAQ texts to the compact model (SPEC.md §5 and §10).

Training is a multinomial logistic regression over the same features the query
path uses, with each entry's weights on its own texts' features only (the mask the
browser receives). It runs at build time with numpy and scipy's sparse matrices,
in time and memory linear in the FAQ's texts; the result is a small JSON-serializable
dict that both engines read. Same input, same bytes: entries are sorted by id,
features are numbered by first appearance, negatives are drawn by a fixed hash, and
the optimiser is a fixed-iteration L-BFGS with no randomness.
"""

from __future__ import annotations

import os
from array import array
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

# The dense products are vector-sized: extra BLAS threads only contend (badly, on
# a busy 2-core machine) and make float sums depend on the core count. One thread keeps the build fast and the model byte-identical across
# machines. Effective when numpy is first imported here, as in the CLI and build.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import snowballstemmer

from knowledge.matcher.engine import (
    DEFAULT_TUNABLES,
    SPEC_VERSION,
    BIAS_UNIT,
    TUNABLE_NAMES,
    WEIGHT_LEVELS,
    Compiled,
    concatenated_ranges,
    remember_levels,
    term_counts,
    vocabulary,
)
from knowledge.matcher.codec import PREV_BUCKETS, encode_with_contexts
from knowledge.matcher.text import STOPWORDS, fold, tokens

#: Build-time settings (not needed at query time, so not shipped).
TRAIN_DEFAULTS = {
    "C": 10.0,  # inverse L2 regularisation of the logistic regression
    "maxIter": 300,  # L-BFGS iterations (fixed cap: deterministic)
    "memory": 5,  # L-BFGS correction pairs kept (10: +100 MB at 5,000 entries, same dev figures)
    "exactPairs": 1_000_000,  # exact softmax while texts x entries stays within this
    "hardNegatives": 4,  # beyond it, each text's closest other entries …
    "randomNegatives": 4,  # … and these many others at random, standing for the rest
    "levels": WEIGHT_LEVELS,  # weights are quantised to -levels … +levels (the codec's range)
}

ONE_ENTRY_WEIGHT = 10.0
#: Biases ship with 3 decimals, as integers in thousandths (BIAS_UNIT): an error of
#: 5e-4 is far below the weight step (scale ~ 0.1-0.3) and moved no dev figure.
BIAS_DECIMALS = 3
#: Site language code -> Snowball algorithm (every language snowballstemmer has). A
#: site language missing here is matched without stem groups, never refused.
SNOWBALL_LANGUAGES = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french",
    "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "nb": "norwegian", "no": "norwegian", "nn": "norwegian",
    "fa": "persian", "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "st": "sesotho", "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}


@dataclass(frozen=True)
class MatchEntry:
    """One FAQ entry as the matcher sees it: per language, the question first, then variants."""

    id: str
    texts: dict[str, list[str]] = field(default_factory=dict)


def match_entries(faq_entries: Iterable[Any], languages: Iterable[str] | None = None) -> list[MatchEntry]:
    """What the matcher learns from FAQ entries (``knowledge.faq.model.FaqEntry``):
    per language, the question and its variants. ``languages`` keeps those of the
    site (all of an entry's when None). The build's assistant index and the check's
    variant rule both train on this, so they share one trained model."""
    wanted = None if languages is None else list(languages)
    return [
        MatchEntry(entry.id, {lang: entry.questions(lang) for lang in (entry.texts if wanted is None else wanted) if lang in entry.texts})
        for entry in faq_entries
    ]


def entry_examples(entry: MatchEntry) -> list[str]:
    """Folded, non-empty, distinct texts of an entry, languages in sorted order."""
    out: list[str] = []
    for lang in sorted(entry.texts):
        for text in entry.texts[lang]:
            folded = fold(text)
            if folded and folded not in out:
                out.append(folded)
    return out


def stem_groups(examples: list[list[str]], languages: list[str]) -> list[str]:
    """Surface forms sharing a Snowball stem, as space-joined groups of 2+ words.

    A word's stem is the shortest of its stems in the corpus languages (ties:
    smaller string), so "precios" and "precio" meet, and so do "costs"/"cost".
    Only groups ship; the browser never stems (SPEC.md §4).
    """
    # "pt-BR" stems as "pt"; dict.fromkeys keeps one stemmer per algorithm, in order.
    names = dict.fromkeys(SNOWBALL_LANGUAGES.get(lang) or SNOWBALL_LANGUAGES.get(lang.split("-")[0]) for lang in languages)
    stemmers = [snowballstemmer.stemmer(name) for name in names if name]
    if not stemmers:
        return []
    words = {tok for texts in examples for text in texts for tok in tokens(text) if tok not in STOPWORDS}
    by_stem: dict[str, set[str]] = {}
    for tok in sorted(words):
        stem = min((s.stemWord(tok) for s in stemmers), key=lambda s: (len(s), s))
        by_stem.setdefault(stem, set()).add(tok)
    groups = [" ".join(sorted(words)) for words in by_stem.values() if len(words) > 1]
    return sorted(groups)


@dataclass
class TrainingSet:
    """What the solver reads: every text of every entry as a sparse row, and per entry
    the features its own texts use (the mask, SPEC.md §5.3).

    Built straight into arrays: the engine's ``Compiled`` keeps a dict per text, which
    at 5,000 entries alone takes most of a gigabyte. The numbering, IDF and vectors
    are those of SPEC.md §3-§5 (``tests/matcher/test_train.py`` compares them).
    Its ``df``, ``entry_features`` and ``entry_feature_texts`` give the weight codec's
    contexts (SPEC.md §5.4), as ``engine.weight_contexts`` does for ``Compiled``.
    """

    x: Any  # scipy.sparse.csr_matrix, texts x features: [x_char, wordWeight * x_word]
    labels: np.ndarray  # per text, its entry
    df: np.ndarray  # per feature, entries using it
    entry_features: list[np.ndarray]  # per entry, ascending feature ids seen in its texts
    entry_feature_texts: list[np.ndarray]  # per entry, parallel: how many of its texts use each


def training_set(examples: list[list[str]], stems: list[str], word_weight: float) -> TrainingSet:
    from scipy import sparse

    vocab = vocabulary(examples, stems)
    n_char = len(vocab.char_id)
    n_features = n_char + vocab.n_word
    indices, counts, segment_ends, labels = array("i"), array("d"), array("q"), array("i")
    entry_features: list[np.ndarray] = []
    entry_feature_texts: list[np.ndarray] = []
    df = np.zeros(n_features, dtype=np.int64)
    known_grams: dict[str, list[int]] = {}
    for e, texts in enumerate(examples):
        present: dict[int, int] = {}
        for text in texts:
            for block in term_counts(tokens(text), vocab.char_id, vocab.word_id, n_char, known_grams):
                indices.extend(block)
                counts.extend(block.values())
                segment_ends.append(len(indices))  # the char block, then the word block
                for f in block:
                    present[f] = present.get(f, 0) + 1
            labels.append(e)
        features = sorted(present)
        entry_features.append(np.array(features, dtype=np.int64))
        entry_feature_texts.append(np.array([present[f] for f in features], dtype=np.int64))
        df[features] += 1
    n_examples = len(labels)
    columns = np.frombuffer(indices, dtype=np.int32) if indices else np.zeros(0, dtype=np.int32)
    idf = np.log((len(examples) + 1) / (df + 1.0)) + 1.0
    values = (1.0 + np.log(np.frombuffer(counts) if counts else np.zeros(0))) * idf[columns]
    # L2 norm of each block (SPEC.md §5.2); bincount, because a block may be empty.
    ends = np.frombuffer(segment_ends, dtype=np.int64) if segment_ends else np.zeros(0, dtype=np.int64)
    lengths = np.diff(np.concatenate([[0], ends]))
    segment = np.repeat(np.arange(len(ends)), lengths)
    norms = np.sqrt(np.bincount(segment, weights=values * values, minlength=len(ends)))
    values = values / np.where(norms > 0, norms, 1.0)[segment]
    values = np.where(segment % 2 == 1, word_weight * values, values)
    indptr = np.concatenate([[0], ends[1::2]])
    x = sparse.csr_matrix((values, columns, indptr), shape=(n_examples, n_features))
    x.sort_indices()
    return TrainingSet(x, np.frombuffer(labels, dtype=np.int32).astype(np.int64), df, entry_features, entry_feature_texts)


_CLOSENESS_ROWS = 2048


def _hash_draws(n: int, draws: int, n_classes: int) -> np.ndarray:
    """``draws`` pseudo-random entry indices per text, from splitmix64 of (text, draw):
    the same on every machine and numpy version, unlike a library generator."""
    z = (np.arange(n, dtype=np.uint64)[:, None] * np.uint64(draws) + np.arange(draws, dtype=np.uint64)[None, :]) + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z = z ^ (z >> np.uint64(31))
    return (z % np.uint64(n_classes)).astype(np.int64)


def candidate_pairs(data: TrainingSet, n_classes: int, options: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The (text, entry) pairs each text's softmax runs over, and each pair's log-weight.

    While texts x entries stays within ``exactPairs``, every entry, weight 0: the exact
    softmax. Beyond it, a sampled softmax whose cost is linear in the texts: the
    text's own entry, its ``hardNegatives`` closest other entries (the ones it could be
    confused with, which decide the ranking) and ``randomNegatives`` others drawn at
    random, each standing for ``rest / drawn`` entries (log-weight ``ln(rest / drawn)``),
    so that the sum estimates the full partition function and the softmax ``p`` the
    browser computes over all entries stays calibrated (SPEC.md §5.3, §7).

    Closeness is the cosine between the text and each entry's centroid over the
    distinctive features (used by at most max(8, entries / 20) entries): a feature
    every entry uses says nothing about which entries compete, and skipping them
    keeps this product linear. Ties go to the lower entry index.
    """
    from scipy import sparse

    x, y = data.x, data.labels
    n = x.shape[0]
    if n * n_classes <= int(options["exactPairs"]):
        return np.repeat(np.arange(n), n_classes), np.tile(np.arange(n_classes), n), np.zeros(n * n_classes)
    hard, drawn = int(options["hardNegatives"]), int(options["randomNegatives"])
    distinctive = np.flatnonzero(data.df <= max(8, n_classes // 20))
    xd = x[:, distinctive].tocsr()
    membership = sparse.csr_matrix((np.ones(n), (y, np.arange(n))), shape=(n_classes, n))
    centroids = (membership @ xd).tocsr()
    norms = np.sqrt(np.asarray(centroids.multiply(centroids).sum(axis=1)).ravel())
    centroids = sparse.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ centroids
    draws = _hash_draws(n, 3 * drawn, n_classes)
    texts, entries, log_weights = [], [], []
    for first in range(0, n, _CLOSENESS_ROWS):  # in slices: the full product can reach a gigabyte
        closeness = (xd[first : first + _CLOSENESS_ROWS] @ centroids.T).tocsr()
        closeness.sort_indices()
        for row in range(closeness.shape[0]):
            i = first + row
            lo, hi = closeness.indptr[row], closeness.indptr[row + 1]
            others, score = closeness.indices[lo:hi], closeness.data[lo:hi]
            keep = others != y[i]
            others, score = others[keep], score[keep]
            if len(others) > hard:
                others = others[np.lexsort((others, -score))[:hard]]
            taken = set(others.tolist())
            taken.add(int(y[i]))
            random_part = []
            for e in draws[i].tolist():
                if e not in taken:
                    taken.add(e)
                    random_part.append(e)
                    if len(random_part) == drawn:
                        break
            rest = n_classes - 1 - len(others)
            chosen = np.concatenate([[y[i]], others, random_part]).astype(np.int64)
            weight = np.zeros(len(chosen))
            if random_part:
                weight[1 + len(others) :] = np.log(rest / len(random_part))
            texts.append(np.full(len(chosen), i))
            entries.append(chosen)
            log_weights.append(weight)
    return np.concatenate(texts), np.concatenate(entries), np.concatenate(log_weights)


def fit_masked_logistic(data: TrainingSet, n_classes: int, options: dict) -> tuple[list[np.ndarray], np.ndarray]:
    """Multinomial logistic regression whose weights live on the mask (SPEC.md §5.3):
    entry e has a weight only for the features of its own texts, the only ones the
    browser receives. L2 on weights, not biases; softmax over each text's candidate
    entries (``candidate_pairs``); L-BFGS in the primal on sparse rows.

    Cost per iteration: two sparse products over the (text, candidate) pairs, so time
    and memory grow with texts x candidates, never with entries x texts. Returns the
    weights per entry (parallel to ``data.entry_features``) and the biases.
    Consumes ``data.x``.
    """
    from scipy import sparse

    x, y = data.x, data.labels
    c = float(options["C"])
    pair_text, pair_entry, pair_log_weight = candidate_pairs(data, n_classes, options)
    # Rows of P are the pairs grouped by entry (each entry's block is x restricted to
    # its mask, so P is built entry by entry, straight into preallocated arrays); the
    # softmax needs them grouped by text.
    by_entry = np.lexsort((pair_text, pair_entry))
    pair_text, pair_entry, pair_log_weight = pair_text[by_entry], pair_entry[by_entry], pair_log_weight[by_entry]
    bounds = np.searchsorted(pair_entry, np.arange(n_classes + 1))
    offsets = np.concatenate([[0], np.cumsum([len(f) for f in data.entry_features])]).astype(np.int64)
    n_weights = int(offsets[-1])
    in_mask = np.zeros(x.shape[1], dtype=bool)
    row_nnz = np.zeros(len(pair_text), dtype=np.int64)
    for e in range(n_classes):  # first pass: the size of each row of P
        rows = pair_text[bounds[e] : bounds[e + 1]]
        in_mask[data.entry_features[e]] = True
        starts, ends = x.indptr[rows], x.indptr[rows + 1]
        hits = np.cumsum(np.concatenate([[0], in_mask[x.indices[concatenated_ranges(starts, ends)]]]))
        lengths = ends - starts
        cut = np.concatenate([[0], np.cumsum(lengths)])
        row_nnz[bounds[e] : bounds[e + 1]] = hits[cut[1:]] - hits[cut[:-1]]
        in_mask[data.entry_features[e]] = False
    indptr = np.concatenate([[0], np.cumsum(row_nnz)])
    p_indices = np.empty(int(indptr[-1]), dtype=np.int32)
    p_data = np.empty(int(indptr[-1]))
    position = np.full(x.shape[1], -1, dtype=np.int64)
    for e in range(n_classes):  # second pass: fill it
        rows = pair_text[bounds[e] : bounds[e + 1]]
        position[data.entry_features[e]] = offsets[e] + np.arange(len(data.entry_features[e]))
        at = concatenated_ranges(x.indptr[rows], x.indptr[rows + 1])
        mapped = position[x.indices[at]]
        keep = mapped >= 0
        lo, hi = indptr[bounds[e]], indptr[bounds[e + 1]]
        p_indices[lo:hi] = mapped[keep]
        p_data[lo:hi] = x.data[at][keep]
        position[data.entry_features[e]] = -1
    pairs = sparse.csr_matrix((p_data, p_indices, indptr), shape=(len(pair_text), n_weights))
    del p_data, p_indices, position, in_mask, row_nnz, x
    data.x = None  # consumed: P holds what the solver needs (100 MB less at 5,000 entries)
    by_text = np.lexsort((pair_entry, pair_text))
    text_sorted = pair_text[by_text]
    starts = np.flatnonzero(np.concatenate([[True], text_sorted[1:] != text_sorted[:-1]]))
    sizes = np.diff(np.concatenate([starts, [len(text_sorted)]]))
    own = np.flatnonzero(pair_entry[by_text] == y[text_sorted])
    fixed = pair_log_weight  # added to every pair's score: 0, or the sampled softmax's weight

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:n_weights], theta[n_weights:]
        scores = (pairs @ w + b[pair_entry] + fixed)[by_text]
        peak = np.maximum.reduceat(scores, starts)
        z = np.exp(scores - np.repeat(peak, sizes))
        total = np.add.reduceat(z, starts)
        loss = float((np.log(total) + peak).sum() - scores[own].sum() + 0.5 / c * float(w @ w))
        g = z / np.repeat(total, sizes)
        g[own] -= 1.0
        g_pairs = np.empty_like(g)
        g_pairs[by_text] = g
        grad = np.empty_like(theta)  # filled in place: at 5,000 entries each temporary is 22 MB
        np.multiply(w, 1.0 / c, out=grad[:n_weights])
        grad[:n_weights] += pairs.T @ g_pairs
        grad[n_weights:] = np.bincount(pair_entry, weights=g_pairs, minlength=n_classes)
        return loss, grad

    theta = _lbfgs(objective, np.zeros(n_weights + n_classes), int(options["maxIter"]), int(options["memory"]))
    w = theta[:n_weights]
    return [w[offsets[e] : offsets[e + 1]] for e in range(n_classes)], theta[n_weights:]


def _lbfgs(objective, theta: np.ndarray, max_iter: int, memory: int = 10) -> np.ndarray:
    """L-BFGS (two-loop recursion) with backtracking (Armijo). No randomness."""
    loss, grad = objective(theta)
    hist: list[tuple[np.ndarray, np.ndarray, float]] = []  # s, y, 1 / (y . s)
    for _ in range(max_iter):
        gnorm2 = float(grad @ grad)
        if gnorm2 < 1e-16:
            break
        q = grad.copy()
        alphas = []
        for s_k, y_k, rho in reversed(hist):
            alpha = rho * float(s_k @ q)
            alphas.append(alpha)
            q -= alpha * y_k
        if hist:
            s_k, y_k, _rho = hist[-1]
            q *= float(s_k @ y_k) / float(y_k @ y_k)
        else:
            q *= 1.0 / max(1.0, gnorm2**0.5)
        for (s_k, y_k, rho), alpha in zip(hist, reversed(alphas)):
            q += (alpha - rho * float(y_k @ q)) * s_k
        direction = np.negative(q, out=q)  # in place: one vector of the size of the model less
        slope = float(grad @ direction)
        if slope >= 0:  # not a descent direction: restart from steepest descent
            hist.clear()
            direction = -grad / max(1.0, gnorm2**0.5)
            slope = float(grad @ direction)
        step = 1.0
        for _ in range(30):
            cand = theta + step * direction
            new_loss, new_grad = objective(cand)
            if new_loss <= loss + 1e-4 * step * slope:
                break
            step *= 0.5
        else:
            break
        s_k, y_k = cand - theta, new_grad - grad
        sy = float(y_k @ s_k)
        if sy > 1e-12:
            # float32 copies: at 5,000 entries each vector is 22 MB in float64, and
            # the history only shapes the search direction (the line search checks it).
            hist.append((s_k.astype(np.float32), y_k.astype(np.float32), 1.0 / sy))
            if len(hist) > memory:
                hist.pop(0)
        converged = loss - new_loss < 1e-9 * max(1.0, abs(loss))
        theta, loss, grad = cand, new_loss, new_grad
        if converged:
            break
    return theta


def symmetrise(w: list[np.ndarray], b: np.ndarray, examples: list[list[str]]) -> tuple[list[np.ndarray], np.ndarray]:
    """Entries with the same texts get the same (averaged) parameters.

    The optimum is symmetric in such entries, but float rounding in the solver
    can leave them a hair apart; averaging makes them tie exactly, so the id
    decides (SPEC.md §8) in both engines. Same texts means the same mask.
    """
    groups: dict[tuple[str, ...], list[int]] = {}
    for e, texts in enumerate(examples):
        groups.setdefault(tuple(sorted(texts)), []).append(e)
    w, b = list(w), b.copy()
    for members in groups.values():
        if len(members) > 1:
            mean = np.mean([w[e] for e in members], axis=0)
            for e in members:
                w[e] = mean
            b[members] = b[members].mean()
    return w, b


def quantise(w: list[np.ndarray], levels: int) -> tuple[float, list[np.ndarray]]:
    """One global scale, integer levels per entry (the weights are already masked)."""
    if levels > WEIGHT_LEVELS:
        raise ValueError(f"the weight codec holds at most {WEIGHT_LEVELS} levels")
    peak = max((float(np.abs(m).max()) for m in w if m.size), default=0.0)
    scale = peak / levels if peak > 0 else 1.0
    scale = float(f"{scale:.6g}")
    return scale, [np.clip(np.rint(m / scale), -levels, levels).astype(np.int64) for m in w]


def encode_weights(levels: Sequence[Sequence[int]], data: TrainingSet | Compiled) -> str:
    """The levels, entry by entry, range-coded with their contexts (SPEC.md §5.4).
    ``data`` is the trainer's ``TrainingSet`` or the engines' ``Compiled``: both give
    per entry its features and how many of its texts use each, and per feature its df."""
    df = np.asarray(data.df)
    all_levels, contexts = [], []
    for lv, features, in_texts in zip(levels, data.entry_features, data.entry_feature_texts):
        lv = np.asarray(lv, dtype=np.int64)
        # codec.context for every level at once: the previous level restarts at 0 per entry.
        prev = np.concatenate([[0], lv[:-1]]) if len(lv) else lv
        ctx = (np.minimum(df[np.asarray(features, dtype=np.int64)], 6) - 1) * 3 + np.minimum(np.asarray(in_texts, dtype=np.int64), 3) - 1
        contexts.append(ctx * PREV_BUCKETS + np.clip(prev, -3, 3) + 3)
        all_levels.append(lv)
    if not all_levels:
        return encode_with_contexts([])
    return encode_with_contexts(zip(np.concatenate(all_levels).tolist(), np.concatenate(contexts).tolist()))


def bias_units(b: np.ndarray) -> list[int]:
    """Biases rounded to BIAS_DECIMALS, as integers: ``k / BIAS_UNIT`` is exactly ``round(v, 3)``."""
    out = []
    for v in b:
        rounded = round(float(v), BIAS_DECIMALS)
        k = round(rounded * BIAS_UNIT)
        assert k / BIAS_UNIT == rounded
        out.append(k)
    return out


def train(entries: list[MatchEntry], tunables: dict | None = None, **train_options) -> dict:
    """The compact model for ``entries`` (deterministic: same input, same bytes once serialized)."""
    options = {**TRAIN_DEFAULTS, **train_options}
    tun = {**DEFAULT_TUNABLES, **(tunables or {})}
    by_id: dict[str, list[str]] = {}
    languages: set[str] = set()
    for entry in entries:
        texts = entry_examples(entry)
        if texts:
            by_id.setdefault(entry.id, [])
            for t in texts:
                if t not in by_id[entry.id]:
                    by_id[entry.id].append(t)
            languages.update(lang for lang, items in entry.texts.items() if items)
    ids = sorted(by_id)
    examples = [by_id[i] for i in ids]
    stems = stem_groups(examples, sorted(languages))
    # Key order is part of the format: the texts come last, so that in the index
    # script they sit right before the display data (questions repeat there), within
    # gzip's 32 KB window (SPEC.md §5).
    model: dict = {"spec": SPEC_VERSION, "tunables": [tun[name] for name in TUNABLE_NAMES], "ids": ids, "stems": stems}
    if not ids:
        model.update(scale=1.0, bias=[], weights="", texts=examples)
        return model
    data = training_set(examples, stems, float(tun["wordWeight"]))
    if len(ids) == 1:
        # Nothing to tell apart: the lone entry's weights are its centroid,
        # scaled to the size trained weights usually have.
        centroid = np.asarray(data.x.mean(axis=0)).ravel()[data.entry_features[0]]
        w, b = [centroid * ONE_ENTRY_WEIGHT], np.zeros(1)
    else:
        w, b = fit_masked_logistic(data, len(ids), options)
    w, b = symmetrise(w, b, examples)
    scale, levels = quantise(w, int(options["levels"]))
    model.update(scale=scale, bias=bias_units(b), weights=encode_weights(levels, data), texts=examples)
    remember_levels(model, [lv.tolist() for lv in levels])
    return model
