/* Runs the shipped matcher.js under Node on a built index script, for
 * `knowledge ask --engine js`. Usage: node run_index.js MATCHER_JS INDEX_JS LANG
 * Reads JSON lines {"q": …} on stdin, writes one {"id","score","top"} line each. */
"use strict";
globalThis.self = globalThis;
const path = require("path");
const readline = require("readline");
const KnowledgeMatcher = require(path.resolve(process.argv[2]));
require(path.resolve(process.argv[3]));
const index = globalThis.KnowledgeFaqIndex[process.argv[4]];
const matcher = KnowledgeMatcher.create(index.matcher);
const out = [];
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on("line", (line) => {
  if (!line.trim()) return;
  const result = matcher.search(JSON.parse(line).q);
  out.push(JSON.stringify(result));
});
rl.on("close", () => {
  process.stdout.write(out.length ? out.join("\n") + "\n" : "");
});
