// Times the shipped browser matcher (plugins/knowledge/assets/matcher.js) under Node,
// query by query, on what the index script carries for a model trained by the build
// (the model itself, or its ready index: SPEC.md §12).
//
//   node tests/bench/time_ours.mjs MATCHER.json QUERIES.json
//
// QUERIES.json: {"warmup": [str...], "timed": [str...]}. The warm-up queries run first
// (as the baselines run dev before test), then each timed query is measured alone.
// Prints {"ms": [...], "ids": [...]} (ids: the answer, null = abstain, per timed query).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const KnowledgeMatcher = require('../../plugins/knowledge/assets/matcher.js');

const [indexPath, queriesPath] = process.argv.slice(2);
const index = JSON.parse(readFileSync(indexPath, 'utf8'));
const { warmup, timed } = JSON.parse(readFileSync(queriesPath, 'utf8'));
const matcher = KnowledgeMatcher.create(index);
for (const q of warmup) matcher.search(q);
const ms = [];
const ids = [];
for (const q of timed) {
  const start = process.hrtime.bigint();
  const result = matcher.search(q);
  ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  ids.push(result.id);
}
process.stdout.write(JSON.stringify({ ms, ids }) + '\n');
