// The shipped matcher.js against the golden vectors (same file as test_matcher.py),
// on golden_index.json: the browser index (SPEC §12) built from golden.json's model.
// Run: node --test tests/matcher/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const ROOT = path.resolve(__dirname, "..", "..");
const MATCHER_JS = path.join(ROOT, "plugins", "knowledge", "assets", "matcher.js");
const golden = JSON.parse(fs.readFileSync(path.join(__dirname, "golden.json"), "utf8"));
const index = JSON.parse(fs.readFileSync(path.join(__dirname, "golden_index.json"), "utf8"));
const KnowledgeMatcher = require(MATCHER_JS);

function close(actual, expected, label) {
  assert.ok(Math.abs(actual - expected) <= 1e-6, `${label}: ${actual} vs ${expected}`);
}

test("golden vectors: same top-3 ids in order, scores within 1e-6, on the model and on its ready index", async (t) => {
  for (const [form, matcher] of [["model", KnowledgeMatcher.create(golden.model)], ["index", KnowledgeMatcher.create(index)]]) {
  for (const c of golden.cases) {
    await t.test(`${form}: ${c.name}`, () => {
      const result = matcher.search(c.query);
      assert.equal(result.id, c.id);
      assert.deepEqual(result.top.map((x) => x.id), c.top.map((x) => x.id));
      assert.deepEqual(result.top.map((x) => x.suggest), c.top.map((x) => x.suggest));
      close(result.score, c.score, "score");
      result.top.forEach((x, i) => close(x.score, c.top[i].score, `top[${i}]`));
    });
  }
  }
});

test("reply vectors: KnowledgeMatcher.reply shows what knowledge/matcher/reply.py shows", async (t) => {
  const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, "reply_vectors.json"), "utf8"));
  for (const c of vectors.cases) {
    await t.test(c.name, () => assert.deepEqual(KnowledgeMatcher.reply(c.result, vectors.rule), c.reply));
  }
  // And on the engine's own results: the golden queries searched here, replied to here.
  const matcher = KnowledgeMatcher.create(index);
  for (const c of vectors.cases.filter((x) => x.name.startsWith("golden: "))) {
    const query = golden.cases.find((g) => `golden: ${g.name}` === c.name).query;
    assert.deepEqual(KnowledgeMatcher.reply(matcher.search(query), vectors.rule), c.reply, c.name);
  }
});

test("runs as a classic script in a browser-like global, without module or eval", () => {
  const source = fs.readFileSync(MATCHER_JS, "utf8");
  assert.doesNotMatch(source, /\beval\s*\(|new Function|\bimport\s|\bexport\s/);
  const sandbox = { self: {} };
  vm.runInNewContext(source, sandbox);
  const matcher = sandbox.self.KnowledgeMatcher.create(index);
  assert.equal(matcher.search(golden.cases[0].query).id, golden.cases[0].id);
});

test("a huge query is cut to the documented length and stays fast", () => {
  const matcher = KnowledgeMatcher.create(index);
  const huge = "presupuesto página ".repeat(100000);
  const start = Date.now();
  const result = matcher.search(huge);
  assert.ok(Date.now() - start < 1000);
  assert.deepEqual(result, matcher.search(Array.from(huge).slice(0, golden.model.tunables[0]).join("")));
});

test("non-string and odd input never throws", () => {
  const matcher = KnowledgeMatcher.create(index);
  for (const q of [undefined, null, 42, "\uD800", "\u0000\u200b"]) {
    const r = matcher.search(q);
    assert.ok(r && Array.isArray(r.top));
  }
});

test("refuses a model or index of another spec version", () => {
  assert.throws(() => KnowledgeMatcher.create({ ...index, spec: 999 }), /spec 999/);
  assert.throws(() => KnowledgeMatcher.create({ ...golden.model, spec: 1 }), /spec 1/);
});

test("refuses tunables that are not the documented list, weights that are not base64, postings that are not well formed", () => {
  assert.throws(() => KnowledgeMatcher.create({ ...golden.model, tunables: golden.model.tunables.slice(1) }), /tunables/);
  assert.throws(() => KnowledgeMatcher.create({ ...golden.model, weights: "not base64!" }), /base64/);
  assert.throws(() => KnowledgeMatcher.create({ ...golden.model, weights: golden.model.weights.slice(0, 8) }), /shorter/);
  assert.throws(() => KnowledgeMatcher.create({ ...index, tunables: index.tunables.slice(1) }), /tunables/);
  assert.throws(() => KnowledgeMatcher.create({ ...index, postings: index.postings + " A" }), /postings/);
  assert.throws(() => KnowledgeMatcher.create({ ...index, wordTexts: "!" }), /packed numbers/);
  assert.throws(() => KnowledgeMatcher.create({ ...index, postings: index.postings.split(" ").map(() => "B!").join(" ") }), /packed numbers/);
  // A posting naming an entry past the last one: df 1, one posting in the long form
  // (digit 48 = "w": level 1), its gap the number of entries.
  const past = "BBw" + String.fromCharCode(65 + index.ids.length);
  assert.ok(index.ids.length < 26);
  assert.throws(() => KnowledgeMatcher.create({ ...index, postings: [past, ...index.postings.split(" ").slice(1)].join(" ") }), /entry/);
});

test("answers do not depend on what earlier queries computed", () => {
  // Per-entry vectors and token features are made on first use and kept: a matcher that
  // has answered every other case first must answer each case as a fresh one does.
  for (const form of [golden.model, index]) {
    const shared = KnowledgeMatcher.create(form);
    for (const c of [...golden.cases].reverse()) {
      assert.deepEqual(shared.search(c.query), KnowledgeMatcher.create(form).search(c.query));
    }
  }
});

test("a matcher built twice from one index answers alike (decoding is deterministic)", () => {
  const a = KnowledgeMatcher.create(index), b = KnowledgeMatcher.create(index);
  for (const c of golden.cases) assert.deepEqual(a.search(c.query), b.search(c.query));
});
