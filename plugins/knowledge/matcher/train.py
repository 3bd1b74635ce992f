"""Build time: from FAQ texts to the compact model (SPEC.md §5 and §10).

Training is a masked multinomial logistic regression over the same features the
query path uses. It runs once per build with numpy only; the result is a small
JSON-serializable dict that both engines read. Same input, same bytes: entries
are sorted by id, features are numbered by first appearance, and the optimiser
is a fixed-iteration L-BFGS with no randomness.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Iterable

# The matrices are small (examples x examples): extra BLAS threads only contend
# (badly, on a busy 2-core machine) and make float sums depend on the core
# count. One thread keeps the build fast and the model byte-identical across
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
    compile_texts,
    weight_contexts,
)
from knowledge.matcher.codec import encode_levels
from knowledge.matcher.text import STOPWORDS, fold, tokens

#: Build-time settings (not needed at query time, so not shipped).
TRAIN_DEFAULTS = {
    "C": 10.0,  # inverse L2 regularisation of the logistic regression
    "maxIter": 300,  # L-BFGS iterations (fixed cap: deterministic)
    "levels": WEIGHT_LEVELS,  # weights are quantised to -levels … +levels (the codec's range)
}

ONE_ENTRY_WEIGHT = 10.0
#: Biases ship with 3 decimals, as integers in thousandths (BIAS_UNIT): an error of
#: 5e-4 is far below the weight step (scale ~ 0.1-0.3) and moved no dev figure.
BIAS_DECIMALS = 3
SNOWBALL_LANGUAGES = {"en": "english", "es": "spanish"}


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
    stemmers = [snowballstemmer.stemmer(SNOWBALL_LANGUAGES[lang]) for lang in languages if lang in SNOWBALL_LANGUAGES]
    if not stemmers:
        return []
    words = {tok for texts in examples for text in texts for tok in tokens(text) if tok not in STOPWORDS}
    by_stem: dict[str, set[str]] = {}
    for tok in sorted(words):
        stem = min((s.stemWord(tok) for s in stemmers), key=lambda s: (len(s), s))
        by_stem.setdefault(stem, set()).add(tok)
    groups = [" ".join(sorted(words)) for words in by_stem.values() if len(words) > 1]
    return sorted(groups)


def design_matrix(compiled: Compiled, word_weight: float) -> tuple[np.ndarray, np.ndarray]:
    """Dense example x feature matrix [x_char, wordWeight * x_word] and labels."""
    n_features = compiled.n_char + compiled.n_word
    rows = []
    labels = []
    for e, (chars, words) in enumerate(zip(compiled.example_char, compiled.example_word)):
        for xc, xw in zip(chars, words):
            row = np.zeros(n_features)
            for f, v in xc.items():
                row[f] = v
            for f, v in xw.items():
                row[f] = word_weight * v
            rows.append(row)
            labels.append(e)
    return np.array(rows).reshape(len(rows), n_features), np.array(labels, dtype=np.int64)


def fit_logistic(x: np.ndarray, y: np.ndarray, n_classes: int, c: float, max_iter: int) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression, L2 on weights (not biases), by L-BFGS.

    Minimises sum_i CE(softmax(W x_i + b), y_i) + ||W||^2 / (2C), the objective
    of scikit-learn's ``LogisticRegression(C=C)``. The optimum's W lies in the
    span of the examples (W = A X), and so do the gradients, so L-BFGS runs on
    the coefficients A (classes x examples) with inner products through the Gram
    matrix K = X X^T: the same iterates as in feature space, at a fraction of
    the cost when there are far more features than examples.
    """
    n = x.shape[0]
    gram = x @ x.T
    onehot = np.zeros((n, n_classes))
    onehot[np.arange(n), y] = 1.0
    rows = np.arange(n)
    size = n_classes * n

    def image(coef: np.ndarray) -> np.ndarray:
        """The flat vector whose dot with another flat vector is their feature-space inner product."""
        out = coef.copy()
        out[:size] = (coef[:size].reshape(n_classes, n) @ gram).ravel()
        return out

    def objective(theta: np.ndarray, theta_img: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        a = theta[:size].reshape(n_classes, n)
        scores = theta_img[:size].reshape(n_classes, n).T + theta[size:]
        scores = scores - scores.max(axis=1, keepdims=True)
        log_z = np.log(np.exp(scores).sum(axis=1))
        reg = float(theta[:size] @ theta_img[:size])
        loss = float((log_z - scores[rows, y]).sum() + 0.5 / c * reg)
        g = np.exp(scores - log_z[:, None]) - onehot
        grad = np.concatenate([(g.T + a / c).ravel(), g.sum(axis=0)])
        return loss, grad, image(grad)

    theta = np.zeros(size + n_classes)
    theta = _lbfgs(objective, theta, image(theta), max_iter)
    a = theta[:size].reshape(n_classes, n)
    return a @ x, theta[size:]


def _lbfgs(objective, theta: np.ndarray, theta_img: np.ndarray, max_iter: int, memory: int = 10) -> np.ndarray:
    """L-BFGS with backtracking (Armijo); every inner product is ``u @ image(v)``. No randomness."""
    loss, grad, grad_img = objective(theta, theta_img)
    hist: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []  # s, s_img, y, y_img
    for _ in range(max_iter):
        gnorm2 = float(grad @ grad_img)
        if gnorm2 < 1e-16:
            break
        q, q_img = grad.copy(), grad_img.copy()
        alphas = []
        for s_k, s_img, y_k, y_img in reversed(hist):
            rho = 1.0 / float(y_k @ s_img)
            alpha = rho * float(s_k @ q_img)
            alphas.append((rho, alpha))
            q -= alpha * y_k
            q_img -= alpha * y_img
        if hist:
            s_k, s_img, y_k, y_img = hist[-1]
            gamma = float(s_k @ y_img) / float(y_k @ y_img)
        else:
            gamma = 1.0 / max(1.0, gnorm2**0.5)
        q *= gamma
        q_img *= gamma
        for (s_k, s_img, y_k, y_img), (rho, alpha) in zip(hist, reversed(alphas)):
            beta = rho * float(y_k @ q_img)
            q += (alpha - beta) * s_k
            q_img += (alpha - beta) * s_img
        direction, direction_img = -q, -q_img
        slope = float(grad @ direction_img)
        if slope >= 0:  # not a descent direction: restart from steepest descent
            hist.clear()
            scale = 1.0 / max(1.0, gnorm2**0.5)
            direction, direction_img = -grad * scale, -grad_img * scale
            slope = float(grad @ direction_img)
        step = 1.0
        for _ in range(30):
            cand, cand_img = theta + step * direction, theta_img + step * direction_img
            new_loss, new_grad, new_grad_img = objective(cand, cand_img)
            if new_loss <= loss + 1e-4 * step * slope:
                break
            step *= 0.5
        else:
            break
        s_k, s_img = cand - theta, cand_img - theta_img
        y_k, y_img = new_grad - grad, new_grad_img - grad_img
        if float(y_k @ s_img) > 1e-12:
            hist.append((s_k, s_img, y_k, y_img))
            if len(hist) > memory:
                hist.pop(0)
        converged = loss - new_loss < 1e-9 * max(1.0, abs(loss))
        theta, theta_img, loss, grad, grad_img = cand, cand_img, new_loss, new_grad, new_grad_img
        if converged:
            break
    return theta


def symmetrise(w: np.ndarray, b: np.ndarray, examples: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Entries with the same texts get the same (averaged) parameters.

    The optimum is symmetric in such entries, but float rounding in the solver
    can leave them a hair apart; averaging makes them tie exactly, so the id
    decides (SPEC.md §8) in both engines.
    """
    groups: dict[tuple[str, ...], list[int]] = {}
    for e, texts in enumerate(examples):
        groups.setdefault(tuple(sorted(texts)), []).append(e)
    w, b = w.copy(), b.copy()
    for members in groups.values():
        if len(members) > 1:
            w[members] = w[members].mean(axis=0)
            b[members] = b[members].mean()
    return w, b


def quantise(w: np.ndarray, compiled: Compiled, levels: int) -> tuple[float, list[list[int]]]:
    """Masked weights (features seen in the entry's texts), one global scale, integer levels per entry."""
    if levels > WEIGHT_LEVELS:
        raise ValueError(f"the weight codec holds at most {WEIGHT_LEVELS} levels")
    masked = [w[e, feats] for e, feats in enumerate(compiled.entry_features)]
    peak = max((float(np.abs(m).max()) for m in masked if m.size), default=0.0)
    scale = peak / levels if peak > 0 else 1.0
    scale = float(f"{scale:.6g}")
    out = []
    for m in masked:
        q = np.clip(np.rint(m / scale), -levels, levels).astype(int)
        out.append([int(v) for v in q])
    return scale, out


def encode_weights(levels: list[list[int]], compiled: Compiled) -> str:
    """The levels, entry by entry, range-coded with their contexts (SPEC.md §5.4)."""
    stream: list[tuple[int, int | None, int]] = []
    for lv, ctx in zip(levels, weight_contexts(compiled)):
        stream.append((0, None, 0))  # entry boundary: the previous level restarts at 0
        stream.extend((level, df, k) for level, (df, k) in zip(lv, ctx))
    return encode_levels(stream)


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
    compiled = compile_texts(ids, examples, stems)
    # Key order is part of the format: the texts come last, so that in the index
    # script they sit right before the display data (questions repeat there), within
    # gzip's 32 KB window (SPEC.md §5).
    model: dict = {"spec": SPEC_VERSION, "tunables": [tun[name] for name in TUNABLE_NAMES], "ids": ids, "stems": stems}
    if not ids:
        model.update(scale=1.0, bias=[], weights="", texts=examples)
        return model
    x, y = design_matrix(compiled, float(tun["wordWeight"]))
    if len(ids) == 1:
        # Nothing to tell apart: the lone entry's weights are its centroid,
        # scaled to the size trained weights usually have.
        w, b = x.mean(axis=0, keepdims=True) * ONE_ENTRY_WEIGHT, np.zeros(1)
    else:
        w, b = fit_logistic(x, y, len(ids), float(options["C"]), int(options["maxIter"]))
    w, b = symmetrise(w, b, examples)
    scale, levels = quantise(w, compiled, int(options["levels"]))
    model.update(scale=scale, bias=bias_units(b), weights=encode_weights(levels, compiled), texts=examples)
    return model
