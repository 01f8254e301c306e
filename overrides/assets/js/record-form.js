/* 石首市惠企政策门户: the record form (投稿指南 → 在线填写政策). Runs only in this browser; sends nothing.
 *
 * The fields come from the record contract (api/policy.schema.json) through json-editor; the page's
 * JSON block (macros/site/recordform.py) adds the vocabularies' names, the laws' articles, the message
 * catalog, the forge and the sanitizer. The result is the record file, in the front-matter format
 * department files use: a new record is written field by field in contract order; an opened record
 * keeps every line of its file except those of the fields that were changed (the `yaml` library's
 * document model keeps comments, quotes and order). The checks are lib/checks.js, with ajv's
 * validation code compiled from the contract (config.validator, assets/vendor/ajv/).
 * An ES module, loaded by its page only (docs/guide/new.md `scripts:`).
 */

import { base, today } from "./portal-core.js";
import { makeChecker, placeOf } from "./lib/checks.js";
import { fill } from "./lib/messages.js";
import { metaDocument, normalisedText, refusedYaml, splitFrontMatter, writtenBack } from "./lib/recordfile.js";
import { makePreview } from "./record-preview.js";
import { mountBasisPicker } from "./record-basis.js";
import { startDrafts } from "./drafts-box.js";
import { setupWordImport } from "./record-form-word.js";
import { attachMessages } from "./record-form-messages.js";

var YAML = null;  // the `yaml` library, an ES module, imported when the page has loaded (see the end)
var root = document.getElementById("portal-record-form");
var config = JSON.parse(document.getElementById("portal-form-config").textContent);
var $ = function (id) { return document.getElementById(id); };

function isObject(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }
function copy(value) { return JSON.parse(JSON.stringify(value)); }
function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

/* -- json-editor: a theme that styles through classes only (the CSP forbids inline styles) ------ */

function defineTheme() {
  var Html = window.JSONEditor.defaults.themes.html;
  function hidden(tag, text) {
    var el = document.createElement(tag);
    el.textContent = text;
    el.classList.add("portal-visually-hidden");
    return el;
  }
  class PortalTheme extends Html {
    getHiddenLabel(text) { return hidden("label", text); }
    getHiddenText(text) { return hidden("span", text); }
    visuallyHidden(element) { if (element) element.classList.add("portal-visually-hidden"); }
    getOptInCheckbox(formname) {
      var container = document.createElement("span");
      var label = this.getHiddenLabel(formname + " opt-in");
      label.setAttribute("for", formname + "-opt-in");
      var checkbox = document.createElement("input");
      checkbox.setAttribute("type", "checkbox");
      checkbox.setAttribute("id", formname + "-opt-in");
      checkbox.classList.add("json-editor-opt-in");
      container.appendChild(checkbox);
      container.appendChild(label);
      return { label: label, checkbox: checkbox, container: container };
    }
    getOptInSwitch(formname) { return this.getOptInCheckbox(formname); }
    getMultiCheckboxHolder(controls, label, description, infoText) {  // a group of choices is a fieldset
      var group = document.createElement("fieldset");
      group.classList.add("control-group", "portal-choice-group");
      var legend = document.createElement("legend");
      legend.textContent = label ? label.textContent.trim() : "";
      group.appendChild(legend);
      if (infoText) legend.appendChild(infoText);
      Object.keys(controls).forEach(function (key) { group.appendChild(controls[key]); });
      if (description) group.appendChild(description);
      return group;
    }
    addInputError() {}  // json-editor's own (English) messages: the form shows the catalog's instead
    removeInputError() {}
  }
  window.JSONEditor.defaults.themes.portal = PortalTheme;
  window.JSONEditor.defaults.languages.zh = {
    button_add_row_title: "添加一项{{0}}", button_delete_row_title: "删除这一项{{0}}",
    button_delete_row_title_short: "删除", button_delete_last_title: "删除最后一项{{0}}",
    button_delete_all_title: "删除全部", button_collapse: "收起", button_expand: "展开"
  };
  window.JSONEditor.defaults.language = "zh";
}

/* -- the contract as a form ---------------------------------------------------------------------- */

var TEXTAREAS = { summary: true, passage: true, text: true, document_title: true };

function plainTitle(prop, name) { return prop.title || name; }

function formSchema(contract, newRecord) {
  var schema = copy(contract);
  delete schema.$schema;
  delete schema.$id;
  delete schema.description;  // it describes the file format for maintainers; each field has its own help
  schema.title = "政策信息";
  schema.options = { disable_collapse: true };
  adapt(schema, []);
  if (newRecord) {
    var day = today();
    var due = new Date(Date.parse(day) + config.review_days * 86400000).toISOString().slice(0, 10);
    schema.properties.last_reviewed["default"] = day;
    schema.properties.review_due["default"] = due;
  }
  return schema;
}

function adapt(prop, path) {
  var required = prop.required || [];
  Object.keys(prop.properties || {}).forEach(function (name) {
    var sub = prop.properties[name];
    var here = path.concat([name]);
    sub.title = plainTitle(sub, name) + (required.indexOf(name) >= 0 ? "（必填）" : "");
    delete sub.examples;
    if (TEXTAREAS[name] && sub.type === "string") sub.format = "textarea";
    if (sub.type === "number") {  // typed as text so an empty field stays empty (not 0); written as a number
      sub.type = "string";
      sub.pattern = "^-?[0-9]+(\\.[0-9]+)?$";
    }
    var vocabulary = path.length === 0 ? config.vocabularies[name] : null;
    if (vocabulary) choices(sub, vocabulary);
    else if (sub["enum"] && sub.type === "string") sub["enum"] = [""].concat(sub["enum"]);  // a unit: nothing chosen for the clerk
    if (sub.type === "object") adapt(sub, here);
    if (sub.type === "array" && sub.items) {
      sub.items.title = plainTitle(sub, name).replace("（必填）", "");
      if (sub.items.type === "object") adapt(sub.items, here.concat([0]));
    }
  });
}

function choices(prop, vocabulary) {
  var titles = vocabulary.terms.map(function (t) { return t.name + "（" + t.code + "）"; });
  if (prop.type === "array") {
    prop.format = "checkbox";
    prop.items.options = { enum_titles: titles };
  } else {  // an empty first choice: nothing is chosen for the clerk
    prop["enum"] = [""].concat(prop["enum"]);
    prop.options = { enum_titles: ["（请选择）"].concat(titles) };
  }
}

/* The editor's value as the record holds it: empty fields left out, numbers as numbers. */
function cleanValue(value, prop) {
  if (Array.isArray(value)) {
    var items = value.map(function (v) { return cleanValue(v, (prop && prop.items) || {}); })
      .filter(function (v) { return v !== undefined; });
    return items.length ? items : undefined;
  }
  if (isObject(value)) {
    var out = {};
    Object.keys(value).forEach(function (k) {
      var v = cleanValue(value[k], ((prop && prop.properties) || {})[k]);
      if (v !== undefined) out[k] = v;
    });
    return Object.keys(out).length ? out : undefined;
  }
  if (value === null || value === undefined || value === "") return undefined;
  if (prop && prop.type === "number" && typeof value === "string" && /^-?[0-9]+(\.[0-9]+)?$/.test(value)) return Number(value);
  return value;
}

/* The record's values as the editor shows them (numbers as text). */
function editorValue(meta, prop) {
  if (Array.isArray(meta)) return meta.map(function (v) { return editorValue(v, (prop && prop.items) || {}); });
  if (isObject(meta)) {
    var out = {};
    Object.keys(meta).forEach(function (k) {
      if (prop && prop.properties && k in prop.properties) out[k] = editorValue(meta[k], prop.properties[k]);
    });
    return out;
  }
  if (typeof meta === "number") return String(meta);
  return meta === null ? undefined : meta;
}

/* -- the file ------------------------------------------------------------------------------------ */

/* PyYAML (YAML 1.1) would read these plain scalars as something other than text. */
var YAML11_SPECIAL = /^(?:[yYnN~]|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF))|\.(?:nan|NaN|NAN)|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$/;

/* Dates in double quotes, as department files write them; text PyYAML would misread, quoted too. */
function styleScalars(node, prop) {
  prop = prop || {};
  if (YAML.isMap(node)) {
    node.items.forEach(function (pair) { styleScalars(pair.value, (prop.properties || {})[String(pair.key)]); });
  } else if (YAML.isSeq(node)) {
    node.items.forEach(function (item) { styleScalars(item, prop.items); });
  } else if (YAML.isScalar(node) && typeof node.value === "string" && (prop.format === "date" || YAML11_SPECIAL.test(node.value))) {
    node.type = "QUOTE_DOUBLE";
  }
  return node;
}

function yamlNode(doc, value, prop) { return styleScalars(doc.createNode(value), prop); }

function fieldOrder(prop) { return Object.keys(prop.properties || {}); }

/* Write `value` into the map node at `path`, touching only what differs from `before`. */
function applyChange(doc, path, prop, value, before) {
  if (same(value, before)) return;
  var node = path.length ? doc.getIn(path, true) : doc.contents;
  if (value !== undefined && before !== undefined && isObject(value) && isObject(before) && YAML.isMap(node)) {
    fieldOrder(prop).forEach(function (name) {
      applyChange(doc, path.concat([name]), prop.properties[name], value[name], before[name]);
    });
    return;
  }
  var parentPath = path.slice(0, -1), name = path[path.length - 1];
  var parent = parentPath.length ? doc.getIn(parentPath, true) : doc.contents;
  if (value === undefined) {
    parent.delete(name);
    return;
  }
  var fresh = yamlNode(doc, value, prop);
  if (parent.has(name)) {
    parent.set(name, fresh);
    return;
  }
  insertInOrder(parent, name, doc.createPair(name, fresh), parentPropOf(path));
}

var contract = null;  // the record contract as fetched

function parentPropOf(path) {
  var prop = contract;
  path.slice(0, -1).forEach(function (part) { prop = prop.properties[part]; });
  return prop;
}

function insertInOrder(map, name, pair, prop) {
  var order = fieldOrder(prop), rank = order.indexOf(name), at = map.items.length;
  for (var i = 0; i < map.items.length; i++) {
    var other = order.indexOf(String(map.items[i].key && map.items[i].key.value !== undefined ? map.items[i].key.value : map.items[i].key));
    if (other > rank) { at = i; break; }
  }
  map.items.splice(at, 0, pair);
}

function newDocument(meta) {
  var ordered = {};
  fieldOrder(contract).forEach(function (name) { if (meta[name] !== undefined) ordered[name] = meta[name]; });
  var doc = new YAML.Document(ordered);
  styleScalars(doc.contents, contract);
  return doc;
}

/* The contract's date bounds on each date box (json-editor keeps min and max for itself): a Chinese
   browser's 年/月/日 box then reads a typed 2023年5月1日 as four digits of year, month, day. */
function boundDateBoxes(prop, path) {
  Object.keys(prop.properties || {}).forEach(function (name) {
    var sub = prop.properties[name], here = path.concat([name]);
    if (sub.type === "object") boundDateBoxes(sub, here);
    if (sub.format !== "date") return;
    var field = editor.getEditor("root." + here.join("."));
    if (!field || !field.input) return;
    if (sub.formatMinimum) field.input.min = sub.formatMinimum;
    if (sub.formatMaximum) field.input.max = sub.formatMaximum;
  });
}

/* -- state and output ---------------------------------------------------------------------------- */

var editor, check, preview, basis, word, formMessages;  // basis: the legal-basis picker (record-basis.js); word: the Word import (record-form-word.js); formMessages: record-form-messages.js
var opened = null;  // {doc, baseline, path}: the record file that was opened, and the editor's value then

function currentMeta() { return cleanValue(editor.getValue(), contract) || {}; }

function produce() {
  var meta = currentMeta(), doc;
  if (opened) {
    doc = opened.doc.clone();
    fieldOrder(contract).forEach(function (name) {
      applyChange(doc, [name], contract.properties[name], meta[name], opened.baseline[name]);
    });
  } else {
    doc = newDocument(meta);
  }
  var yaml = doc.toString({ lineWidth: 0, minContentWidth: 0 });
  return { meta: meta, doc: doc, text: "---\n" + yaml + "---\n" + $("portal-record-body").value };
}

function filePath(meta) {
  var department = typeof meta.department === "string" ? meta.department : "部门代码";
  var id = typeof meta.id === "string" ? meta.id : "政策编号";
  return config.policy_dir + "/" + department + "/" + id + ".md";
}

function forgeLink(path, text) {
  var forge = config.forge;
  if (!forge.url || !forge.kind) return null;
  var folder = path.slice(0, path.lastIndexOf("/")), name = path.slice(path.lastIndexOf("/") + 1);
  if (opened && opened.path === path) {
    var edit = forge.kind === "gitlab" ? "/-/edit/" : "/edit/";
    return { href: forge.url + edit + forge.branch + "/" + path, label: "在托管平台上编辑这个文件（粘贴复制的全文）" };
  }
  var query = forge.kind === "gitlab" ? "?file_name=" + encodeURIComponent(name) + "&content=" + encodeURIComponent(text)
    : "?filename=" + encodeURIComponent(name) + "&value=" + encodeURIComponent(text);
  var prefix = forge.kind === "gitlab" ? "/-/new/" : "/new/";
  return { href: forge.url + prefix + forge.branch + "/" + folder + query, label: "在托管平台上新建这个文件（已填好内容）" };
}

/* A group of fields (an object, a list item) is announced with its heading. */
function nameGroups() {
  document.querySelectorAll("#portal-record-editor [data-schemapath]").forEach(function (holder, index) {
    var title = holder.querySelector(":scope > .je-header");
    var named = title ? Array.from(title.querySelectorAll(":scope > span")).filter(function (span) {
      return span.textContent.trim();
    }) : [];
    var header = named.length ? named[named.length - 1] : title;  // the title, not the collapse button
    var panel = holder.querySelector(":scope > .je-indented-panel");
    if (!header || !panel || panel.getAttribute("role")) return;
    header.id = header.id || "portal-record-group-" + index;
    panel.setAttribute("role", "group");
    panel.setAttribute("aria-labelledby", header.id);
  });
}

function refresh() {
  nameGroups();
  var result = produce();
  var written = writtenBack(YAML, result.doc);
  var path = filePath(result.meta);
  // the file is named after its id and put in its department's folder (filePath): its place is right
  var problems = check({ meta: written.meta, present: written.present, place: placeOf(path),
    body: $("portal-record-body").value });
  formMessages.show(problems, written.meta, opened && opened.baseline);
  $("portal-record-path").textContent = path;
  $("portal-record-output").value = result.text;
  var link = forgeLink(path, result.text), anchor = $("portal-record-forge");
  anchor.hidden = !link;
  if (link) {
    anchor.href = link.href;
    anchor.textContent = link.label;
  }
  root.dataset.path = path;
  if (drafts) drafts.changed();
}

var timer = null;
function refreshSoon() {
  clearTimeout(timer);
  timer = setTimeout(refresh, 120);
}

function refreshPreview() {
  $("portal-record-preview").innerHTML = preview($("portal-record-body").value);  // cleaned by DOMPurify
}

/* -- opening a record ------------------------------------------------------------------------------ */

function status(id, text, kind) {
  var el = $(id);
  el.textContent = text;
  el.dataset.kind = kind || "info";
}

function openText(raw, path) {
  var parts = splitFrontMatter(normalisedText(raw));
  if (!parts) {
    status("portal-record-open-status", "没有打开：文件开头没有完整的元数据块（第一行和元数据结束处都应是“---”）。", "error");
    return false;
  }
  var doc = metaDocument(YAML, parts.yaml);
  if (doc.errors.length || !YAML.isMap(doc.contents)) {
    status("portal-record-open-status", "没有打开：元数据格式有误（" + (doc.errors[0] ? doc.errors[0].message.split("\n")[0] : "应为“字段: 值”") + "）；请先用 make check 找出问题。", "error");
    return false;
  }
  var refused = refusedYaml(YAML, doc, config.checks.yaml_tags);  // what `check` would not read either
  if (refused) {
    status("portal-record-open-status", "没有打开：" + fill(config.messages.texts[refused[0]], refused[1]), "error");
    return false;
  }
  word.clear();
  var notes = word.takeNotes(YAML, doc);  // a draft of make import: its 待核对 comments become marks
  var meta = doc.toJS();
  if (drafts) drafts.began();  // the draft being edited stays as it is; this file gets its own
  editor.setValue(Object.assign(editor.getValue(), blankValue(editor.getValue()), editorValue(meta, contract)));
  $("portal-record-body").value = parts.body;
  opened = { doc: doc, baseline: currentMeta(), path: path || filePath(cleanValue(editorValue(meta, contract), contract) || {}),
    text: raw };
  status("portal-record-open-status", "已打开 " + opened.path + "。修改后，生成的文件只有改动的字段不同。", "ok");
  refreshPreview();
  refresh();
  var marked = word.showNotes(notes);
  if (marked) status("portal-record-open-status", $("portal-record-open-status").textContent + marked, "ok");
  formMessages.flagAll();
  return true;
}

/* An editor value with every field emptied (so fields the opened file lacks are not kept from before). */
function blankValue(value) {
  if (Array.isArray(value)) return [];
  if (isObject(value)) {
    var out = {};
    Object.keys(value).forEach(function (k) { out[k] = blankValue(value[k]); });
    return out;
  }
  return "";
}

function openFromSite(id) {
  var url = new URL(config.source.replace("{id}", encodeURIComponent(id)), base);
  return fetch(url).then(function (response) {
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }).then(function (record) { openText(record.text, record.path); }).catch(function () {
    status("portal-record-open-status", "没有找到政策“" + id + "”的文件；请检查链接，或选择本机上的文件。", "error");
  });
}

/* -- drafts (drafts-box.js): the form's state, to keep in this browser, and putting one back ------------ */

var drafts = null;

function formState() {
  return { value: editor.getValue(), body: $("portal-record-body").value,
    opened: opened ? { text: opened.text, path: opened.path } : null, review: word.notes() };
}

/* An opened record's file is opened again and the edits put over it, so the file produced still
   differs from the original only in the edited fields; value and body null: the file as opened. */
function restoreState(state) {
  if (state.opened) openText(state.opened.text, state.opened.path);
  else {
    opened = null;
    status("portal-record-open-status", "", "info");
  }
  if (state.value) editor.setValue(state.value);
  if (typeof state.body === "string") $("portal-record-body").value = state.body;
  if (state.review) word.restoreNotes(state.review);
  refreshPreview();
  refresh();
}

/* -- actions ------------------------------------------------------------------------------------------ */

function download() {
  if (formMessages.mayDownload(save)) save();  // a file with problems: after a warning, named so
}

function save() {
  var result = produce(), path = filePath(result.meta);
  var link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([result.text], { type: "text/markdown;charset=utf-8" }));
  link.download = formMessages.fileName(path);
  document.body.appendChild(link);
  link.click();
  link.remove();
  status("portal-record-action-status", formMessages.downloaded(link.download), "ok");
}

function copyAll() {
  var text = produce().text;
  var done = function () { status("portal-record-action-status", "已复制全文。", "ok"); };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, fallback);
  } else {
    fallback();
  }
  function fallback() {
    var area = $("portal-record-output");
    area.focus();
    area.select();
    if (document.execCommand("copy")) done();
    else status("portal-record-action-status", "浏览器不允许自动复制；请在下面的全文框中按 Ctrl+A、Ctrl+C 复制。", "error");
  }
}

/* -- start ---------------------------------------------------------------------------------------------- */

function start(schema, validate) {
  contract = schema;
  defineTheme();
  check = makeChecker({ validate: validate, schema: schema, config: config });
  preview = makePreview(config);
  var params = new URLSearchParams(location.search);
  editor = new window.JSONEditor($("portal-record-editor"), {
    schema: formSchema(schema, !params.get("open")), theme: "portal", iconlib: null, disable_theme_rules: true,
    disable_edit_json: true, disable_properties: true, disable_collapse: true, disable_array_reorder: true,
    disable_array_delete_all_rows: true, disable_array_delete_last_row: true, prompt_before_delete: false,
    show_errors: "never", no_additional_properties: true, required_by_default: false, show_opt_in: false,
    use_default_values: true
  });
  editor.on("ready", function () {
    boundDateBoxes(contract, []);
    basis = mountBasisPicker({ editor: editor, config: config, contract: contract });
    formMessages = attachMessages({ config: config, schema: contract, editor: editor, fields: $("portal-record-editor"),
      body: $("portal-record-body"), box: $("portal-record-problems"), actions: $("portal-record-download").parentElement,
      placeOf: basis.placeOf });
    $("portal-record-body").value = "\n" + config.body_template;
    editor.on("change", refreshSoon);
    $("portal-record-body").addEventListener("input", function () { refreshPreview(); refreshSoon(); });
    $("portal-record-file").addEventListener("change", function (event) {
      var file = event.target.files[0];
      if (file) file.text().then(function (text) { openText(text, null); });
    });
    $("portal-record-paste-open").addEventListener("click", function () { openText($("portal-record-paste").value, null); });
    $("portal-record-download").addEventListener("click", download);
    $("portal-record-copy").addEventListener("click", copyAll);
    word = setupWordImport({ editor: editor, config: config, startNew: function () { if (drafts) drafts.began(); opened = null; },  // the draft being edited is kept
      setBody: function (text) { $("portal-record-body").value = text; refreshPreview(); refresh(); } });
    $("portal-record-loading").hidden = true;
    refreshPreview();
    refresh();
    var ready = params.get("open") ? openFromSite(params.get("open")) : Promise.resolve();
    ready.then(function () {
      if (params.get("field") && opened) formMessages.arrive(params.get("field"), $("portal-record-open-status"));
      drafts = startDrafts({ config: config, getState: formState, restoreState: restoreState });
      root.dataset.state = "ready";
    });
  });
}

Promise.all([
  import(new URL("assets/vendor/yaml/index.js", base).href),
  fetch(new URL(config.schema, base)).then(function (response) { return response.json(); }),
  import(new URL(config.validator, base).href)
]).then(function (loaded) {
  YAML = loaded[0].default;
  start(loaded[1], loaded[2].default);
}).catch(function (error) {
  root.dataset.state = "failed";
  $("portal-record-loading").textContent = "表单没有加载成功（" + error + "）；请刷新页面重试，或用 make new 生成模板。";
});
