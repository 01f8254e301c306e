// The record form's checks (lib/checks.js, with the vendored ajv code and `yaml` library) on record
// files, read exactly as the form reads an opened file (lib/recordfile.js), for tests/test_js.py:
// stdin {"schema": path, "validator": path, "config": the form's config, "files": [{path, text}]}
// -> stdout [{path, opened, problems: [{field, key, message, required}]}] as JSON.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import YAML from "../../overrides/assets/vendor/yaml/index.js";
import { makeChecker, placeOf } from "../../overrides/assets/js/lib/checks.js";
import { metaDocument, normalisedText, refusedYaml, splitFrontMatter, writtenBack } from "../../overrides/assets/js/lib/recordfile.js";

const input = JSON.parse(readFileSync(0, "utf8"));
const validate = (await import(pathToFileURL(resolve(input.validator)).href)).default;
const schema = JSON.parse(readFileSync(input.schema, "utf8"));
const check = makeChecker({ validate, schema, config: input.config });

const results = input.files.map(({ path, text }) => {
  const parts = splitFrontMatter(normalisedText(text));
  const doc = parts && metaDocument(YAML, parts.yaml);
  if (!doc || doc.errors.length || !YAML.isMap(doc.contents)) return { path, opened: false, problems: [] };
  if (refusedYaml(YAML, doc, input.config.checks.yaml_tags)) return { path, opened: false, problems: [] };
  const written = writtenBack(YAML, doc);
  return { path, opened: true, problems: check({ ...written, place: placeOf(path), body: parts.body }) };
});
process.stdout.write(JSON.stringify(results));
