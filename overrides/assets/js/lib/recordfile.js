/* 石首市惠企政策门户: a record file as the form reads it: its text normalised, split into front matter
 * and body (as macros/core/frontmatter.py `split_front_matter`), and the keys its YAML writes. The
 * `yaml` library is given (the form's vendored copy; node_modules in the tests). Pure: no DOM.
 */

/* A file's text without a BOM and with \n line ends (the command-line check accepts both, noted). */
export function normalisedText(raw) {
  return raw.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

/* -> {yaml, body}, or null when the file has no complete front matter. */
export function splitFrontMatter(text) {
  const lines = text.split("\n");
  if (!text.startsWith("---") || lines[0].trim() !== "---") return null;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].replace(/\s+$/, "") === "---") {
      return { yaml: lines.slice(1, i).join("\n"), body: lines.slice(i + 1).join("\n") };
    }
  }
  return null;
}

/* The front matter as a `yaml` document (its errors in doc.errors). */
export function metaDocument(YAML, yamlText) {
  return YAML.parseDocument(yamlText + (yamlText ? "\n" : ""));
}

/* Why the command line would not read the document (core/yamlsafe.py), as [key, values] of the
   catalog's yaml group, or null: a tag other than YAML's own (config.checks.yaml_tags), an anchor or
   an alias, a merge key (<<), a key that is not a word. The form does not open such a file. */
export function refusedYaml(YAML, doc, standardTags) {
  let refused = null;
  const refuse = (found) => { refused = refused || found; };
  YAML.visit(doc, {
    Alias() { refuse(["yaml.anchor", {}]); return YAML.visit.BREAK; },
    Node(key, node) {
      if (node.anchor) refuse(["yaml.anchor", {}]);
      if (node.tag && !standardTags.includes(node.tag)) refuse(["yaml.tag", { tag: node.tag.replace("tag:yaml.org,2002:", "!!") }]);
    },
    Pair(key, pair) {
      if (!YAML.isScalar(pair.key)) refuse(["yaml.key_not_a_word", {}]);
      else if (String(pair.key.value) === "<<") refuse(["yaml.merge", {}]);
    }
  });
  return refused;
}

/* Every key written in the document, dotted as the checker names fields (sources[0].passage). */
export function presentKeys(YAML, doc) {
  const keys = new Set();
  (function walk(node, prefix) {
    if (YAML.isMap(node)) {
      node.items.forEach((pair) => {
        const key = prefix ? prefix + "." + String(pair.key) : String(pair.key);
        keys.add(key);
        walk(pair.value, key);
      });
    } else if (YAML.isSeq(node)) {
      node.items.forEach((item, index) => {
        keys.add(prefix + "[" + index + "]");
        walk(item, prefix + "[" + index + "]");
      });
    }
  })(doc.contents, "");
  return keys;
}

/* What the form checks of a document it wrote: the document as written, read back. */
export function writtenBack(YAML, doc) {
  const reread = YAML.parseDocument(doc.toString({ lineWidth: 0 }));
  return { meta: reread.toJS() || {}, present: presentKeys(YAML, reread) };
}
