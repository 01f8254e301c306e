// The record contract (data/policy.schema.json) as ajv's standalone validation code, an ES module
// for the record form (assets/vendor/ajv/policy-validator.js). ajv compiles a schema with
// `new Function`, which the site's Content-Security-Policy (script-src 'self', no 'unsafe-eval')
// refuses in the browser; so the code is compiled here, by `python -m macros vendor`
// (macros/clerk/vendor.py), and served as a file. The few ajv runtime helpers the code uses are
// written into it, so it imports nothing.
//
// usage: node validator.mjs <project root> <schema file> <output file>
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

const [root, schemaFile, output] = process.argv.slice(2);
const require = createRequire(resolve(root, "package.json"));
const Ajv2020 = require("ajv/dist/2020").default;
const standaloneCode = require("ajv/dist/standalone").default;
const { version } = require("ajv/package.json");

const text = readFileSync(schemaFile, "utf8");
// The contract's own annotations are not assertions; dates are checked by the form's date rules
// (lib/checks.js), as by the command-line check, so formats are not validated.
const ajv = new Ajv2020({ allErrors: true, strict: true, validateFormats: false, code: { source: true, esm: true } });
ajv.addVocabulary(["x-portal", "formatMinimum", "formatMaximum"]);
const code = standaloneCode(ajv, ajv.compile(JSON.parse(text)));

const RUNTIME = /require\("(ajv\/dist\/runtime\/[a-z0-9_]+)"\)\.default/g;
const inlined = code.replace(RUNTIME, (whole, name) => {
  const helper = require(name).default.toString();
  if (helper.includes("require(")) throw new Error(`${name} cannot be written into the code: it imports others`);
  return `(${helper})`;
});
if (inlined.includes("require(")) throw new Error("the compiled code still imports: " + inlined.match(/require\([^)]*\)/)[0]);

const digest = createHash("sha256").update(text).digest("hex");
writeFileSync(output, `/* data/policy.schema.json (SHA-256 ${digest}) as validation code, compiled by ajv ${version}
   (standalone code: the Content-Security-Policy allows no eval). Written by \`python -m macros vendor\`
   (macros/clerk/validator.mjs); do not edit. */
${inlined}
`);
