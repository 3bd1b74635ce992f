/* KnowledgeMatcher: the browser implementation of plugins/knowledge/matcher/SPEC.md.
 * A classic script (no modules, no build step, no eval). It mirrors the Python
 * reference (knowledge/matcher/engine.py) step by step: same features, same
 * arithmetic order, same tie-breaks, so both score every query alike.
 * Visitor text is only ever compared, never inserted into the page. */
(function (root) {
  "use strict";

  var SPEC_VERSION = 1;
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcde"; // weight levels -15 … 15
  var ZERO = 15;
  // Same list as text.py STOPWORDS (folded): no topic, so no word feature.
  var STOPWORDS = new Set((
    "a an the of to in on at for from by with and or but is are was were be been am " +
    "do does did i me my you your he she it its we our they them their this that these those " +
    "there here please can could would will should shall may might must have has had " +
    "el la los las lo un una unos unas de del al en y e o u que es son fue ser esta " +
    "estan este esto eso esa ese me mi mis te tu tus su sus se le les nos yo vos usted " +
    "por para con sin hay ha han he hace favor").split(" "));
  var MARK = /\p{M}/u;
  var LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

  // SPEC §2: lowercase, NFKD, drop marks, runs of non letters/numbers -> one space, trim.
  function fold(text) {
    var chars = Array.from(text.toLowerCase().normalize("NFKD"));
    var out = "";
    var pendingSpace = false;
    for (var i = 0; i < chars.length; i++) {
      var ch = chars[i];
      if (MARK.test(ch)) continue;
      if (LETTER_OR_NUMBER.test(ch)) {
        if (pendingSpace && out) out += " ";
        pendingSpace = false;
        out += ch;
      } else {
        pendingSpace = true;
      }
    }
    return out;
  }

  // The first maxChars code points (a UTF-16 slice of 2*maxChars units always holds them).
  function truncate(query, maxChars) {
    return Array.from(query.slice(0, 2 * maxChars)).slice(0, maxChars).join("");
  }

  function tokens(folded) {
    return folded ? folded.split(" ") : [];
  }

  function codeLength(s) {
    return Array.from(s).length;
  }

  // SPEC §3: 2-, 3-, 4-grams of " word ", n ascending, then position (code points).
  function charGrams(word) {
    var padded = Array.from(" " + word + " ");
    var grams = [];
    for (var n = 2; n <= 4; n++) {
      for (var i = 0; i + n <= padded.length; i++) grams.push(padded.slice(i, i + n).join(""));
    }
    return grams;
  }

  // Optimal string alignment distance (restricted Damerau-Levenshtein), or max+1 once above max.
  function osaDistance(a, b, max) {
    var n = a.length, m = b.length;
    if (Math.abs(n - m) > max) return max + 1;
    var prev2 = null, prev = new Array(m + 1), cur;
    for (var j = 0; j <= m; j++) prev[j] = j;
    for (var i = 1; i <= n; i++) {
      cur = new Array(m + 1);
      cur[0] = i;
      var rowMin = i;
      for (j = 1; j <= m; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
        cur[j] = d;
        if (d < rowMin) rowMin = d;
      }
      if (rowMin > max) return max + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[m] > max ? max + 1 : prev[m];
  }

  function termCounts(toks, c) {
    var charTf = new Map(), wordTf = new Map();
    for (var i = 0; i < toks.length; i++) {
      var tok = toks[i];
      var grams = charGrams(tok);
      for (var k = 0; k < grams.length; k++) {
        var f = c.charId.get(grams[k]);
        if (f !== undefined) charTf.set(f, (charTf.get(f) || 0) + 1);
      }
      if (!STOPWORDS.has(tok)) {
        var w = c.wordId.get(tok);
        if (w !== undefined) {
          var g = c.nChar + w;
          wordTf.set(g, (wordTf.get(g) || 0) + 1);
        }
      }
    }
    return [charTf, wordTf];
  }

  // (1 + ln tf) * idf, divided by the L2 norm; insertion order kept.
  function unit(tf, idf) {
    var weighted = new Map();
    var total = 0;
    tf.forEach(function (n, f) { weighted.set(f, (1 + Math.log(n)) * idf[f]); });
    weighted.forEach(function (v) { total += v * v; });
    var out = new Map();
    if (total <= 0) return out;
    var norm = Math.sqrt(total);
    weighted.forEach(function (v, f) { out.set(f, v / norm); });
    return out;
  }

  // SPEC §5: feature numbering, class-level IDF, example vectors, from the model's texts.
  function compile(model) {
    var groupRep = new Map();
    (model.stems || []).forEach(function (group) {
      var members = group.split(" ");
      members.forEach(function (m) { groupRep.set(m, members[0]); });
    });
    var charId = new Map(), wordKeyId = new Map(), wordId = new Map();
    var surfaceIndex = new Map(), surfaces = [], surfaceFreq = [];
    model.texts.forEach(function (texts) {
      texts.forEach(function (text) {
        var seenHere = new Set();
        tokens(text).forEach(function (tok) {
          charGrams(tok).forEach(function (gram) {
            if (!charId.has(gram)) charId.set(gram, charId.size);
          });
          if (!STOPWORDS.has(tok) && !wordId.has(tok)) {
            var key = groupRep.has(tok) ? groupRep.get(tok) : tok;
            if (!wordKeyId.has(key)) wordKeyId.set(key, wordKeyId.size);
            wordId.set(tok, wordKeyId.get(key));
          }
          if (!surfaceIndex.has(tok)) {
            surfaceIndex.set(tok, surfaces.length);
            surfaces.push(tok);
            surfaceFreq.push(0);
          }
          if (!seenHere.has(tok)) {
            seenHere.add(tok);
            surfaceFreq[surfaceIndex.get(tok)] += 1;
          }
        });
      });
    });
    var c = { charId: charId, wordId: wordId, nChar: charId.size, nWord: wordKeyId.size };
    var nEntries = model.ids.length;
    var df = new Array(c.nChar + c.nWord).fill(0);
    var rawTf = [], entryFeatures = [], entryWords = [];
    model.texts.forEach(function (texts) {
      var present = new Set(), perExample = [];
      texts.forEach(function (text) {
        var tf = termCounts(tokens(text), c);
        perExample.push(tf);
        tf[0].forEach(function (_, f) { present.add(f); });
        tf[1].forEach(function (_, f) { present.add(f); });
      });
      rawTf.push(perExample);
      present.forEach(function (f) { df[f] += 1; });
      entryFeatures.push(Array.from(present).sort(function (a, b) { return a - b; }));
      entryWords.push(new Set(Array.from(present).filter(function (f) { return f >= c.nChar; })));
    });
    c.idf = df.map(function (d) { return Math.log((nEntries + 1) / (d + 1)) + 1; });
    c.maxIdf = Math.log(nEntries + 1) + 1;
    c.entryFeatures = entryFeatures;
    c.entryWords = entryWords;
    c.exampleChar = rawTf.map(function (per) { return per.map(function (tf) { return unit(tf[0], c.idf); }); });
    c.surfaces = surfaces.map(function (s) { return Array.from(s); });
    c.surfaceNames = surfaces;
    c.surfaceFreq = surfaceFreq;
    // Postings per feature: [entry, level] pairs, entries ascending, zero levels dropped.
    var postings = [];
    for (var f = 0; f < c.nChar + c.nWord; f++) postings.push([]);
    var pos = 0, weights = model.weights;
    entryFeatures.forEach(function (feats, e) {
      feats.forEach(function (f) {
        var level = ALPHABET.indexOf(weights.charAt(pos)) - ZERO;
        pos += 1;
        if (level !== 0) postings[f].push(e, level);
      });
    });
    if (pos !== weights.length) throw new Error("the model holds " + weights.length + " weights but its texts need " + pos);
    c.postings = postings;
    return c;
  }

  function create(model) {
    if (!model || model.spec !== SPEC_VERSION) {
      throw new Error("matcher model has spec " + (model && model.spec) + ", this code reads spec " + SPEC_VERSION);
    }
    var t = model.tunables;
    var c = compile(model);
    var fuzzyCache = new Map();

    // SPEC §6: an unknown token becomes its closest vocabulary word within the allowed distance.
    function correct(tok) {
      var chars = Array.from(tok);
      if (chars.length < t.fuzzyMinLen || c.wordId.has(tok) || STOPWORDS.has(tok)) return tok;
      if (fuzzyCache.has(tok)) return fuzzyCache.get(tok) || tok;
      var maxDist = chars.length >= t.fuzzyLongLen ? 2 : t.fuzzyMaxDist;
      var best = -1, bestDist = 0, bestFreq = 0;
      for (var i = 0; i < c.surfaces.length; i++) {
        var name = c.surfaceNames[i];
        if (STOPWORDS.has(name)) continue;
        var d = osaDistance(chars, c.surfaces[i], maxDist);
        if (d > maxDist) continue;
        var freq = c.surfaceFreq[i];
        if (best < 0 || d < bestDist || (d === bestDist && freq > bestFreq)) {
          best = i; bestDist = d; bestFreq = freq;
        }
      }
      var found = best >= 0 ? c.surfaceNames[best] : null;
      fuzzyCache.set(tok, found);
      return found || tok;
    }

    function informative(toks) {
      var seen = new Set(), out = [];
      toks.forEach(function (tok) {
        if (STOPWORDS.has(tok) || seen.has(tok)) return;
        seen.add(tok);
        var w = c.wordId.get(tok);
        if (w === undefined) out.push([-1, c.maxIdf]);
        else out.push([c.nChar + w, c.idf[c.nChar + w]]);
      });
      return out;
    }

    // Share of the query's informative IDF mass in words the FAQ never uses.
    function unknownShare(info) {
      var total = 0, unknown = 0;
      info.forEach(function (item) {
        total += item[1];
        if (item[0] < 0) unknown += item[1];
      });
      return total > 0 ? unknown / total : 0;
    }

    function coverage(info, words) {
      var total = 0, found = 0;
      info.forEach(function (item) {
        total += item[1];
        if (item[0] >= 0 && words.has(item[0])) found += item[1];
      });
      return total > 0 ? found / total : 0;
    }

    function knn2(xChar, examples) {
      var first = 0, second = 0, n = 0;
      examples.forEach(function (vec) {
        var dot = 0;
        xChar.forEach(function (v, f) {
          var w = vec.get(f);
          if (w !== undefined) dot += v * w;
        });
        n += 1;
        if (dot > first) { second = first; first = dot; } else if (dot > second) second = dot;
      });
      if (n === 0) return 0;
      return n === 1 ? first : (first + second) / 2;
    }

    // SPEC §7: up to 3 candidates with their raw signals, best first.
    function signals(query) {
      var folded = fold(truncate(String(query == null ? "" : query), t.maxQueryChars));
      var toks = tokens(folded).map(correct);
      if (!toks.length) return [];
      var tf = termCounts(toks, c);
      var xChar = unit(tf[0], c.idf), xWord = unit(tf[1], c.idf);
      var ww = t.wordWeight, n = model.ids.length;
      var acc = new Array(n).fill(0), touched = new Array(n).fill(false);
      xChar.forEach(function (v, f) {
        var p = c.postings[f];
        for (var i = 0; i < p.length; i += 2) { acc[p[i]] += v * p[i + 1]; touched[p[i]] = true; }
      });
      xWord.forEach(function (v, f) {
        var xv = ww * v, p = c.postings[f];
        for (var i = 0; i < p.length; i += 2) { acc[p[i]] += xv * p[i + 1]; touched[p[i]] = true; }
      });
      var scores = new Array(n), ranked = [];
      for (var e = 0; e < n; e++) {
        scores[e] = model.bias[e] + model.scale * acc[e];
        if (touched[e]) ranked.push(e);
      }
      ranked.sort(function (a, b) { return scores[b] - scores[a] || a - b; });
      ranked = ranked.slice(0, 3);
      if (!ranked.length) return [];
      var topS = -Infinity;
      for (e = 0; e < n; e++) if (scores[e] > topS) topS = scores[e];
      var z = 0;
      for (e = 0; e < n; e++) z += Math.exp(scores[e] - topS);
      var info = informative(toks);
      var unk = unknownShare(info);
      return ranked.map(function (e) {
        var p = Math.exp(scores[e] - topS) / z;
        var k2 = knn2(xChar, c.exampleChar[e]);
        var cov = coverage(info, c.entryWords[e]);
        var conf = scores[e] + t.confSoftmax * p + t.confKnn * k2 + t.confCoverage * cov;
        return { entry: e, id: model.ids[e], s: scores[e], p: p, k2: k2, cov: cov, unk: unk, conf: conf };
      });
    }

    // SPEC §8: answer only when all three raw thresholds hold; a top entry is a
    // "did you mean" suggestion only when its own confidence reaches suggestMin.
    function search(query) {
      var cands = signals(query);
      if (!cands.length) return { id: null, score: 0, top: [] };
      var best = cands[0];
      var answered = best.conf >= t.threshold && best.cov >= t.minCoverage && best.unk < t.maxUnknown;
      return {
        id: answered ? best.id : null,
        score: best.conf,
        top: cands.map(function (x) { return { id: x.id, score: x.conf, suggest: x.conf >= t.suggestMin }; })
      };
    }

    return { search: search, signals: signals };
  }

  var KnowledgeMatcher = { SPEC_VERSION: SPEC_VERSION, create: create, fold: fold };
  root.KnowledgeMatcher = KnowledgeMatcher;
  if (typeof module !== "undefined" && module.exports) module.exports = KnowledgeMatcher;
})(typeof self !== "undefined" ? self : this);
