"""Query time: the reference scorer (SPEC.md §5-§8, §12).

``Matcher(model)`` rebuilds everything it needs from the compact trained model
(spec 2), or reads the ready index built from it (spec 3, what a large FAQ ships;
``assets/matcher.js`` reads both), and scores one query at a time with plain Python
loops laid out like the JavaScript, so both engines add the same numbers in the
same order.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

from rapidfuzz import process
from rapidfuzz.distance import OSA

from knowledge.matcher.codec import decode_levels
from knowledge.matcher.text import STOPWORDS, char_grams, fold, tokens, truncate

SPEC_VERSION = 2  # the trained model (SPEC.md §5)
INDEX_SPEC = 3  # the ready index built from it (SPEC.md §12)
#: Digits of the index's packed integers (SPEC.md §12): 5 bits each, a digit >= 32 says "more follow".
DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_DIGIT_VALUE = {ch: i for i, ch in enumerate(DIGITS)}
#: A posting's level in its long form is the digit 32 + level + LEVEL_OFFSET; the short
#: form (one digit, gap < 8) holds one of these four, the commonest (SPEC.md §12).
LEVEL_OFFSET = 15
SHORT_LEVELS = (1, 2, 3, -1)

#: Every tunable with its default (SPEC.md §9). The model carries its own copy,
#: so an index keeps working if a default changes later.
DEFAULT_TUNABLES: dict[str, float | int] = {
    "maxQueryChars": 500,  # code points kept from a query
    "wordWeight": 0.6,  # weight of the word block against the char block
    "fuzzyMinLen": 4,  # shorter unknown tokens are never corrected
    "fuzzyMaxDist": 1,  # OSA distance allowed for a correction
    "fuzzyLongLen": 9,  # tokens this long may be corrected at distance 2
    "confSoftmax": 2.0,  # confidence = s + confSoftmax*p + confKnn*k2 + confCoverage*cov
    "confKnn": 0.5,
    "confCoverage": 1.0,
    "threshold": 4.3,  # answer only if confidence >= threshold,
    "minCoverage": 0.0,  # coverage >= minCoverage (calibrated to 0: no gain on dev)
    "maxUnknown": 0.6,  # and the share of unknown informative words < maxUnknown
    "suggestMin": 2.0,  # a top entry is offered as "did you mean" only if its confidence >= suggestMin
}

#: The model ships the tunables as a list in this order (SPEC.md §5, §9).
TUNABLE_NAMES: list[str] = list(DEFAULT_TUNABLES)
WEIGHT_LEVELS = 15  # quantised weights are integers in -15 … 15
BIAS_UNIT = 1000  # biases ship as integers, in thousandths
KNOWN_GRAMS_LIMIT = 200_000  # distinct query tokens whose char features a Matcher remembers


class ModelError(ValueError):
    """The model is not one this version can read."""


@dataclass(frozen=True)
class MatchResult:
    """``id`` is None when the matcher abstains; ``top`` holds up to 3 (id, score), best first.

    ``suggest[i]`` says whether ``top[i]`` is relevant enough to be offered as a
    "did you mean" entry (SPEC.md §8); unrelated queries get no suggestion.
    """

    id: str | None
    score: float
    top: list[tuple[str, float]] = field(default_factory=list)
    suggest: list[bool] = field(default_factory=list)


@dataclass
class Compiled:
    """What both engines derive from the model's texts before the first query."""

    ids: list[str]
    char_id: dict[str, int]
    word_id: dict[str, int]  # surface form -> word feature index (0-based in the word block)
    n_char: int
    n_word: int
    idf: list[float]  # per feature (char block, then word block)
    max_idf: float
    entry_features: list[list[int]]  # per entry, ascending feature ids seen in its texts
    entry_words: list[set[int]]  # per entry, word feature ids (global numbering)
    entry_feature_texts: list[list[int]]  # per entry, parallel to entry_features: how many of its texts use it
    df: list[int]  # per feature, the number of entries using it
    example_char: list[list[dict[int, float]]]  # per entry, per example: normalized char vector
    example_word: list[list[dict[int, float]]]  # per entry, per example: normalized word vector ([] unless asked for)
    surfaces: list[str]  # vocabulary surface forms, first-appearance order
    surface_freq: list[int]  # number of examples containing each surface form
    texts: Sequence[Sequence[str]] = ()  # per entry, its folded texts (compile_texts; the index path leaves it empty)


@dataclass
class Vocabulary:
    """Feature numbering (SPEC.md §3): char n-grams and word features by first appearance."""

    char_id: dict[str, int]
    word_id: dict[str, int]  # surface form -> word feature index (0-based in the word block)
    n_word: int
    surfaces: list[str]  # vocabulary surface forms, first-appearance order
    surface_freq: list[int]  # number of examples containing each surface form


def vocabulary(examples: list[list[str]], stems: list[str]) -> Vocabulary:
    """Number the features of ``examples`` (per entry, its texts) as both engines do."""
    group_rep: dict[str, str] = {}
    for group in stems:
        members = group.split(" ")
        for member in members:
            group_rep[member] = members[0]
    char_id: dict[str, int] = {}
    word_key_id: dict[str, int] = {}
    word_id: dict[str, int] = {}
    surface_index: dict[str, int] = {}
    surfaces: list[str] = []
    surface_freq: list[int] = []
    for texts in examples:
        for text in texts:
            seen_here: set[str] = set()
            for tok in tokens(text):
                if tok not in surface_index:  # a token seen before brought its grams then
                    for gram in char_grams(tok):
                        if gram not in char_id:
                            char_id[gram] = len(char_id)
                    if tok not in STOPWORDS:
                        key = group_rep.get(tok, tok)
                        if key not in word_key_id:
                            word_key_id[key] = len(word_key_id)
                        word_id[tok] = word_key_id[key]
                    surface_index[tok] = len(surfaces)
                    surfaces.append(tok)
                    surface_freq.append(0)
                if tok not in seen_here:
                    seen_here.add(tok)
                    surface_freq[surface_index[tok]] += 1
    return Vocabulary(char_id, word_id, len(word_key_id), surfaces, surface_freq)


def compile_texts(ids: list[str], examples: list[list[str]], stems: list[str], word_vectors: bool = False) -> Compiled:
    """Feature numbering, class-level IDF and example vectors (SPEC.md §5). Search
    reads the examples' char vectors only (k2); their word vectors, half the memory
    of a large FAQ's compiled form, are made when asked for (``word_vectors``)."""
    vocab = vocabulary(examples, stems)
    char_id, word_id, surfaces, surface_freq = vocab.char_id, vocab.word_id, vocab.surfaces, vocab.surface_freq
    n_char = len(char_id)
    n_word = vocab.n_word
    n_entries = len(ids)
    df = [0] * (n_char + n_word)
    entry_features: list[list[int]] = []
    entry_words: list[set[int]] = []
    entry_feature_texts: list[list[int]] = []
    # Each text's counts become its vector in place once the IDF is known: the counts
    # and the vectors of every text are never held at once (hundreds of MB at 2,000
    # entries). Word counts are kept only when their vectors are asked for.
    example_char: list[list[dict]] = []
    example_word: list[list[dict]] = []
    known_grams: dict[str, list[int]] = {}
    for texts in examples:
        present: dict[int, int] = {}
        char_counts, word_counts = [], []
        for text in texts:
            char_tf, word_tf = term_counts(tokens(text), char_id, word_id, n_char, known_grams)
            char_counts.append(char_tf)
            if word_vectors:
                word_counts.append(word_tf)
            for f in char_tf:
                present[f] = present.get(f, 0) + 1
            for f in word_tf:
                present[f] = present.get(f, 0) + 1
        example_char.append(char_counts)
        if word_vectors:
            example_word.append(word_counts)
        for f in present:
            df[f] += 1
        entry_features.append(sorted(present))
        entry_feature_texts.append([present[f] for f in entry_features[-1]])
        entry_words.append({f for f in present if f >= n_char})
    idf = [math.log((n_entries + 1) / (d + 1)) + 1.0 for d in df]
    max_idf = math.log(n_entries + 1) + 1.0
    for per_entry in (*example_char, *example_word):
        for k, counts in enumerate(per_entry):
            per_entry[k] = _unit(counts, idf)
    return Compiled(
        ids, char_id, word_id, n_char, n_word, idf, max_idf,
        entry_features, entry_words, entry_feature_texts, df, example_char, example_word, surfaces, surface_freq, examples,
    )


def term_counts(toks: list[str], char_id: dict[str, int], word_id: dict[str, int], n_char: int, known_grams: dict[str, list[int]] | None = None):
    """Term frequencies of known features, keyed in first-appearance order.

    ``known_grams``, when given, remembers each token's known char features (in
    ``char_grams`` order) across calls: tokens repeat across a FAQ's texts and the
    queries of a batch, and the grams of each are then looked up once. Same counts,
    same key order.
    """
    char_tf: dict[int, int] = {}
    for tok in toks:
        grams = None if known_grams is None else known_grams.get(tok)
        if grams is None:
            grams = [f for f in map(char_id.get, char_grams(tok)) if f is not None]
            if known_grams is not None:
                known_grams[tok] = grams
        for f in grams:
            char_tf[f] = char_tf.get(f, 0) + 1
    return char_tf, word_counts(toks, word_id, n_char)


def word_counts(toks: list[str], word_id: dict[str, int], n_char: int) -> dict[int, int]:
    """The word block of :func:`term_counts`."""
    word_tf: dict[int, int] = {}
    for tok in toks:
        if tok not in STOPWORDS:
            w = word_id.get(tok)
            if w is not None:
                f = n_char + w
                word_tf[f] = word_tf.get(f, 0) + 1
    return word_tf


#: 1 + ln n for the term counts texts have (a table: the same floats as math.log, looked up).
_TF_WEIGHT = [0.0] + [1.0 + math.log(n) for n in range(1, 256)]


def _unit(tf: dict[int, int], idf: list[float]) -> dict[int, float]:
    """(1 + ln tf) * idf, divided by the L2 norm."""
    try:
        weighted = {f: _TF_WEIGHT[n] * idf[f] for f, n in tf.items()}
    except IndexError:  # a count of 256 or more: a very repetitive text
        weighted = {f: (1.0 + math.log(n)) * idf[f] for f, n in tf.items()}
    total = 0.0
    for v in weighted.values():
        total += v * v
    if total <= 0.0:
        return {}
    norm = math.sqrt(total)
    return {f: v / norm for f, v in weighted.items()}


def weight_contexts(compiled: Compiled) -> list[list[tuple[int, int]]]:
    """Per entry, per feature of the entry (ascending): (df, texts of the entry using it), the codec's context."""
    return [
        [(compiled.df[f], k) for f, k in zip(feats, counts)]
        for feats, counts in zip(compiled.entry_features, compiled.entry_feature_texts)
    ]


class _PerModel:
    """Values kept per model object, for the last two models (the current FAQ and the
    one before it, like the model cache). Keyed by the object's id; the memo holds
    the model too, so that id cannot be reused while its value is here. Models from
    ``knowledge.matcher.cache`` and ``train`` are shared, never mutated, objects."""

    SIZE = 2

    def __init__(self) -> None:
        self._items: OrderedDict[int, tuple[dict, Any]] = OrderedDict()

    def get(self, model: dict) -> Any:
        found = self._items.get(id(model))
        return found[1] if found is not None and found[0] is model else None

    def put(self, model: dict, value: Any) -> None:
        self._items[id(model)] = (model, value)
        self._items.move_to_end(id(model))
        while len(self._items) > self.SIZE:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


_coded = _PerModel()  # model -> the levels train() coded into it


def remember_levels(model: dict, levels: list[list[int]]) -> None:
    """The levels ``train`` just range-coded into ``model["weights"]``, so that a
    matcher built from that model object in this process skips decoding them (a
    second or more at a few thousand entries)."""
    _coded.put(model, levels)


def decode_weights(model: dict, compiled: Compiled) -> list[list[tuple[int, int]]]:
    """Postings per feature: [(entry, level)], entries ascending, zero levels dropped."""
    levels = _coded.get(model)
    if levels is None or [len(lv) for lv in levels] != [len(feats) for feats in compiled.entry_features]:
        try:
            levels = decode_levels(model["weights"], weight_contexts(compiled))
        except ValueError as exc:
            raise ModelError(f"the model's weights do not decode: {exc}") from None
    postings: list[list[tuple[int, int]]] = [[] for _ in range(compiled.n_char + compiled.n_word)]
    for e, (feats, lv) in enumerate(zip(compiled.entry_features, levels)):
        for f, level in zip(feats, lv):
            if level != 0:
                postings[f].append((e, level))
    return postings


def digits_of_varint(n: int) -> str:
    """A non-negative integer as index digits, low 5 bits first (SPEC.md §12)."""
    out = []
    while n >= 32:
        out.append(DIGITS[32 + (n & 31)])
        n >>= 5
    out.append(DIGITS[n])
    return "".join(out)


def read_varints(text: str, count: int, pos: int = 0) -> tuple[list[int], int]:
    """``count`` integers packed by :func:`digits_of_varint` from ``text[pos:]``, and the position after them."""
    out = []
    try:
        for _ in range(count):
            value, shift = 0, 0
            while True:
                digit = _DIGIT_VALUE[text[pos]]
                pos += 1
                value |= (digit & 31) << shift
                shift += 5
                if digit < 32:
                    break
            out.append(value)
    except (KeyError, IndexError):
        raise ModelError("the index's packed numbers are not well formed") from None
    return out, pos


class _PerEntry:
    """A list-like whose item ``e`` is computed on first use and kept (the index's per-entry data)."""

    def __init__(self, n: int, compute) -> None:
        self._items: list = [None] * n
        self._compute = compute

    def __getitem__(self, e: int):
        item = self._items[e]
        if item is None:
            item = self._items[e] = self._compute(e)
        return item

    def __len__(self) -> int:
        return len(self._items)


def compiled_from_index(index: dict) -> tuple[Compiled, list[list[tuple[int, int]]]]:
    """What :func:`compile_texts` and :func:`decode_weights` give, read from a ready index (SPEC.md §12).

    Nothing scans every text: features, document frequencies and postings are read
    as shipped, and an entry's text vectors and words are made from its own texts
    when a query first needs them (the top 3), as ``matcher.js`` does.
    """
    ids = index["ids"]
    group_rep: dict[str, str] = {}
    for group in index.get("stems", []):
        members = group.split(" ")
        for member in members:
            group_rep[member] = members[0]
    words = index["words"].split(" ") if index["words"] else []
    word_key_id: dict[str, int] = {}
    word_id: dict[str, int] = {}
    for word in words:
        key = group_rep.get(word, word)
        if key not in word_key_id:
            word_key_id[key] = len(word_key_id)
        word_id[word] = word_key_id[key]
    surface_freq, _ = read_varints(index["wordTexts"], len(words))
    grams = index["grams"].split("|") if index["grams"] else []
    char_id = {gram: i for i, gram in enumerate(grams)}
    n_char, n_word = len(grams), len(word_key_id)
    packed = index["postings"].split(" ") if index["postings"] else []
    if len(packed) != n_char + n_word:
        raise ModelError("the index's postings do not match its features")
    df: list[int] = []
    postings: list[list[tuple[int, int]]] = []
    for text in packed:
        (d, count), pos = read_varints(text, 2)
        entries: list[tuple[int, int]] = []
        e = -1
        try:
            for _ in range(count):
                digit = _DIGIT_VALUE[text[pos]]
                pos += 1
                if digit < 32:  # short form: gap * 4 + which of SHORT_LEVELS
                    gap, level = digit >> 2, SHORT_LEVELS[digit & 3]
                else:  # long form: 32 + level + LEVEL_OFFSET, then the gap
                    level = digit - 32 - LEVEL_OFFSET
                    (gap,), pos = read_varints(text, 1, pos)
                e += gap + 1
                entries.append((e, level))
        except (KeyError, IndexError):
            raise ModelError("the index's packed numbers are not well formed") from None
        if pos != len(text) or any(e >= len(ids) or level == 0 or level > 15 for e, level in entries):
            raise ModelError("the index's postings are not well formed")
        df.append(d)
        postings.append(entries)
    n_entries = len(ids)
    idf = [math.log((n_entries + 1) / (d + 1)) + 1.0 for d in df]
    texts = [t.split("|") if t else [] for t in index["texts"]]

    def example_char(e: int) -> list[dict[int, float]]:
        return [_unit(term_counts(tokens(text), char_id, word_id, n_char)[0], idf) for text in texts[e]]

    def entry_words(e: int) -> set[int]:
        return {f for text in texts[e] for f in term_counts(tokens(text), char_id, word_id, n_char)[1]}

    compiled = Compiled(
        ids, char_id, word_id, n_char, n_word, idf, math.log(n_entries + 1) + 1.0,
        entry_features=[], entry_words=_PerEntry(n_entries, entry_words), entry_feature_texts=[], df=df,
        example_char=_PerEntry(n_entries, example_char), example_word=[], surfaces=words, surface_freq=surface_freq,
    )
    return compiled, postings


class Matcher:
    """The reference implementation of SPEC.md; ``search`` never raises on any string.

    ``model`` is a trained model (spec 2, rebuilt from its texts) or the browser
    index made from one (spec 3, ``knowledge.matcher.index.browser_index``): both
    give the same results, which the tests check.
    """

    def __init__(self, model: dict) -> None:
        if model.get("spec") not in (SPEC_VERSION, INDEX_SPEC):
            raise ModelError(f"matcher model has spec {model.get('spec')!r}, this code reads spec {SPEC_VERSION} and {INDEX_SPEC}")
        if not isinstance(model.get("tunables"), list) or len(model["tunables"]) != len(TUNABLE_NAMES):
            raise ModelError(f"the model's tunables must be a list of {len(TUNABLE_NAMES)} values (SPEC.md §5)")
        self.tunables = dict(zip(TUNABLE_NAMES, model["tunables"]))
        if model["spec"] == INDEX_SPEC:
            self.compiled, self.postings = compiled_from_index(model)
        else:
            self.compiled = compile_texts(model["ids"], model["texts"], model.get("stems", []))
            self.postings = decode_weights(model, self.compiled)
        self.scale: float = model["scale"]
        self.bias: list[float] = [b / BIAS_UNIT for b in model["bias"]]
        self._fuzzy_cache: dict[str, str | None] = {}
        self._known_grams: dict[str, list[int]] = {}  # term_counts' memo for queries

    # -- query analysis (SPEC.md §6) --------------------------------------
    def correct(self, tok: str) -> str:
        """An unknown token replaced by its closest vocabulary word, if one is close enough."""
        c = self.compiled
        t = self.tunables
        if len(tok) < t["fuzzyMinLen"] or tok in c.word_id or tok in STOPWORDS:
            return tok
        if tok in self._fuzzy_cache:
            return self._fuzzy_cache[tok] or tok
        max_dist = 2 if len(tok) >= t["fuzzyLongLen"] else int(t["fuzzyMaxDist"])
        best: tuple[int, int, int] | None = None
        for surface, dist, index in process.extract(
            tok, c.surfaces, scorer=OSA.distance, processor=None, score_cutoff=max_dist, limit=None
        ):
            if surface in STOPWORDS:
                continue
            key = (int(dist), -c.surface_freq[index], index)
            if best is None or key < best:
                best = key
        found = c.surfaces[best[2]] if best is not None else None
        self._fuzzy_cache[tok] = found
        return found or tok

    def analyse(self, query: str) -> tuple[list[str], dict[int, float], dict[int, float]] | None:
        """Folded, corrected tokens and the query's char and word vectors (§2, §3, §6); None if empty."""
        return self._analyse_folded(self._fold_query(query))

    def _fold_query(self, query: str) -> str:
        """The query cut to ``maxQueryChars`` and folded (SPEC.md §2)."""
        return fold(truncate(query, int(self.tunables["maxQueryChars"])))

    def _analyse_folded(self, folded: str) -> tuple[list[str], dict[int, float], dict[int, float]] | None:
        c = self.compiled
        toks = [self.correct(tok) for tok in tokens(folded)]
        if not toks:
            return None
        if len(self._known_grams) > KNOWN_GRAMS_LIMIT:  # a long run of distinct queries: start again
            self._known_grams.clear()
        char_tf, word_tf = term_counts(toks, c.char_id, c.word_id, c.n_char, self._known_grams)
        return toks, _unit(char_tf, c.idf), _unit(word_tf, c.idf)

    def _analyse_in_batch(self, query: str, own_text: dict[str, tuple[int, int]]):
        """``analyse(query)``; when the query, folded and cut as ``analyse`` does, is one
        of the model's own texts (as every variant the variant rule asks is), its char
        vector is the one ``compile_texts`` made for that text: the same tokens (no
        token of a model text is corrected: all are vocabulary words or stopwords),
        counts and IDF, so the same floats."""
        folded = self._fold_query(query)
        where = own_text.get(folded)
        if where is None:
            return self._analyse_folded(folded)
        c = self.compiled
        toks = tokens(folded)
        return toks, c.example_char[where[0]][where[1]], _unit(word_counts(toks, c.word_id, c.n_char), c.idf)

    def signals(self, query: str) -> list[dict]:
        """Up to 3 candidates, best first, with the raw signals of SPEC.md §7."""
        analysed = self.analyse(query)
        if analysed is None:
            return []
        toks, x_char, x_word = analysed
        ww = float(self.tunables["wordWeight"])
        n_entries = len(self.compiled.ids)
        acc = [0.0] * n_entries
        touched = [False] * n_entries
        for f, v in x_char.items():
            for e, level in self.postings[f]:
                acc[e] += v * level
                touched[e] = True
        for f, v in x_word.items():
            xv = ww * v
            for e, level in self.postings[f]:
                acc[e] += xv * level
                touched[e] = True
        scores = [self.bias[e] + self.scale * acc[e] for e in range(n_entries)]
        ranked = sorted((e for e in range(n_entries) if touched[e]), key=lambda e: (-scores[e], e))[:3]
        if not ranked:
            return []
        top_s = max(scores)
        z = 0.0
        for s in scores:
            z += math.exp(s - top_s)
        return self._candidates(toks, x_char, ranked, [scores[e] for e in ranked], top_s, z)

    def _candidates(self, toks: list[str], x_char: dict[int, float], ranked: list[int], ranked_scores: list[float], top_s: float, z: float, k2s: list[float] | None = None) -> list[dict]:
        """The confidence signals of the ranked entries (SPEC.md §7); ``k2s``, when
        given, are their k2 already computed (``search_many``)."""
        c = self.compiled
        t = self.tunables
        informative = _informative(toks, c)
        unknown = _unknown_share(informative)
        out: list[dict] = []
        for rank, (e, s_e) in enumerate(zip(ranked, ranked_scores)):
            p = math.exp(s_e - top_s) / z
            k2 = _knn2(x_char, c.example_char[e]) if k2s is None else k2s[rank]
            cov = _coverage(informative, c.entry_words[e])
            conf = s_e + t["confSoftmax"] * p + t["confKnn"] * k2 + t["confCoverage"] * cov
            out.append({"entry": e, "id": c.ids[e], "s": s_e, "p": p, "k2": k2, "cov": cov, "unk": unknown, "conf": conf})
        return out

    def search_many(self, queries: Sequence[str], chunk: int = 512, top: int = 3) -> list[MatchResult]:
        """``search`` for many queries, for build-time checks over every variant.

        The ranking scores of a chunk of queries against every entry are one sparse
        product (scipy) instead of a Python loop over each query feature's postings,
        which costs entries x queries in Python; the ranking and k2 are array
        operations too; the rest is ``signals``' own code. Results equal ``search``'s
        but for float rounding in the last bits of s and the softmax sum (summation
        order), which the tests bound. ``top`` < 3 ranks fewer candidates: the answer
        (``id``, ``score``) is the same, since it depends on the first alone, and
        ``top``/``suggest`` hold only those ranked (the variant rule asks for 1).
        """
        import numpy as np
        from scipy import sparse

        c = self.compiled
        ww = float(self.tunables["wordWeight"])
        top = max(1, min(3, top))
        n_entries, n_features = len(c.ids), c.n_char + c.n_word
        # Both matrices straight from the postings and the text vectors into CSR arrays:
        # lists of Python numbers for millions of nonzeros would cost ten times the memory.
        levels = _csr(self.postings, n_entries, lambda posting: (e for e, _ in posting), lambda posting: (level for _, level in posting))
        reach = None  # |levels|, made when a row needs it (_rank)
        bias = np.array(self.bias)
        # Every text's char vector, entry by entry, for k2 (the cosines with the top 3's texts).
        vectors_in_order = [vector for e in range(n_entries) for vector in c.example_char[e]]
        first_text = np.concatenate([[0], np.cumsum([len(c.example_char[e]) for e in range(n_entries)])]).astype(np.int64)  # row of e's first text
        texts = _csr(vectors_in_order, c.n_char, lambda vector: vector.keys(), lambda vector: vector.values())
        del vectors_in_order
        own_text = {text: (e, k) for e, texts in enumerate(c.texts) for k, text in enumerate(texts)}
        results: list[MatchResult] = []
        for first in range(0, len(queries), chunk):
            analysed = [self._analyse_in_batch(q, own_text) for q in queries[first : first + chunk]]
            q_rows, q_cols, q_vals = [], [], []
            for i, item in enumerate(analysed):
                if item is None:
                    continue
                _, x_char, x_word = item
                q_cols += x_char.keys()
                q_vals += x_char.values()
                q_cols += x_word.keys()
                q_vals += (ww * v for v in x_word.values())
                q_rows += [i] * (len(x_char) + len(x_word))
            vectors = sparse.csr_matrix((np.array(q_vals, dtype=float), (q_rows, q_cols)), shape=(len(analysed), n_features))
            product = (vectors @ levels).toarray()
            scores = bias + self.scale * product
            top_s = scores.max(axis=1)
            z = np.exp(scores - top_s[:, None]).sum(axis=1)

            def touched_row(i: int):
                # Query values are positive: a sum over |level| is 0 only when nothing is touched.
                nonlocal reach
                if reach is None:
                    reach = abs(levels)
                return (vectors[i] @ reach).toarray().ravel() > 0

            rankings = _rank(scores, product != 0, bias, top, touched_row)
            # k2 of every (query, ranked entry): the query's char vector against each of
            # the entry's texts, as one row-wise product instead of a dict loop per text,
            # then the mean of the two best per pair (_best_two_mean).
            char_only = vectors[:, : c.n_char]  # the char block is x_char as it is (no wordWeight)
            pair_query = np.array([i for i, ranked in enumerate(rankings) for _ in ranked], dtype=np.int64)
            pair_entry = np.array([e for ranked in rankings for e in ranked], dtype=np.int64)
            n_texts = first_text[pair_entry + 1] - first_text[pair_entry]
            text_rows = concatenated_ranges(first_text[pair_entry], first_text[pair_entry + 1])
            query_rows = np.repeat(pair_query, n_texts)
            cosines = np.asarray(char_only[query_rows].multiply(texts[text_rows]).sum(axis=1)).ravel() if len(text_rows) else np.zeros(0)
            k2_of_pair = _best_two_means(cosines, n_texts).tolist()
            at = 0
            for i, (item, ranked) in enumerate(zip(analysed, rankings)):
                if not ranked:
                    results.append(MatchResult(None, 0.0, []))
                    continue
                k2s = k2_of_pair[at : at + len(ranked)]
                at += len(ranked)
                toks, x_char, _ = item
                candidates = self._candidates(toks, x_char, ranked, [float(scores[i, e]) for e in ranked], float(top_s[i]), float(z[i]), k2s)
                results.append(self._result(candidates))
        return results

    def search(self, query: str) -> MatchResult:
        """Best entry (or None to abstain), its confidence, and the top 3 (SPEC.md §8)."""
        return self._result(self.signals(query))

    def _result(self, candidates: list[dict]) -> MatchResult:
        if not candidates:
            return MatchResult(None, 0.0, [])
        best = candidates[0]
        t = self.tunables
        answered = is_answer(best, t)
        return MatchResult(
            best["id"] if answered else None,
            best["conf"],
            [(c["id"], c["conf"]) for c in candidates],
            [c["conf"] >= t["suggestMin"] for c in candidates],
        )


_shared = _PerModel()  # model -> its Matcher


def shared_matcher(model: dict) -> Matcher:
    """``Matcher(model)``, made once per model object in this process.

    A build asks the same model three times (the index of each language and the
    variant rule) and building a matcher from a trained model (compiling its texts,
    decoding its weights) costs seconds at a few thousand entries.
    """
    matcher = _shared.get(model)
    if matcher is None:
        matcher = Matcher(model)
    _shared.put(model, matcher)  # also marks it the most recently used
    return matcher


def release_shared() -> None:
    """Forget the shared matchers and the levels kept for them. The build calls it once
    its FAQ outputs and rules are made: nothing asks a matcher after that, and the
    millions of objects one holds at thousands of entries would only lengthen every
    garbage collection of the page build and of each ``mkdocs serve`` rebuild."""
    _shared.clear()
    _coded.clear()


def _rank(scores, hit, bias, top: int, touched_row: Callable[[int], Any]) -> list[list[int]]:
    """Per row, the ``top`` touched entries by score, ties to the lower entry number
    (``signals``' order), with array operations.

    ``hit`` is where the sparse product stored a sum: every touched entry but those
    whose contributions cancel to exactly 0, whose score is then their bias. A row is
    ranked from ``hit`` when no entry outside it has a bias reaching the last one
    kept, and no entry left out ties with it; any other row is ranked exactly, from
    ``touched_row(i)`` (rare: a query that hardly matches anything).
    """
    import numpy as np

    n_rows, n_entries = scores.shape
    if n_entries == 0:
        return [[] for _ in range(n_rows)]
    masked = np.where(hit, scores, -np.inf)
    if top == 1:
        part = np.argmax(masked, axis=1)[:, None]  # the first of equal maxima: the lower entry
    elif n_entries <= top:
        part = np.argsort(-masked, axis=1, kind="stable")
    else:
        part = np.argpartition(-masked, top - 1, axis=1)[:, :top]
        values = np.take_along_axis(masked, part, axis=1)
        part = np.take_along_axis(part, np.lexsort((part, -values), axis=1), axis=1)
    last = np.take_along_axis(masked, part[:, -1:], axis=1).ravel()
    outside = np.where(hit, -np.inf, bias[None, :]).max(axis=1)
    sure = outside < last
    if 1 < top < n_entries:
        sure &= (masked >= last[:, None]).sum(axis=1) == top
    rankings = []
    for i, row in enumerate(part.tolist()):
        if sure[i]:
            rankings.append(row)
        else:
            found = np.flatnonzero(touched_row(i))
            rankings.append(found[np.lexsort((found, -scores[i, found]))[:top]].tolist())
    return rankings


def _best_two_means(cosines, lengths):
    """``_best_two_mean`` of consecutive segments of ``cosines`` (``lengths`` each)."""
    import numpy as np

    n = len(lengths)
    if not len(cosines):
        return np.zeros(n)
    segment = np.repeat(np.arange(n), lengths)
    order = np.lexsort((-cosines, segment))  # by segment, each segment's best first
    ranked = cosines[order]
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    filled = lengths > 0
    best = np.zeros(n)
    best[filled] = np.maximum(ranked[starts[filled]], 0.0)
    pairs = lengths > 1
    second = np.zeros(n)
    second[pairs] = np.maximum(ranked[starts[pairs] + 1], 0.0)
    return np.where(pairs, (best + second) / 2.0, best)


def concatenated_ranges(starts, ends):
    """The concatenated integer ranges [start, end) (positions of several CSR rows'
    entries); the trainer builds its pair rows with it too."""
    import numpy as np

    lengths = ends - starts
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    shift = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
    return np.arange(total, dtype=np.int64) + shift


def _csr(rows: Sequence[Any], width: int, columns: Callable[[Any], Iterable[int]], values: Callable[[Any], Iterable[float]]):
    """A scipy CSR matrix, one row per item of ``rows``, its nonzeros given by
    ``columns(row)`` and ``values(row)`` in the same order, built in numpy arrays."""
    import itertools

    import numpy as np
    from scipy import sparse

    lengths = np.fromiter((len(row) for row in rows), dtype=np.int64, count=len(rows))
    total = int(lengths.sum())
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    indices = np.fromiter(itertools.chain.from_iterable(columns(row) for row in rows), dtype=np.int32, count=total)
    data = np.fromiter(itertools.chain.from_iterable(values(row) for row in rows), dtype=np.float64, count=total)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), width))


def is_answer(candidate: dict, tunables: dict) -> bool:
    """The abstention rule (SPEC.md §8): three raw thresholds, all must hold."""
    return (
        candidate["conf"] >= tunables["threshold"]
        and candidate["cov"] >= tunables["minCoverage"]
        and candidate["unk"] < tunables["maxUnknown"]
    )


def _informative(toks: list[str], c: Compiled) -> list[tuple[int, float]]:
    """Distinct non-stopword tokens as (word feature or -1, idf)."""
    seen: set[str] = set()
    out: list[tuple[int, float]] = []
    for tok in toks:
        if tok in STOPWORDS or tok in seen:
            continue
        seen.add(tok)
        w = c.word_id.get(tok)
        if w is None:
            out.append((-1, c.max_idf))
        else:
            f = c.n_char + w
            out.append((f, c.idf[f]))
    return out


def _unknown_share(informative: list[tuple[int, float]]) -> float:
    """Share of the query's informative IDF mass in words the FAQ never uses."""
    total = 0.0
    unknown = 0.0
    for f, weight in informative:
        total += weight
        if f < 0:
            unknown += weight
    return unknown / total if total > 0.0 else 0.0


def _coverage(informative: list[tuple[int, float]], words: set[int]) -> float:
    total = 0.0
    found = 0.0
    for f, weight in informative:
        total += weight
        if f >= 0 and f in words:
            found += weight
    return found / total if total > 0.0 else 0.0


def _best_two_mean(dots: list[float]) -> float:
    """``_knn2``'s reduction of an entry's cosines: the mean of the two highest (the one if alone)."""
    first = second = 0.0
    for dot in dots:
        if dot > first:
            first, second = dot, first
        elif dot > second:
            second = dot
    if not dots:
        return 0.0
    return first if len(dots) == 1 else (first + second) / 2.0


def _knn2(x_char: dict[int, float], examples: list[dict[int, float]]) -> float:
    """Mean of the two highest cosines between the query and the entry's examples."""
    dots = []
    for vec in examples:
        dot = 0.0
        for f, v in x_char.items():
            w = vec.get(f)
            if w is not None:
                dot += v * w
        dots.append(dot)
    return _best_two_mean(dots)