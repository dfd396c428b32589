"use strict";
// Amazon's APL linter over the documents named on the command line: one JSON
// object on stdout, {file: [results]}; an empty list means no error or warning.
const fs = require("fs");
const path = require("path");

const chatter = console.log;
console.log = (...words) => console.error(...words); // the linter prints notes; keep stdout for the answer
const {StaticAplTemplateValidator} = require(path.resolve("node_modules/apl-suggester"));

(async () => {
  const results = {};
  for (const file of process.argv.slice(2)) {
    const document = JSON.parse(fs.readFileSync(file, "utf8"));
    results[file] = await new StaticAplTemplateValidator().validate(document);
  }
  chatter(JSON.stringify(results));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
