/* KnowledgeMatcher: the browser implementation of plugins/knowledge/matcher/SPEC.md.
 * A classic script (no modules, no build step, no eval). It mirrors the Python
 * reference (knowledge/matcher/engine.py) step by step: same features, same
 * arithmetic order, same tie-breaks, so both score every query alike.
 * Visitor text is only ever compared, never inserted into the page. */
(function (root) {
  "use strict";

  var MODEL_SPEC = 2; // the trained model (SPEC §5), shipped as is when the FAQ is small
  var INDEX_SPEC = 3; // the ready index built from it (SPEC §12), shipped when the FAQ is large
  // The model's tunables list, in this order (SPEC §5, §9).
  var TUNABLE_NAMES = ("maxQueryChars wordWeight fuzzyMinLen fuzzyMaxDist fuzzyLongLen confSoftmax " +
    "confKnn confCoverage threshold minCoverage maxUnknown suggestMin").split(" ");
  var BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
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
  // ASCII is decided by its code (no regex); other code points by their Unicode class.
  function fold(text) {
    var s = text.toLowerCase().normalize("NFKD");
    var out = "";
    var pendingSpace = false;
    for (var i = 0; i < s.length; i += ch.length) {
      var code = s.charCodeAt(i), ch, letter;
      if (code < 128) {
        ch = s.charAt(i);
        letter = (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
      } else {
        ch = String.fromCodePoint(s.codePointAt(i));
        if (MARK.test(ch)) continue;
        letter = LETTER_OR_NUMBER.test(ch);
      }
      if (letter) {
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

  var SURROGATE = /[\uD800-\uDFFF]/;

  // SPEC §3: 2-, 3-, 4-grams of " word ", n ascending, then position (code points).
  function charGrams(word) {
    var grams = [];
    if (!SURROGATE.test(word)) { // one UTF-16 unit per code point: plain substrings
      var p = " " + word + " ";
      for (var m = 2; m <= 4; m++) {
        for (var k = 0; k + m <= p.length; k++) grams.push(p.substr(k, m));
      }
      return grams;
    }
    var padded = Array.from(" " + word + " ");
    for (var n = 2; n <= 4; n++) {
      for (var i = 0; i + n <= padded.length; i++) grams.push(padded.slice(i, i + n).join(""));
    }
    return grams;
  }

  // Optimal string alignment distance (restricted Damerau-Levenshtein), or max+1 once above max.
  // Three rows, reused across calls (grown when a longer word comes).
  var rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];
  function osaDistance(a, b, max) {
    var n = a.length, m = b.length;
    if (Math.abs(n - m) > max) return max + 1;
    if (m + 1 > rows[0].length) rows = [new Int32Array(2 * m + 2), new Int32Array(2 * m + 2), new Int32Array(2 * m + 2)];
    var prev2 = rows[0], prev = rows[1], cur = rows[2], spare;
    for (var j = 0; j <= m; j++) prev[j] = j;
    for (var i = 1; i <= n; i++) {
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
      spare = prev2;
      prev2 = prev;
      prev = cur;
      cur = spare;
    }
    return prev[m] > max ? max + 1 : prev[m];
  }

  // SPEC §12: the index's packed integers. A digit is a base64 character worth 0…63;
  // its low 5 bits are the value's next bits (low first), 32 and above says "more follow".
  var SHORT_LEVELS = [1, 2, 3, -1]; // the levels a one-digit posting can hold (§12)
  var DIGIT = new Int8Array(128).fill(-1);
  for (var d = 0; d < BASE64.length; d++) DIGIT[BASE64.charCodeAt(d)] = d;
  function varints(text, pos, count, out) {
    for (var i = 0; i < count; i++) {
      var value = 0, scale = 1, digit;
      do {
        var code = pos < text.length ? text.charCodeAt(pos++) : 128;
        digit = code < 128 ? DIGIT[code] : -1;
        if (digit < 0) throw new Error("the index's packed numbers are not well formed");
        value += (digit & 31) * scale;
        scale *= 32;
      } while (digit >= 32);
      out[i] = value;
    }
    return pos;
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

  // SPEC §12, spec 3: open the ready index: maps of the vocabulary and the features, and
  // the postings decoded in one pass. Nothing here reads the texts.
  function openIndex(index) {
    var groupRep = new Map();
    (index.stems || []).forEach(function (group) {
      var members = group.split(" ");
      members.forEach(function (m) { groupRep.set(m, members[0]); });
    });
    var words = index.words ? index.words.split(" ") : [];
    var wordKeyId = new Map(), wordId = new Map();
    for (var i = 0; i < words.length; i++) {
      var key = groupRep.has(words[i]) ? groupRep.get(words[i]) : words[i];
      if (!wordKeyId.has(key)) wordKeyId.set(key, wordKeyId.size);
      wordId.set(words[i], wordKeyId.get(key));
    }
    var wordTexts = new Array(words.length);
    varints(index.wordTexts, 0, words.length, wordTexts);
    var grams = index.grams ? index.grams.split("|") : [];
    var charId = new Map();
    for (i = 0; i < grams.length; i++) charId.set(grams[i], i);
    var nEntries = index.ids.length, nFeatures = grams.length + wordKeyId.size;
    var c = {
      charId: charId, wordId: wordId, nChar: grams.length, nWord: wordKeyId.size, surfaceNames: words, surfaceFreq: wordTexts,
      textsOf: function (e) { return index.texts[e] ? index.texts[e].split("|") : []; }
    };
    // One pass over the packed postings, feature by feature (df, count, the postings,
    // then a space): a single hot loop, into flat typed arrays; feature f's postings are
    // entries/levels[start[f] … start[f + 1]). Every posting takes at least one digit.
    var text = index.postings || "", pos = 0, total = 0, capacity = text.length;
    var idf = new Float64Array(nFeatures), start = new Int32Array(nFeatures + 1);
    var entries = new Int32Array(capacity), levels = new Int8Array(capacity);
    function bad(what) { return new Error("the index's " + what); }
    function next() {
      var value = 0, scale = 1, digit;
      do {
        var code = text.charCodeAt(pos++);
        digit = code < 128 ? DIGIT[code] : -1; // NaN past the end: -1 too
        if (!(digit >= 0)) throw bad("packed numbers are not well formed");
        value += (digit & 31) * scale;
        scale *= 32;
      } while (digit >= 32);
      return value;
    }
    for (var f = 0; f < nFeatures; f++) {
      if (f > 0 && text.charCodeAt(pos++) !== 32) throw bad("postings do not match its features");
      idf[f] = Math.log((nEntries + 1) / (next() + 1)) + 1;
      var count = next(), k, e;
      if (total + count > capacity) throw bad("packed numbers are not well formed");
      start[f] = total;
      for (k = 0, e = -1; k < count; k++) {
        // One digit: below 32, gap * 4 + which of the short levels; else 32 + level + 15,
        // then the gap as a packed integer.
        var code = text.charCodeAt(pos++), digit = code < 128 ? DIGIT[code] : -1, level;
        if (!(digit >= 0) || digit === 63) throw bad("packed numbers are not well formed");
        if (digit < 32) {
          e += (digit >> 2) + 1;
          level = SHORT_LEVELS[digit & 3];
        } else {
          level = digit - 47;
          e += next() + 1;
        }
        if (e >= nEntries) throw bad("postings name an entry it does not have");
        if (level === 0) throw bad("postings are not well formed");
        entries[total + k] = e;
        levels[total + k] = level;
      }
      total += count;
    }
    start[nFeatures] = total;
    if (pos !== text.length) throw bad("postings do not match its features");
    c.idf = idf;
    c.start = start;
    c.entries = entries;
    c.levels = levels;
    return c;
  }

  // SPEC §5.4: the range decoder of the weight stream (codec.py decodes the same, bit for
  // bit). bit(k) is the next binary decision, coded with the adaptive probability of slot
  // k; complete() says whether the stream was long enough. Every quantity is an integer
  // below 2^32, exact in a double.
  function rangeDecoder(text) {
    var bytes = new Uint8Array((text.length * 3 >> 2) + 1), acc = 0, nbits = 0, nb = 0, i;
    for (i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i), v = code < 128 ? DIGIT[code] : -1;
      if (v < 0) throw new Error("the model's weights are not base64");
      acc = ((acc << 6) | v) & 0xffffff;
      nbits += 6;
      if (nbits >= 8) { nbits -= 8; bytes[nb++] = (acc >> nbits) & 255; }
    }
    var pos = 0, value = 0, range = 4294967295;
    function next() { return pos < nb ? bytes[pos++] : (pos++, 0); }
    for (i = 0; i < 4; i++) value = value * 256 + next();
    // Count-based probabilities per decision: zero?, negative?, magnitude > j (j = 1…14), per context.
    var zeros = new Uint16Array(126 * 16), ones = new Uint16Array(126 * 16);
    return {
      bit: function (k) {
        var z = zeros[k], o = ones[k];
        var bound = Math.floor(range / 4096) * Math.floor((2 * z + 1) * 4096 / (2 * (z + o) + 2));
        var b;
        if (value < bound) { range = bound; b = 0; z++; } else { value -= bound; range -= bound; b = 1; o++; }
        if (z + o >= 1024) { z = (z + 1) >> 1; o = (o + 1) >> 1; }
        zeros[k] = z; ones[k] = o;
        while (range < 16777216) { range *= 256; value = value * 256 + next(); }
        return b;
      },
      complete: function () { return pos <= nb + 4; }
    };
  }

  // SPEC §5, spec 2: compile the trained model itself (small FAQs ship it, §12). One pass
  // over the texts, token by token: a distinct token's n-grams are numbered once (in
  // first-appearance order, so the numbering is §3's), then each occurrence only marks
  // its features as used by the text and the entry (stamps, no maps). Then the weight
  // stream is decoded entry by entry into the same flat postings the index ships.
  function compileModel(model) {
    var groupRep = new Map();
    (model.stems || []).forEach(function (group) {
      var members = group.split(" ");
      members.forEach(function (m) { groupRep.set(m, members[0]); });
    });
    var charId = new Map(), wordKeyId = new Map(), wordId = new Map(), known = new Map();
    var surfaces = [], surfaceFreq = [], surfaceText = [];
    var nEntries = model.ids.length, textNo = 0;
    // Per feature: last text and entry that used it, entries using it (df), the slot of
    // its (feature, texts of the entry using it) pair in the current entry.
    var size = 1024, textStamp = new Int32Array(size).fill(-1), entryStamp = new Int32Array(size).fill(-1);
    var df = new Int32Array(size), slot = new Int32Array(size);
    function grown(a, n, fill) { var b = new Int32Array(n).fill(fill); b.set(a); return b; }
    // The (entry, feature) pairs, entry by entry, as feature * 4 + min(texts of the entry
    // using it, 3): entry e's char features at pairs[entryStart[2e] … entryStart[2e + 1]),
    // then its word features (word numbers, nChar not yet known) up to entryStart[2e + 2].
    var pairs = new Int32Array(1 << 16), nPairs = 0, entryStart = new Int32Array(2 * nEntries + 1);
    function push(v) {
      if (nPairs === pairs.length) { var b = new Int32Array(2 * nPairs); b.set(pairs); pairs = b; }
      pairs[nPairs++] = v;
    }
    function use(f, e) { // char feature f occurs in the current text (number textNo) of entry e
      if (textStamp[f] === textNo) return;
      textStamp[f] = textNo;
      if (entryStamp[f] !== e) { entryStamp[f] = e; df[f]++; slot[f] = nPairs; push(f * 4 + 1); }
      else if ((pairs[slot[f]] & 3) < 3) pairs[slot[f]]++;
    }
    var wordTextStamp = [], wordEntryStamp = [], wordDf = [], wordSlot = [];
    for (var e = 0; e < nEntries; e++) {
      var texts = model.texts[e], words = [];
      entryStart[2 * e] = nPairs;
      for (var x = 0; x < texts.length; x++, textNo++) {
        var toks = tokens(texts[x]);
        for (var t = 0; t < toks.length; t++) {
          var tok = toks[t], info = known.get(tok);
          if (info === undefined) {
            var grams = charGrams(tok), ids = new Int32Array(grams.length);
            for (var g = 0; g < grams.length; g++) {
              var id = charId.get(grams[g]);
              if (id === undefined) charId.set(grams[g], (id = charId.size));
              ids[g] = id;
            }
            if (charId.size > size) {
              size = 2 * charId.size;
              textStamp = grown(textStamp, size, -1); entryStamp = grown(entryStamp, size, -1);
              df = grown(df, size, 0); slot = grown(slot, size, 0);
            }
            var w = -1;
            if (!STOPWORDS.has(tok)) {
              var key = groupRep.has(tok) ? groupRep.get(tok) : tok;
              if (!wordKeyId.has(key)) {
                wordKeyId.set(key, wordKeyId.size);
                wordTextStamp.push(-1); wordEntryStamp.push(-1); wordDf.push(0); wordSlot.push(0);
              }
              wordId.set(tok, (w = wordKeyId.get(key)));
              surfaces.push(tok); surfaceFreq.push(0); surfaceText.push(-1);
            }
            info = { chars: ids, word: w, surface: w < 0 ? -1 : surfaces.length - 1 };
            known.set(tok, info);
          }
          for (var j = 0; j < info.chars.length; j++) use(info.chars[j], e);
          if (info.word >= 0) {
            var s = info.surface, wf = info.word;
            if (surfaceText[s] !== textNo) { surfaceText[s] = textNo; surfaceFreq[s]++; }
            if (wordTextStamp[wf] !== textNo) {
              wordTextStamp[wf] = textNo;
              if (wordEntryStamp[wf] !== e) { wordEntryStamp[wf] = e; wordDf[wf]++; wordSlot[wf] = words.length; words.push(wf * 4 + 1); }
              else if ((words[wordSlot[wf]] & 3) < 3) words[wordSlot[wf]]++;
            }
          }
        }
      }
      entryStart[2 * e + 1] = nPairs;
      for (j = 0; j < words.length; j++) push(words[j]);
    }
    entryStart[2 * nEntries] = nPairs;
    var nChar = charId.size, nWord = wordKeyId.size, nFeatures = nChar + nWord;
    var idf = new Float64Array(nFeatures), dfAll = new Int32Array(nFeatures);
    for (var f = 0; f < nChar; f++) dfAll[f] = df[f];
    for (f = 0; f < nWord; f++) dfAll[nChar + f] = wordDf[f];
    for (f = 0; f < nFeatures; f++) idf[f] = Math.log((nEntries + 1) / (dfAll[f] + 1)) + 1;
    // Weight levels, entry by entry, features ascending (char block sorted, then word block).
    var decoder = rangeDecoder(model.weights), bit = decoder.bit;
    var nonzeroFeature = new Int32Array(nPairs), nonzeroEntry = new Int32Array(nPairs), nonzeroLevel = new Int8Array(nPairs), nz = 0;
    var start = new Int32Array(nFeatures + 1);
    for (e = 0; e < nEntries; e++) {
      var prev = 0;
      for (var part = 0; part < 2; part++) {
        var list = pairs.subarray(entryStart[2 * e + part], entryStart[2 * e + part + 1]).sort(), base = part ? nChar : 0;
        for (j = 0; j < list.length; j++) {
          var feature = base + (list[j] >> 2);
          var ctx = ((Math.min(dfAll[feature], 6) - 1) * 3 + (list[j] & 3) - 1) * 7 + Math.max(-3, Math.min(3, prev)) + 3;
          var level = 0;
          if (bit(ctx * 16)) {
            var negative = bit(ctx * 16 + 1), mag = 1;
            while (mag < 15 && bit(ctx * 16 + 1 + mag)) mag++;
            level = negative ? -mag : mag;
          }
          prev = level;
          if (level !== 0) {
            nonzeroFeature[nz] = feature; nonzeroEntry[nz] = e; nonzeroLevel[nz++] = level;
            start[feature + 1]++;
          }
        }
      }
    }
    if (!decoder.complete()) throw new Error("the model's weights are shorter than its texts need");
    // Postings per feature, entries ascending (a counting sort of the nonzero levels).
    for (f = 0; f < nFeatures; f++) start[f + 1] += start[f];
    var fill = start.slice(0, nFeatures), entries = new Int32Array(nz), levels = new Int8Array(nz);
    for (var i = 0; i < nz; i++) {
      var at = fill[nonzeroFeature[i]]++;
      entries[at] = nonzeroEntry[i];
      levels[at] = nonzeroLevel[i];
    }
    return {
      charId: charId, wordId: wordId, nChar: nChar, nWord: nWord, surfaceNames: surfaces, surfaceFreq: surfaceFreq,
      textsOf: function (e) { return model.texts[e]; }, idf: idf, start: start, entries: entries, levels: levels
    };
  }

  // What both forms share: a token's features, and per entry the data of its confidence
  // signals, made from its own texts when a query first ranks it in its top 3.
  function finish(c, nEntries) {
    var charId = c.charId, wordId = c.wordId, idf = c.idf;
    c.maxIdf = Math.log(nEntries + 1) + 1;
    // A token's features (char n-gram ids in gram order, word feature or -1), cached:
    // entries' texts and visitors reuse the same words.
    var tokenCache = new Map();
    c.tokenFeatures = function (tok) {
      var hit = tokenCache.get(tok);
      if (!hit) {
        var grams = charGrams(tok), ids = [];
        for (var k = 0; k < grams.length; k++) {
          var id = charId.get(grams[k]);
          if (id !== undefined) ids.push(id);
        }
        var w = STOPWORDS.has(tok) ? undefined : wordId.get(tok);
        hit = { chars: ids, word: w === undefined ? -1 : c.nChar + w };
        if (tokenCache.size >= 50000) tokenCache.clear();
        tokenCache.set(tok, hit);
      }
      return hit;
    };
    // Per entry, made when a query first ranks it in its top 3: each text's char vector as
    // parallel arrays (feature ids in first-appearance order, values) for knn2, and the word
    // features its texts use, for coverage. Same sums in the same order as unit(); scratch
    // counts instead of maps, as this runs for every new entry a query ranks.
    var perEntry = new Array(nEntries), tfScratch = new Int32Array(c.nChar + c.nWord);
    c.entry = function (e) {
      if (perEntry[e]) return perEntry[e];
      var examples = [], words = new Set(), list = c.textsOf(e);
      for (var x = 0; x < list.length; x++) {
        var toks = tokens(list[x]), order = [], j, k;
        for (j = 0; j < toks.length; j++) {
          var hit = c.tokenFeatures(toks[j]);
          for (k = 0; k < hit.chars.length; k++) if (tfScratch[hit.chars[k]]++ === 0) order.push(hit.chars[k]);
          if (hit.word >= 0) words.add(hit.word);
        }
        var ids = new Int32Array(order.length), values = new Float64Array(order.length), total = 0;
        for (k = 0; k < order.length; k++) {
          var v = values[k] = (1 + Math.log(tfScratch[order[k]])) * idf[order[k]];
          total += v * v;
          ids[k] = order[k];
          tfScratch[order[k]] = 0;
        }
        var norm = Math.sqrt(total);
        for (k = 0; k < order.length; k++) values[k] = total > 0 ? values[k] / norm : 0;
        examples.push({ f: ids, v: values });
      }
      return (perEntry[e] = { examples: examples, words: words });
    };
    return c;
  }

  function create(model) {
    if (!model || (model.spec !== MODEL_SPEC && model.spec !== INDEX_SPEC)) {
      throw new Error("matcher model has spec " + (model && model.spec) + ", this code reads spec " + MODEL_SPEC + " and " + INDEX_SPEC);
    }
    var t = {};
    if (!Array.isArray(model.tunables) || model.tunables.length !== TUNABLE_NAMES.length) {
      throw new Error("the model's tunables must be a list of " + TUNABLE_NAMES.length + " values");
    }
    TUNABLE_NAMES.forEach(function (name, i) { t[name] = model.tunables[i]; });
    var bias = model.bias.map(function (b) { return b / 1000; });
    var c = finish(model.spec === INDEX_SPEC ? openIndex(model) : compileModel(model), model.ids.length);
    var fuzzyCache = new Map();
    // Correction candidates (surface forms that are not stopwords) by length in code
    // points, made at the first correction: a word whose length differs by more than the
    // allowed distance is never scanned. Each also gets a letter mask (bit: code point
    // mod 32), a cheap lower bound of the OSA distance: every letter of one word missing
    // from the other costs at least one edit of its own, so the distance is at least the
    // larger count of such mask bits (letters sharing a bit only lower the count). Words
    // failing it skip the dynamic programme; the candidates found are the same.
    var byLength = null, surfaces = null, masks = null;
    function letterMask(chars) {
      for (var m = 0, k = 0; k < chars.length; k++) m |= 1 << (chars[k].codePointAt(0) & 31);
      return m;
    }
    function bits(x) {
      x -= (x >>> 1) & 0x55555555;
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    function candidates() {
      byLength = [];
      surfaces = c.surfaceNames.map(function (s) { return Array.from(s); });
      masks = new Int32Array(surfaces.length);
      surfaces.forEach(function (chars, i) {
        (byLength[chars.length] = byLength[chars.length] || []).push(i);
        masks[i] = letterMask(chars);
      });
    }

    // SPEC §6: an unknown token becomes its closest vocabulary word within the allowed distance.
    function correct(tok) {
      var chars = Array.from(tok);
      if (chars.length < t.fuzzyMinLen || c.wordId.has(tok) || STOPWORDS.has(tok)) return tok;
      if (fuzzyCache.has(tok)) return fuzzyCache.get(tok) || tok;
      var maxDist = chars.length >= t.fuzzyLongLen ? 2 : t.fuzzyMaxDist;
      if (!byLength) candidates();
      var best = -1, bestDist = 0, bestFreq = 0, mask = letterMask(chars);
      for (var len = Math.max(0, chars.length - maxDist); len <= chars.length + maxDist; len++) {
        var bucket = byLength[len] || [];
        for (var k = 0; k < bucket.length; k++) {
          var i = bucket[k];
          if (bits(mask & ~masks[i]) > maxDist || bits(masks[i] & ~mask) > maxDist) continue;
          var d = osaDistance(chars, surfaces[i], maxDist);
          if (d > maxDist) continue;
          var freq = c.surfaceFreq[i];
          // smallest distance, then most texts, then first in vocabulary order
          if (best < 0 || d < bestDist || (d === bestDist && (freq > bestFreq || (freq === bestFreq && i < best)))) {
            best = i; bestDist = d; bestFreq = freq;
          }
        }
      }
      var found = best >= 0 ? c.surfaceNames[best] : null;
      fuzzyCache.set(tok, found);
      return found || tok;
    }

    // The query's term counts (char block, word block), keyed in first-appearance order.
    function queryCounts(toks) {
      var charTf = new Map(), wordTf = new Map();
      for (var i = 0; i < toks.length; i++) {
        var hit = c.tokenFeatures(toks[i]);
        for (var k = 0; k < hit.chars.length; k++) charTf.set(hit.chars[k], (charTf.get(hit.chars[k]) || 0) + 1);
        if (hit.word >= 0) wordTf.set(hit.word, (wordTf.get(hit.word) || 0) + 1);
      }
      return [charTf, wordTf];
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

    // Scratch for knn2: slot[f] = 1 + position of feature f in the query's char vector.
    var slot = new Int32Array(c.nChar + c.nWord), prods = new Float64Array(64);

    // Mean of the two best cosines. Each dot product is summed in the query's feature
    // order, as SPEC §7 says; features the example lacks add exactly 0.
    function knn2(q, examples) {
      var first = 0, second = 0, n = 0;
      for (var x = 0; x < examples.length; x++) {
        var vec = examples[x], dot = 0, j, k;
        for (j = 0; j < vec.f.length; j++) {
          k = slot[vec.f[j]];
          if (k) prods[k - 1] = q.v[k - 1] * vec.v[j];
        }
        for (k = 0; k < q.n; k++) { dot += prods[k]; prods[k] = 0; }
        n += 1;
        if (dot > first) { second = first; first = dot; } else if (dot > second) second = dot;
      }
      if (n === 0) return 0;
      return n === 1 ? first : (first + second) / 2;
    }

    // SPEC §7: up to 3 candidates with their raw signals, best first.
    function signals(query) {
      var folded = fold(truncate(String(query == null ? "" : query), t.maxQueryChars));
      var toks = tokens(folded).map(correct);
      if (!toks.length) return [];
      var tf = queryCounts(toks);
      var xChar = unit(tf[0], c.idf), xWord = unit(tf[1], c.idf);
      var ww = t.wordWeight, n = model.ids.length;
      var acc = new Float64Array(n), touched = new Uint8Array(n);
      var entries = c.entries, levels = c.levels;
      function add(xv, f) {
        for (var i = c.start[f], end = c.start[f + 1]; i < end; i++) { acc[entries[i]] += xv * levels[i]; touched[entries[i]] = 1; }
      }
      xChar.forEach(function (v, f) { add(v, f); });
      xWord.forEach(function (v, f) { add(ww * v, f); });
      // Top 3 of the candidates by score, then index: entries come in index order,
      // so one only passes another with a strictly higher score (no full sort).
      var scores = new Float64Array(n), ranked = [];
      for (var e = 0; e < n; e++) {
        var se = scores[e] = bias[e] + model.scale * acc[e];
        if (!touched[e]) continue;
        var at = ranked.length;
        while (at > 0 && se > scores[ranked[at - 1]]) at--;
        if (at < 3) {
          ranked.splice(at, 0, e);
          if (ranked.length > 3) ranked.pop();
        }
      }
      if (!ranked.length) return [];
      var topS = -Infinity;
      for (e = 0; e < n; e++) if (scores[e] > topS) topS = scores[e];
      var z = 0;
      for (e = 0; e < n; e++) z += Math.exp(scores[e] - topS);
      var info = informative(toks);
      var unk = unknownShare(info);
      var q = { n: xChar.size, v: new Float64Array(xChar.size) }, qi = 0;
      if (prods.length < q.n) prods = new Float64Array(2 * q.n);
      xChar.forEach(function (v, f) { q.v[qi] = v; slot[f] = ++qi; });
      var out = ranked.map(function (e) {
        var p = Math.exp(scores[e] - topS) / z;
        var k2 = knn2(q, c.entry(e).examples);
        var cov = coverage(info, c.entry(e).words);
        var conf = scores[e] + t.confSoftmax * p + t.confKnn * k2 + t.confCoverage * cov;
        return { entry: e, id: model.ids[e], s: scores[e], p: p, k2: k2, cov: cov, unk: unk, conf: conf };
      });
      xChar.forEach(function (_, f) { slot[f] = 0; });
      return out;
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

  // SPEC §8, "The reply", as knowledge/matcher/reply.py (the build passes the numbers).
  function reply(result, rule) {
    var top = ((result && result.top) || []).filter(function (h) { return h && typeof h.id === "string"; });
    function ids(hits) {
      return hits.map(function (h) { return h.id; }).filter(function (id, i, all) { return all.indexOf(id) === i; });
    }
    if (result && result.id != null) {
      var best = result.score;
      top.forEach(function (h) { if (h.id === result.id) best = h.score; });
      var related = top.filter(function (h) { return h.id !== result.id && h.suggest && best - h.score <= rule.relatedMargin; });
      return { answer: result.id, related: ids(related).slice(0, rule.related), suggestions: [], lead: null };
    }
    var flagged = top.filter(function (h) { return h.suggest && h.score > 0; });
    var suggestions = ids(flagged).slice(0, rule.suggestions), lead = null, next = 0;
    if (suggestions.length) {
      top.forEach(function (h) { if (h.id !== flagged[0].id && h.score > next) next = h.score; });
      if (flagged[0].score >= rule.leadMin && flagged[0].score - next >= rule.leadMargin) lead = flagged[0].id;
    }
    return { answer: null, related: [], suggestions: suggestions, lead: lead };
  }

  var KnowledgeMatcher = { MODEL_SPEC: MODEL_SPEC, INDEX_SPEC: INDEX_SPEC, create: create, fold: fold, reply: reply };
  root.KnowledgeMatcher = KnowledgeMatcher;
  if (typeof module !== "undefined" && module.exports) module.exports = KnowledgeMatcher;
})(typeof self !== "undefined" ? self : this);
