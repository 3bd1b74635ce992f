// The client-side search libraries a site would otherwise drop in, run on one
// benchmark set exactly as ../shared/bench/README.md configures them.
//
//   node tests/bench/baselines.mjs --set ../shared/bench/massive [--limit N]
//        [--files dev.json,test.json,test_noaccent.json] [--methods fuse,minisearch,...]
//
// Writes JSON lines to stdout, per method:
//   {"type":"index","method":M,"index_bytes":B,"index_gz_bytes":G,"build_ms":T}
//   {"type":"query","method":M,"file":F,"i":K,"top":[{"id","score"}...3],"ms":T}
// One document per entry and language (question + variants); a library's hits are
// merged by entry (an entry's score is its best document's). Every score is a
// confidence: higher means surer (fuse's 0-is-best score is reported as 1 - score).
// Queries run in file order, dev first, so the JIT is warm when test is timed.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';

const require = createRequire(import.meta.url);
const lunr = require('lunr');
require('lunr-languages/lunr.stemmer.support.js')(lunr);
require('lunr-languages/lunr.es.js')(lunr);
require('lunr-languages/lunr.multi.js')(lunr);

export const GZIP_LEVEL = 9;

// A small en+es list of articles, pronouns, prepositions and auxiliaries, compared
// after folding (so "qué" and "que" are the same stopword).
const STOPWORDS = new Set(
  (
    'a an the and or but if of at by for with about to from in on into over under up down ' +
    'is are was were be been being am do does did have has had i me my we our you your he she it its ' +
    'they them their this that these those there here what which who whom how when where why ' +
    'can could would should will shall may might must please so than then too very just not no ' +
    'el la los las un una unos unas y o u e ni pero si de del al a ante bajo con contra desde en entre ' +
    'hacia hasta para por segun sin sobre tras que cual cuales quien quienes como cuando donde ' +
    'es son era eran ser fue han ha he has hay estar esta estan este esto estos estas ese esa eso ' +
    'me te se nos os le les lo mi mis tu tus su sus yo vos usted ustedes nosotros ellos ellas el ella ' +
    'muy mas ya tambien por favor puedes podes puede'
  ).split(/\s+/),
);

export function fold(text) {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** One document per (entry, language): {key, entry, lang, question, variants[]}. */
export function documentsOf(corpus) {
  const docs = [];
  for (const entry of corpus.entries) {
    for (const lang of corpus.languages) {
      const question = entry.question?.[lang];
      if (!question) continue;
      docs.push({
        key: `${entry.id}|${lang}`,
        entry: entry.id,
        lang,
        question,
        variants: entry.variants?.[lang] ?? [],
      });
    }
  }
  return docs;
}

/** Merge document hits [{entry, score}] (best first) into the top-k distinct entries. */
export function mergeByEntry(hits, k = 3) {
  const best = new Map();
  for (const hit of hits) {
    const seen = best.get(hit.entry);
    if (seen === undefined || hit.score > seen) best.set(hit.entry, hit.score);
  }
  // Stable sort: equal scores keep the library's own order.
  return [...best.entries()]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

function gzSize(text) {
  return gzipSync(Buffer.from(text, 'utf8'), { level: GZIP_LEVEL }).length;
}

// ---------------------------------------------------------------- fuse.js
function buildFuse(docs) {
  const keys = ['question', 'variants'];
  const index = Fuse.createIndex(keys, docs);
  // Defaults, except includeScore (needed to read the score; it changes no result).
  const fuse = new Fuse(docs, { keys, includeScore: true }, index);
  return {
    serialized: JSON.stringify({ index: index.toJSON(), docs }),
    search: (q) => mergeByEntry(fuse.search(q).map((r) => ({ entry: r.item.entry, score: 1 - r.score }))),
  };
}

// ---------------------------------------------------------------- MiniSearch
function buildMiniSearch(docs, { foldAndStop }) {
  const processTerm = foldAndStop
    ? (term) => {
        const folded = fold(term);
        return folded && !STOPWORDS.has(folded) ? folded : null;
      }
    : (term) => term.toLowerCase();
  const ms = new MiniSearch({
    idField: 'key',
    fields: ['question', 'variants'],
    storeFields: ['entry'],
    extractField: (doc, field) => (field === 'variants' ? doc.variants.join(' ') : doc[field]),
    processTerm,
    searchOptions: { fuzzy: 0.2, prefix: true, boost: { question: 2 } },
  });
  ms.addAll(docs);
  const tokenize = MiniSearch.getDefault('tokenize');
  return {
    serialized: JSON.stringify(ms),
    search: (q) => {
      // The query's terms as MiniSearch itself counts them (after processTerm).
      const nTerms = tokenize(q).map((t) => processTerm(t)).filter((t) => !!t).length;
      if (nTerms === 0) return [];
      return mergeByEntry(ms.search(q).map((r) => ({ entry: r.entry, score: r.score / nTerms })));
    },
  };
}

// ---------------------------------------------------------------- lunr
function lunrIndex(docs, plugin) {
  return lunr(function () {
    if (plugin) this.use(plugin);
    this.ref('key');
    // The question weighs double, as in the MiniSearch configuration (boost {question: 2}):
    // this is the setting that reproduces the README's published lunr figures.
    this.field('question', { boost: 2 });
    this.field('variants');
    for (const doc of docs) this.add({ key: doc.key, question: doc.question, variants: doc.variants.join(' ') });
  });
}

/** Query through idx.query (idx.search's parser throws on ':', '~', '^', '*', '+', '-' in visitor text). */
function lunrSearch(idx, q, fuzzy) {
  const tokens = lunr.tokenizer(q).map((t) => t.toString()).filter((t) => t.length > 0);
  if (tokens.length === 0) return [];
  return idx.query((query) => {
    for (const term of tokens) {
      query.term(term, {});
      // The README's "edit distance 1": an extra ~1 clause on terms of 5+ characters.
      if (fuzzy && term.length >= 5) query.term(term, { editDistance: 1 });
    }
  });
}

/** lunr with lunr-languages: one index per language (lunr.es for Spanish), both queried (mixed mode). */
function buildLunr(docs, languages, { fuzzy }) {
  const indexes = languages.map((lang) =>
    lunrIndex(
      docs.filter((d) => d.lang === lang),
      lang === 'en' ? null : lunr[lang],
    ),
  );
  return {
    serialized: JSON.stringify(indexes.length === 1 ? indexes[0] : indexes),
    search: (q) =>
      mergeByEntry(
        indexes
          .flatMap((idx) => lunrSearch(idx, q, fuzzy))
          .sort((a, b) => b.score - a.score)
          .map((r) => ({ entry: r.ref.split('|')[0], score: r.score })),
      ),
  };
}

/** lunr.multiLanguage(en, es): one index for both languages. */
function buildLunrMulti(docs, languages) {
  const idx = lunrIndex(docs, lunr.multiLanguage(...languages));
  return {
    serialized: JSON.stringify(idx),
    search: (q) => mergeByEntry(lunrSearch(idx, q, false).map((r) => ({ entry: r.ref.split('|')[0], score: r.score }))),
  };
}

export const METHODS = {
  fuse: (docs) => buildFuse(docs),
  minisearch: (docs) => buildMiniSearch(docs, { foldAndStop: false }),
  minisearch_fold_stop: (docs) => buildMiniSearch(docs, { foldAndStop: true }),
  lunr: (docs, languages) => buildLunr(docs, languages, { fuzzy: false }),
  lunr_fuzzy: (docs, languages) => buildLunr(docs, languages, { fuzzy: true }),
  lunr_multi: (docs, languages) => buildLunrMulti(docs, languages),
};

/** lunr_multi only makes sense (and only appears in the README) for multi-language sets. */
export function methodsFor(languages) {
  return Object.keys(METHODS).filter((m) => m !== 'lunr_multi' || languages.length > 1);
}

function parseArgs(argv) {
  const args = { set: null, limit: 0, files: null, methods: null };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--set') args.set = value;
    else if (flag === '--limit') args.limit = Number(value);
    else if (flag === '--files') args.files = value.split(',').filter(Boolean);
    else if (flag === '--methods') args.methods = value.split(',').filter(Boolean);
    else throw new Error(`unknown argument ${flag}`);
    i++;
  }
  if (!args.set) throw new Error('--set DIR is required');
  return args;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const corpus = JSON.parse(readFileSync(path.join(args.set, 'corpus.json'), 'utf8'));
  const files = args.files ?? ['dev.json', 'test.json'];
  const queries = files.map((file) => {
    const all = JSON.parse(readFileSync(path.join(args.set, file), 'utf8'));
    return { file, items: args.limit > 0 ? all.slice(0, args.limit) : all };
  });
  const docs = documentsOf(corpus);
  const out = [];
  const flush = () => {
    if (out.length === 0) return;
    process.stdout.write(out.join('\n') + '\n');
    out.length = 0;
  };
  for (const method of args.methods ?? methodsFor(corpus.languages)) {
    const t0 = process.hrtime.bigint();
    const engine = METHODS[method](docs, corpus.languages);
    const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
    out.push(
      JSON.stringify({
        type: 'index',
        method,
        index_bytes: Buffer.byteLength(engine.serialized, 'utf8'),
        index_gz_bytes: gzSize(engine.serialized),
        build_ms: buildMs,
      }),
    );
    for (const { file, items } of queries) {
      items.forEach((item, i) => {
        const start = process.hrtime.bigint();
        const top = engine.search(item.query);
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        out.push(JSON.stringify({ type: 'query', method, file, i, top, ms }));
      });
      flush();
    }
  }
  flush();
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('baselines.mjs')) main();
