/* 石首市惠企政策门户: Word import in the record form, by the rules `make import` follows.
 *
 * The rules are data, data/wordimport.yml, shipped in the form's page config (macros/site/wordform.py)
 * and read here as macros/clerk/wordimport/ reads them in Python: the container's limits and the same
 * refusals (the messages of data/messages.yml `import:`), Word's automatic numbering written as the
 * notice's own text (第一条 … across tables; numbering.py), mammoth's HTML written as Markdown
 * (markdown.py) and the metadata guessed from the text (metadata.py). Both run the same table of
 * cases (tests/fixtures/wordimport/cases.json) and the same generated notices (tests/test_word_import.py).
 * Pure: the page passes in what needs the browser (XML parsing, inflating, the converter); node runs
 * the same code in the tests.
 */

import { fill } from "./messages.js";

const PLACEHOLDER = /\{([a-z_]+)\}/g;
const MB = 1024 * 1024;

/* -- the rules ------------------------------------------------------------------------------------ */

export function lookup(data, dotted) {
  var value = data;
  dotted.split(".").forEach(function (part) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, part)) throw new Error("no rule " + dotted);
    value = value[part];
  });
  return value;
}

function compose(pattern, parts) {
  return pattern.replace(PLACEHOLDER, function (whole, name) { return Object.hasOwn(parts, name) ? parts[name] : whole; });
}

export function wordRules(data) {
  var parts = {}, naming = [];  // each part with the parts it names filled in, in any order (the build's JSON sorts keys)
  function resolve(name) {
    if (!Object.hasOwn(parts, name)) {
      naming.push(name);
      parts[name] = String(data.parts[name]).replace(PLACEHOLDER, function (whole, other) {
        return Object.hasOwn(data.parts, other) && naming.indexOf(other) < 0 ? resolve(other) : whole;
      });
      naming.pop();
    }
    return parts[name];
  }
  Object.keys(data.parts).forEach(resolve);
  var cache = new Map();
  function source(dotted) { return dotted === "parts.date" ? parts.date : compose(String(lookup(data, dotted)), parts); }
  return {
    data: data,
    get: function (dotted) { return lookup(data, dotted); },
    /* A pattern as Python compiles it; flags "g" for Python's sub() of every match, "full" for fullmatch(). */
    re: function (dotted, flags) {
      var key = dotted + " " + (flags || "");
      if (!cache.has(key)) {
        var text = source(dotted);
        cache.set(key, flags === "full" ? new RegExp("^(?:" + text + ")$", "u") : new RegExp(text, "u" + (flags || "")));
      }
      return cache.get(key);
    }
  };
}

function length(text) { return Array.from(text).length; }  // code points, as Python's len()

/* -- the container ------------------------------------------------------------------------------- */

/* Python's PurePath.suffix, lower-cased. */
export function suffixOf(name) {
  var at = name.lastIndexOf(".");
  return at > 0 && at < name.length - 1 ? name.slice(at).toLowerCase() : "";
}

/* The refusal of a file by its name and size (before reading it), or null (container.py). */
export function refusalBefore(name, size, rules, says) {
  var suffix = suffixOf(name);
  if (rules.get("container.old_formats").indexOf(suffix) >= 0) return fill(says.old_format, { name: name, suffix: suffix });
  if (suffix !== rules.get("container.suffix")) return fill(says.not_docx, { name: name });
  if (size > rules.get("container.max_bytes")) {
    return fill(says.too_large, { name: name, size: Math.floor(size / MB), limit: Math.floor(rules.get("container.max_bytes") / MB) });
  }
  return null;
}

function u16(bytes, at) { return bytes[at] | (bytes[at + 1] << 8); }
function u32(bytes, at) { return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16)) + bytes[at + 3] * 16777216; }
function u64(bytes, at) { return u32(bytes, at) + u32(bytes, at + 4) * 4294967296; }
function signed(bytes, at, a, b) { return bytes[at] === 0x50 && bytes[at + 1] === 0x4b && bytes[at + 2] === a && bytes[at + 3] === b; }

/* The zip's central directory as Python's zipfile reads it (_EndRecData, _RealGetContents): the
   entries with their declared sizes (zip64 included), or null where zipfile says BadZipFile. */
export function zipEntries(bytes) {
  var size = bytes.length, end = -1;
  if (size < 22) return null;
  if (signed(bytes, size - 22, 5, 6) && u16(bytes, size - 2) === 0) {
    end = size - 22;
  } else {  // the last signature in the last 64 KB (a comment may follow the record)
    for (var at = size - 4; at >= Math.max(size - 65536 - 22, 0); at--) {
      if (signed(bytes, at, 5, 6)) { end = at; break; }
    }
    if (end < 0 || end + 22 > size) return null;
  }
  var directorySize = u32(bytes, end + 12), directoryOffset = u32(bytes, end + 16), concat = end - directorySize - directoryOffset;
  if (end >= 20 && signed(bytes, end - 20, 6, 7)) {  // a zip64 end record before its locator
    var record = end - 20 - 56;
    if (record >= 0 && signed(bytes, record, 6, 6)) {
      directorySize = u64(bytes, record + 40);
      directoryOffset = u64(bytes, record + 48);
      concat = end - directorySize - directoryOffset - 76;
    }
  }
  var start = concat + directoryOffset;
  if (start < 0) return null;
  var directory = bytes.subarray(start, start + directorySize), entries = [], total = 0;  // short reads clip, as in Python
  while (total < directorySize) {
    if (total + 46 > directory.length || !signed(directory, total, 1, 2)) return null;
    var nameLength = u16(directory, total + 28), extraLength = u16(directory, total + 30), commentLength = u16(directory, total + 32);
    var named = total + 46, extra = named + nameLength;
    var entry = {
      flags: u16(directory, total + 8), method: u16(directory, total + 10), crc: u32(directory, total + 16),
      compressedSize: u32(directory, total + 20), size: u32(directory, total + 24), offset: u32(directory, total + 42),
      nameBytes: directory.slice(named, extra)
    };
    entry.name = String.fromCharCode.apply(null, Array.from(entry.nameBytes));
    if (!zip64Sizes(entry, directory.subarray(extra, extra + extraLength))) return null;
    entry.offset += concat;
    entries.push(entry);
    total += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function zip64Sizes(entry, extra) {
  var at = 0;
  while (extra.length - at >= 4) {
    var kind = u16(extra, at), size = u16(extra, at + 2);
    if (size + 4 > extra.length - at) return false;
    if (kind === 1) {
      var data = at + 4, left = size;
      var take = function () {
        if (left < 8) throw new Error("corrupt zip64 extra");
        var value = u64(extra, data);
        data += 8;
        left -= 8;
        return value;
      };
      try {
        if (entry.size === 0xFFFFFFFF) entry.size = take();
        if (entry.compressedSize === 0xFFFFFFFF) entry.compressedSize = take();
        if (entry.offset === 0xFFFFFFFF) entry.offset = take();
      } catch (error) {
        return false;
      }
    }
    at += size + 4;
  }
  return true;
}

/* The refusal of a zip by its entries (not a zip, too many parts, no Word document, a zip bomb), or null. */
export function refusalOfEntries(name, entries, rules, says) {
  if (entries === null) return fill(says.not_a_zip, { name: name });
  if (entries.length > rules.get("container.max_parts")) {
    return fill(says.too_many_parts, { name: name, count: entries.length, limit: rules.get("container.max_parts") });
  }
  if (!entries.some(function (e) { return e.name === rules.get("container.document"); })) return fill(says.no_document, { name: name });
  var unpacked = entries.reduce(function (sum, e) { return sum + e.size; }, 0);
  var ratio = rules.get("container.max_ratio"), floor = rules.get("container.ratio_from_bytes");
  var inflated = entries.some(function (e) { return e.size > floor && e.size > ratio * Math.max(e.compressedSize, 1); });
  if (unpacked > rules.get("container.max_unpacked_bytes") || inflated) {
    return fill(says.zip_bomb, { name: name, size: Math.floor(unpacked / MB) });
  }
  return null;
}

var CRC_TABLE = (function () {
  var table = new Uint32Array(256);
  for (var n = 0; n < 256; n++) {
    var c = n;
    for (var k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes) {
  var c = 0xFFFFFFFF;
  for (var i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xFF] ^ (c >>> 8);
  return (c ^ 0xFFFFFFFF) >>> 0;
}

/* Every entry's bytes, each unpacked to exactly its declared size and checked against its CRC (a
   file that lies about its sizes is broken); inflate(bytes, limit) is the page's (DecompressionStream)
   or node's (zlib). Rejects with an Error for a broken file. */
export async function unpack(bytes, entries, inflate) {
  var files = [];
  for (var entry of entries) {
    var at = entry.offset;
    if (entry.flags & 1 || at < 0 || at + 30 > bytes.length || !signed(bytes, at, 3, 4)) throw new Error("broken entry " + entry.name);
    var start = at + 30 + u16(bytes, at + 26) + u16(bytes, at + 28), packed = bytes.subarray(start, start + entry.compressedSize);
    if (packed.length !== entry.compressedSize) throw new Error("truncated entry " + entry.name);
    var data;
    if (entry.method === 0) data = packed;
    else if (entry.method === 8) data = await inflate(packed, entry.size);
    else throw new Error("unsupported compression " + entry.method);
    if (data.length !== entry.size || crc32(data) !== entry.crc) throw new Error("bad entry " + entry.name);
    files.push({ name: entry.name, nameBytes: entry.nameBytes, flags: entry.flags & 0x800, data: data });
  }
  return files;
}

/* A zip of the files, stored (what mammoth then reads: nothing left to inflate). */
export function storedZip(files) {
  var parts = [], directory = [], offset = 0;
  function header(signature, file, crc, extra) {
    var fixed = signature === 0x02014b50 ? 46 : 30, out = new Uint8Array(fixed + file.nameBytes.length), view = new DataView(out.buffer);
    var i = 0;
    view.setUint32(i, signature, true); i += 4;
    if (fixed === 46) { view.setUint16(i, 20, true); i += 2; }
    view.setUint16(i, 20, true); view.setUint16(i + 2, file.flags, true); view.setUint16(i + 4, 0, true);
    view.setUint16(i + 6, 0, true); view.setUint16(i + 8, 0x21, true); view.setUint32(i + 10, crc, true);
    view.setUint32(i + 14, file.data.length, true); view.setUint32(i + 18, file.data.length, true);
    view.setUint16(i + 22, file.nameBytes.length, true); view.setUint16(i + 24, 0, true);
    if (fixed === 46) view.setUint32(42, extra, true);  // the local header's offset
    out.set(file.nameBytes, fixed);
    return out;
  }
  files.forEach(function (file) {
    var crc = crc32(file.data), local = header(0x04034b50, file, crc);
    directory.push(header(0x02014b50, file, crc, offset));
    parts.push(local, file.data);
    offset += local.length + file.data.length;
  });
  var directorySize = directory.reduce(function (sum, d) { return sum + d.length; }, 0);
  var end = new Uint8Array(22), view = new DataView(end.buffer);
  view.setUint32(0, 0x06054b50, true);
  view.setUint16(8, files.length, true); view.setUint16(10, files.length, true);
  view.setUint32(12, directorySize, true); view.setUint32(16, offset, true);
  var all = parts.concat(directory, [end]), out = new Uint8Array(offset + directorySize + 22), at = 0;
  all.forEach(function (part) { out.set(part, at); at += part.length; });
  return out;
}

/* -- Word's numbering (numbering.py) ---------------------------------------------------------------- */

export const W_NAMESPACES = ["http://schemas.openxmlformats.org/wordprocessingml/2006/main",
  "http://purl.oclc.org/ooxml/wordprocessingml/main"];
const MC = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const XML_NS = "http://www.w3.org/XML/1998/namespace";
const ROMAN = [[1000, 6, null], [100, 4, 6], [10, 2, 4], [1, 0, 2]];

function integer(text) {
  if (text === null || text === undefined || !/^[\t\n\v\f\r ]*[-+]?[0-9]+[\t\n\v\f\r ]*$/.test(text)) return null;
  return parseInt(text, 10);
}

function elements(node) {
  var out = [];
  for (var child = node ? node.firstChild : null; child; child = child.nextSibling) if (child.nodeType === 1) out.push(child);
  return out;
}

function makeNumbering(w, numbering, styles, rules) {
  function child(el, name) {
    return el ? elements(el).find(function (c) { return c.namespaceURI === w && c.localName === name; }) || null : null;
  }
  function children(el, name) { return elements(el).filter(function (c) { return c.namespaceURI === w && c.localName === name; }); }
  function attr(el, name) { return el && el.hasAttributeNS(w, name) ? el.getAttributeNS(w, name) : null; }
  function val(el) { return attr(el, "val"); }
  function level(lvl) {
    var fmt = child(lvl, "numFmt");
    if (!fmt) {  // Word 2010's custom formats: the standard one a reader without them uses
      var alternate = elements(lvl).find(function (c) { return c.namespaceURI === MC && c.localName === "AlternateContent"; });
      var fallback = alternate && elements(alternate).find(function (c) { return c.namespaceURI === MC && c.localName === "Fallback"; });
      fmt = child(fallback || null, "numFmt");
    }
    var start = integer(val(child(lvl, "start"))), legal = child(lvl, "isLgl");
    return {
      format: val(fmt) || "decimal", text: val(child(lvl, "lvlText")),
      start: start === null ? rules.get("numbering.start") : start, suffix: val(child(lvl, "suff")) || "tab",
      restart: integer(val(child(lvl, "lvlRestart"))),
      legal: legal !== null && ["0", "false", "off"].indexOf(val(legal)) < 0, style: val(child(lvl, "pStyle"))
    };
  }
  var n = { w: w, abstracts: new Map(), nums: new Map(), styles: new Map(), child: child, val: val };
  if (styles) {
    children(styles, "style").forEach(function (style) {
      var numPr = child(child(style, "pPr"), "numPr");
      n.styles.set(attr(style, "styleId") || "", {
        name: val(child(style, "name")) || "", basedOn: val(child(style, "basedOn")),
        numId: val(child(numPr, "numId")), ilvl: integer(val(child(numPr, "ilvl")))
      });
    });
  }
  if (numbering) {
    children(numbering, "abstractNum").forEach(function (abstract) {
      var levels = new Map(), unnumbered = null;
      children(abstract, "lvl").forEach(function (lvl) {
        var index = integer(attr(lvl, "ilvl"));
        if (index === null) unnumbered = level(lvl);
        else levels.set(index, level(lvl));
      });
      if (unnumbered && !levels.has(0)) levels.set(0, unnumbered);
      n.abstracts.set(attr(abstract, "abstractNumId") || "", { levels: levels, link: val(child(abstract, "numStyleLink")) });
    });
    children(numbering, "num").forEach(function (num) {
      var entry = { abstract: val(child(num, "abstractNumId")) || "", starts: new Map(), levels: new Map() };
      children(num, "lvlOverride").forEach(function (override) {
        var index = integer(attr(override, "ilvl")) || 0, start = integer(val(child(override, "startOverride")));
        if (start !== null) entry.starts.set(index, start);
        if (child(override, "lvl")) entry.levels.set(index, level(child(override, "lvl")));
      });
      n.nums.set(attr(num, "numId") || "", entry);
    });
  }
  n.abstractOf = function (numId, seen) {
    seen = seen || [];
    var num = n.nums.get(numId);
    if (!num || seen.indexOf(numId) >= 0 || !n.abstracts.has(num.abstract)) return null;
    var link = n.abstracts.get(num.abstract).link;
    if (link === null) return num.abstract;
    var style = n.styles.get(link);
    return style && style.numId !== null ? n.abstractOf(style.numId, seen.concat([numId])) : null;
  };
  function mammothLevel(numId, ilvl) {
    var abstract = n.abstractOf(numId);
    return abstract !== null && n.abstracts.get(abstract).levels.has(ilvl) ? abstract + " " + ilvl : null;
  }
  n.mammothSees = function (numId, ilvl, styleId) {  // mammoth's readNumberingProperties
    if (numId !== null && ilvl !== null) return mammothLevel(numId, integer(ilvl));
    if (styleId !== null) {
      var found = null;
      n.abstracts.forEach(function (abstract, id) {
        abstract.levels.forEach(function (lvl, index) { if (lvl.style === styleId) found = id + " " + index; });
      });
      if (found) return found;
    }
    return numId !== null ? mammothLevel(numId, 0) : null;
  };
  n.levelOf = function (numId, ilvl) {
    var num = n.nums.get(numId);
    return num.levels.get(ilvl) || n.abstracts.get(n.abstractOf(numId)).levels.get(ilvl) || null;
  };
  n.wordSees = function (numId, ilvl, styleId) {  // its own w:numPr, else its style's (through w:basedOn)
    if (numId === null) {
      var seen = [], style = styleId;
      while (style !== null && n.styles.has(style) && seen.indexOf(style) < 0) {
        seen.push(style);
        var found = n.styles.get(style);
        if (found.numId !== null) {
          numId = found.numId;
          ilvl = found.ilvl === null ? null : String(found.ilvl);
          if (ilvl === null) {
            var abstract = n.abstractOf(numId), index = null;
            if (abstract !== null) {
              n.abstracts.get(abstract).levels.forEach(function (lvl, i) { if (lvl.style === style && index === null) index = i; });
            }
            ilvl = String(index === null ? 0 : index);
          }
          break;
        }
        style = found.basedOn;
      }
    }
    if (numId === null || numId === "0" || n.abstractOf(numId) === null) return null;
    var at = integer(ilvl) || 0;
    return n.levelOf(numId, at) ? { num: numId, level: at } : null;
  };
  n.startOf = function (numId, ilvl) {
    var num = n.nums.get(numId);
    if (num.starts.has(ilvl)) return num.starts.get(ilvl);
    var lvl = n.levelOf(numId, ilvl);
    return lvl ? lvl.start : rules.get("numbering.start");
  };
  return n;
}

function counted(value, how) {  // Chinese counting: 一 … 十、十一 … 二十、一百零一, up to 9999
  var digits = Array.from(how.digits), units = how.units;
  if (value < 0 || value > 9999) return null;
  if (value === 0) return digits[0];
  if (value >= 10 && value <= 19) return how.ten + (value > 10 ? digits[value - 10] : "");
  var written = "", zero = false;
  [3, 2, 1, 0].forEach(function (power) {
    var digit = Math.floor(value / Math.pow(10, power)) % 10;
    if (digit === 0) { zero = written !== ""; return; }
    if (zero) { written += digits[0]; zero = false; }
    written += digits[digit] + units[power];
  });
  return written;
}

function roman(value, letters) {
  if (value < 1 || value > 3999) return null;
  var written = "";
  ROMAN.forEach(function (row) {
    var unit = row[0], one = row[1], five = row[2], digit = Math.floor(value / unit) % 10;
    if (five === null) written += letters[one].repeat(digit);
    else if (digit === 9) written += letters[one] + letters[one + 2];
    else if (digit >= 5) written += letters[one + 1] + letters[one].repeat(digit - 5);
    else if (digit === 4) written += letters[one] + letters[one + 1];
    else written += letters[one].repeat(digit);
  });
  return written;
}

/* A level's number as its format writes it (data/wordimport.yml numbering.formats). */
export function formatNumber(value, name, rules) {
  var formats = rules.get("numbering.formats"), fallback = rules.get("numbering.fallback");
  var spec = Object.hasOwn(formats, name) ? formats[name] : formats[fallback];
  var kind = Object.keys(spec)[0], how = spec[kind], written = null;
  if (kind === "none") written = "";
  else if (kind === "digits") {
    var digits = Array.from(how);
    written = value >= 0 ? String(value).split("").map(function (d) { return digits[Number(d)]; }).join("") : null;
    if (written !== null) written = digits[0].repeat(Math.max((spec.width || 0) - length(written), 0)) + written;
  } else if (kind === "counting") written = counted(value, how);
  else if (kind === "symbols") written = value >= 1 && value <= how.length ? how[value - 1] : null;
  else if (kind === "letters") {
    var letters = Array.from(how);
    written = value >= 1 ? letters[(value - 1) % letters.length].repeat(Math.floor((value - 1) / letters.length) + 1) : null;
  } else if (kind === "roman") written = roman(value, how);
  if (written === null) return name !== fallback ? formatNumber(value, fallback, rules) : String(value);
  return written;
}

function hasContent(p, w) {  // whether mammoth writes the paragraph (it drops those without text or pictures)
  var texts = p.getElementsByTagNameNS(w, "t");
  for (var i = 0; i < texts.length; i++) if (texts[i].textContent) return true;
  return ["tab", "br", "drawing", "pict", "sym"].some(function (name) { return p.getElementsByTagNameNS(w, name).length > 0; });
}

function writeNumber(p, properties, label, suffix, w) {  // the number as the first text, numbering off
  var doc = p.ownerDocument, prefix = p.prefix ? p.prefix + ":" : "";
  function make(name) { return doc.createElementNS(w, prefix + name); }
  if (!properties) {
    properties = make("pPr");
    p.insertBefore(properties, p.firstChild);
  }
  elements(properties).filter(function (c) { return c.namespaceURI === w && c.localName === "numPr"; })
    .forEach(function (old) { properties.removeChild(old); });
  var numPr = make("numPr"), ilvl = make("ilvl"), numId = make("numId");
  ilvl.setAttributeNS(w, prefix + "val", "0");
  numId.setAttributeNS(w, prefix + "val", "0");
  numPr.appendChild(ilvl);
  numPr.appendChild(numId);
  properties.insertBefore(numPr, properties.firstChild);
  if (label + suffix) {
    var run = make("r"), text = make("t");
    text.setAttributeNS(XML_NS, "xml:space", "preserve");
    text.appendChild(doc.createTextNode(label + suffix));
    run.appendChild(text);
    p.insertBefore(run, properties.nextSibling);
  }
}

/* Write Word's numbers into the document (a DOM Document of word/document.xml), counting as Word
   counts; true when something was written. numbering and styles: their Documents, or null. */
export function numberAsText(document, numbering, styles, rules) {
  var w = document.documentElement.namespaceURI;
  if (W_NAMESPACES.indexOf(w) < 0) return false;
  var n = makeNumbering(w, numbering ? numbering.documentElement : null, styles ? styles.documentElement : null, rules);
  var body = n.child(document.documentElement, "body");
  if (!body || !n.nums.size) return false;
  var counters = new Map(), started = new Set(), markdown = new Map(), changed = false;
  var notAList = rules.re("numbering.not_a_list_style"), wanted = rules.get("numbering.markdown_list");

  function count(numId, ilvl) {
    var abstract = n.abstractOf(numId);
    if (!counters.has(abstract)) counters.set(abstract, new Map());
    var levels = counters.get(abstract);
    if (!started.has(numId)) {
      started.add(numId);
      n.nums.get(numId).starts.forEach(function (start, at) { levels.set(at, null); });
    }
    var last = levels.has(ilvl) ? levels.get(ilvl) : null;
    var value = last === null ? n.startOf(numId, ilvl) : last + 1;
    levels.set(ilvl, value);
    Array.from(levels.keys()).filter(function (d) { return d > ilvl; }).forEach(function (deeper) {
      var lvl = n.levelOf(numId, deeper), restart = lvl ? lvl.restart : null;
      if (restart === null || (restart !== 0 && ilvl < restart)) levels.set(deeper, null);
    });
    return value;
  }
  function label(numId, ilvl, lvl) {
    var levels = counters.get(n.abstractOf(numId));
    return (lvl.text || "").replace(/%([1-9])/g, function (whole, digit) {
      var at = Number(digit) - 1, other = n.levelOf(numId, at);
      var value = levels.has(at) && levels.get(at) !== null ? levels.get(at) : n.startOf(numId, at);
      return formatNumber(value, lvl.legal || !other ? "decimal" : other.format, rules);
    });
  }
  function dropFrom(level) { Array.from(markdown.keys()).forEach(function (d) { if (d >= level) markdown.delete(d); }); }

  function paragraph(p, inTable) {
    var properties = n.child(p, "pPr"), numPr = n.child(properties, "numPr");
    var styleId = n.val(n.child(properties, "pStyle"));
    var numId = n.val(n.child(numPr, "numId")), ilvl = n.val(n.child(numPr, "ilvl"));
    var word = n.wordSees(numId, ilvl, styleId);
    if (word === null) {
      if (hasContent(p, w)) markdown.clear();  // a paragraph ends the Markdown list (an empty one mammoth drops)
      return;
    }
    var lvl = n.levelOf(word.num, word.level), value = count(word.num, word.level);
    var mammoth = n.mammothSees(numId, ilvl, styleId), style = n.styles.get(styleId || "");
    var same = mammoth === n.abstractOf(word.num) + " " + word.level;
    var capable = !inTable && word.level <= rules.get("numbering.max_list_level") &&
      ![styleId, style ? style.name : null].some(function (name) { return notAList.test(name || ""); });
    if (lvl.format === "bullet") {
      if (capable && same) dropFrom(word.level);
      else if (!inTable) markdown.clear();
      return;
    }
    var keep = capable && same && lvl.format === wanted.format && lvl.text === wanted.text.replace("{n}", String(word.level + 1)) &&
      value === (markdown.has(word.level) ? markdown.get(word.level) : 0) + 1 && (word.level === 0 || markdown.has(word.level - 1));
    if (keep) {
      markdown.set(word.level, value);
      dropFrom(word.level + 1);
      return;
    }
    if (!inTable) markdown.clear();
    var suffixes = rules.get("numbering.suffix");
    writeNumber(p, properties, label(word.num, word.level, lvl), Object.hasOwn(suffixes, lvl.suffix) ? suffixes[lvl.suffix] : "", w);
    changed = true;
  }
  function walk(element, inTable) {
    elements(element).forEach(function (child) {
      if (child.namespaceURI === w && child.localName === "p") paragraph(child, inTable);
      else if (child.namespaceURI === w && child.localName === "tbl") {
        if (!inTable) markdown.clear();
        walk(child, true);
      } else if (!(child.namespaceURI === MC && child.localName === "Choice")) walk(child, inTable);  // mammoth reads mc:Fallback
    });
  }
  walk(body, false);
  return changed;
}

/* -- mammoth's HTML as Markdown (markdown.py) ---------------------------------------------------------- */

export function makeBody(rules) {
  var spaces = rules.re("body.spaces", "g"), special = rules.re("body.markdown_special", "g");
  function clean(text) { return text.replace(spaces, " ").replace(/^ +| +$/g, ""); }
  function escape(text) { return text.replace(special, "\\$1").split("<").join("&lt;"); }
  function tag(node) { return node.localName.toLowerCase(); }
  function inline(element, skip) {
    var parts = [], skipping = false;
    for (var node = element.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === 3 || node.nodeType === 4) {
        if (!skipping) parts.push(escape(node.data));
        continue;
      }
      if (node.nodeType !== 1) continue;
      skipping = false;
      var name = tag(node);
      if (skip && skip.indexOf(name) >= 0) { skipping = true; continue; }  // a list item's nested lists, written after it
      var inner = inline(node), href = node.getAttribute("href") || "";
      if (name === "strong" && inner) parts.push("**" + inner + "**");
      else if (name === "em" && inner) parts.push("*" + inner + "*");
      else if (name === "a" && /^https?:\/\//.test(href)) parts.push("[" + inner + "](" + href + ")");
      else if (name === "br") parts.push(" ");
      else if (name !== "img") parts.push(inner);
    }
    return clean(parts.join(""));
  }
  function paragraph(text) {
    if (rules.re("body.markdown_start").test(text)) return "\\" + text;
    return text.replace(rules.re("body.number_dot"), "$1\\.");
  }
  function listLines(element, depth) {
    var lines = [];
    elements(element).filter(function (c) { return tag(c) === "li"; }).forEach(function (item, index) {
      var marker = tag(element) === "ol" ? (index + 1) + ". " : "- ";
      lines.push("    ".repeat(depth) + marker + inline(item, ["ol", "ul"]));
      elements(item).forEach(function (c) { if (tag(c) === "ol" || tag(c) === "ul") lines = lines.concat(listLines(c, depth + 1)); });
    });
    return lines;
  }
  function tableLines(element) {
    var rows = Array.from(element.getElementsByTagName("tr")).map(function (row) {
      var cells = elements(row).filter(function (c) { return tag(c) === "td"; })
        .concat(elements(row).filter(function (c) { return tag(c) === "th"; }));
      return cells.map(function (cell) { return inline(cell).split("|").join("\\|"); });
    }).filter(function (row) { return row.some(function (cell) { return cell; }); });
    if (!rows.length) return [];
    var width = Math.max.apply(null, rows.map(function (row) { return row.length; }));
    rows = rows.map(function (row) { return row.concat(new Array(width - row.length).fill("")); });
    return ["| " + rows[0].join(" | ") + " |", "|" + "---|".repeat(width)]
      .concat(rows.slice(1).map(function (row) { return "| " + row.join(" | ") + " |"; }));
  }
  /* The blocks of mammoth's HTML (root: an element holding it), and how many images it held. */
  function blocks(root) {
    var typedBullet = rules.re("body.typed_bullet"), out = [];
    var images = root.getElementsByTagName("img").length;
    elements(root).forEach(function (element) {
      var name = tag(element);
      if (name === "ol" || name === "ul") {
        out.push({ kind: "list", text: clean(element.textContent), markdown: listLines(element, 0).join("\n"), level: 0 });
      } else if (name === "table") {
        var lines = tableLines(element);
        if (lines.length) out.push({ kind: "table", text: clean(element.textContent), markdown: lines.join("\n"), level: 0 });
      } else {
        var text = inline(element);
        if (!text) return;
        var plain = clean(element.textContent);
        if (/^h[1-6]$/.test(name)) out.push({ kind: "h", text: plain, markdown: text, level: Number(name[1]) });
        else if (typedBullet.test(plain)) out.push({ kind: "list", text: plain, markdown: "- " + text.replace(typedBullet, ""), level: 0 });
        else out.push({ kind: "p", text: plain, markdown: paragraph(text), level: 0 });
      }
    });
    return { blocks: out, images: images };
  }
  return { blocks: blocks, clean: clean };
}

export function markdownOf(blocks) {
  var top = Math.min.apply(null, blocks.filter(function (b) { return b.kind === "h"; }).map(function (b) { return b.level; }).concat([Infinity]));
  if (top === Infinity) top = 2;
  var out = [];
  blocks.forEach(function (block, index) {
    var text = block.kind === "h" ? "#".repeat(block.level - top + 2) + " " + block.markdown : block.markdown;
    var previous = blocks[index - 1];
    if (index && block.kind === "list" && previous.kind === "list" && block.markdown.startsWith("- ") && previous.markdown.startsWith("- ")) {
      out[out.length - 1] += "\n" + text;
    } else {
      out.push(text);
    }
  });
  return out.join("\n\n") + "\n";
}

/* -- metadata (metadata.py) -------------------------------------------------------------------------------- */

function isoDate(year, month, day) {
  var days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > days[month - 1]) return null;
  return String(year).padStart(4, "0") + "-" + String(month).padStart(2, "0") + "-" + String(day).padStart(2, "0");
}

function dayBefore(iso) {
  var parts = iso.split("-").map(Number), moment = new Date(0);
  moment.setUTCFullYear(parts[0], parts[1] - 1, parts[2] - 1);
  return isoDate(moment.getUTCFullYear(), moment.getUTCMonth() + 1, moment.getUTCDate());
}

export function makeFinder(rules, says) {
  var digits = rules.get("metadata.digits");
  function digit(c) { return Object.hasOwn(digits, c) ? digits[c] : 0; }
  function smallNumber(text) {  // 1-31 in Arabic or Chinese numerals (十一, 二十, 三十一)
    if (/^[0-9]+$/.test(text)) return parseInt(text, 10);
    if (text.indexOf("十") < 0) return digit(text);
    var at = text.indexOf("十"), tens = text.slice(0, at), ones = text.slice(at + 1);
    return (tens ? digit(tens) : 1) * 10 + (ones ? digit(ones) : 0);
  }
  function parseDate(match) {
    if (!match) return null;
    var yearText = match[1];
    var year = /^[0-9]+$/.test(yearText) ? parseInt(yearText, 10) : parseInt(Array.from(yearText).map(digit).join(""), 10);
    return isoDate(year, smallNumber(match[2]), smallNumber(match[3]));
  }
  function documentNumber(blocks) {
    var docno = rules.re("metadata.document_number.pattern"), announcement = rules.re("metadata.document_number.announcement");
    var within = blocks.slice(0, rules.get("metadata.document_number.first_blocks"));
    for (var index = 0; index < within.length; index++) {
      var text = within[index].text, match = docno.exec(text), written = "written";
      if (!match) { match = announcement.exec(text); written = "announcement_written"; }
      if (!match) continue;
      var value = fill(rules.get("metadata.document_number." + written), { issuer: match[1], year: match[2], number: match[3] });
      var note = match[0] === value ? says.note_document_number : fill(says.note_document_number_fixed, { written: match[0] });
      var alone = text.replace(/^ +| +$/g, "") === match[0].replace(/^ +| +$/g, "");
      return { index: alone ? index : null, guess: { value: value, note: note } };
    }
    return { index: null, guess: null };
  }
  function title(blocks) {
    var ends = rules.re("metadata.title.ends"), docno = rules.re("metadata.document_number.pattern");
    var within = blocks.slice(0, rules.get("metadata.title.first_blocks"));
    for (var index = 0; index < within.length; index++) {
      var block = within[index];
      if ((block.kind === "p" || block.kind === "h") && ends.test(block.text) &&
          length(block.text) <= rules.get("metadata.title.max_length") && !docno.test(block.text)) return { index: index, text: block.text };
    }
    return { index: null, text: null };
  }
  function writtenDate(blocks) {
    var pattern = rules.re("parts.date", "full"), last = rules.get("metadata.written_date.last_blocks");
    for (var index = blocks.length - 1; index > Math.max(blocks.length - 1 - last, -1); index--) {
      var match = pattern.exec(blocks[index].text.split(" ").join(""));
      if (match && parseDate(match)) return { index: index, date: parseDate(match), text: match[0] };
    }
    return { index: null, date: null, text: "" };
  }
  function issuer(blocks, dateIndex, titleText) {
    var ends = rules.re("metadata.issuer.ends");
    if (dateIndex) {
      var signature = blocks[dateIndex - 1].text;
      if (length(signature) <= rules.get("metadata.issuer.signature_max") && ends.test(signature)) {
        return { value: signature, note: says.note_issuer_signature };
      }
    }
    var head = rules.re("metadata.issuer.from_title").exec(titleText || "");
    if (head && ends.test(head[1])) return { value: head[1], note: says.note_issuer_title };
    return null;
  }
  function validity(text, written) {
    var effective = null, expires = null, dateText = rules.re("parts.date");
    var match = rules.re("metadata.effective").exec(text);
    if (match) {
      var day = parseDate(dateText.exec(match[1]));
      if (day) effective = { value: day, note: fill(says.note_effective, { text: match[0] }) };
      else if (rules.re("metadata.issue_day").test(match[1]) && written) {
        effective = { value: written, note: fill(says.note_effective_issued, { text: match[0] }) };
      }
    }
    var until = rules.re("metadata.until").exec(text);
    if (until) {
      var end = parseDate(dateText.exec(until[1]));
      if (end) expires = { value: end, note: fill(says.note_expires, { text: until[0] }) };
    }
    var years = rules.re("metadata.years").exec(text);
    if (!expires && years && effective) {
      var parts = effective.value.split("-").map(Number), year = parts[0] + smallNumber(years[1]);
      var same = isoDate(year, parts[1], parts[2]);
      var last = same ? dayBefore(same) : isoDate(year, parts[1], 28);  // 29 February: the 28th
      if (last) expires = { value: last, note: fill(says.note_expires_years, { text: years[0] }) };
    }
    return { effective: effective, expires: expires };
  }
  return { documentNumber: documentNumber, title: title, writtenDate: writtenDate, issuer: issuer, validity: validity };
}

/* The draft: {body, guesses: {field: {value, note}}} (metadata.py draft_of). */
export function draftOf(blocks, rules, says) {
  var find = makeFinder(rules, says);
  var number = find.documentNumber(blocks), title = find.title(blocks), written = find.writtenDate(blocks);
  var issuer = find.issuer(blocks, written.index, title.text);
  var validity = find.validity(blocks.map(function (b) { return b.text; }).join("\n"), written.date);
  var skip = new Set([number.index, title.index].filter(function (i) { return i !== null; }));
  if (title.index !== null) {  // a red-head line ("……文件") above the title is not body text
    var redHead = rules.re("metadata.title.red_head");
    for (var i = 0; i < title.index; i++) {
      if (redHead.test(blocks[i].text) && length(blocks[i].text) <= rules.get("metadata.title.red_head_max")) skip.add(i);
    }
  }
  var body = markdownOf(blocks.filter(function (b, index) { return !skip.has(index); }));
  var guesses = {};
  if (title.text) {
    guesses.document_title = { value: title.text, note: says.note_document_title };
    if (length(title.text) <= rules.get("metadata.title.record_title_max")) guesses.title = { value: title.text, note: says.note_title };
  }
  if (number.guess) guesses.document_number = number.guess;
  if (issuer) guesses.issuer = issuer;
  if (written.date) guesses.written_date = { value: written.date, note: fill(says.note_written_date, { text: written.text }) };
  if (validity.effective) guesses.effective = validity.effective;
  if (validity.expires) guesses.expires = validity.expires;
  return { body: body, guesses: guesses };
}

/* The record's id and source from the draft (the package's id_of and source_of). */
export function idOf(draft, department, rules) {
  var number = draft.guesses.document_number, match = number ? rules.re("draft.slug").exec(number.value) : null;
  if (!match) return fill(rules.get("draft.id_without_number"), { department: department });
  var slug = fill(rules.get("draft.slug_written"), { year: match[1], number: match[2] });
  return fill(rules.get("draft.id"), { department: department, slug: slug });
}

export function sourceOf(draft, rules) {
  var document = draft.guesses.document_title, number = draft.guesses.document_number;
  if (document && number) return fill(rules.get("draft.source"), { title: document.value, number: number.value });
  return document ? document.value : "";
}

/* -- the whole import ---------------------------------------------------------------------------------------- */

/* A Word file to {draft, images} or {refused: message}. io: {inflate(bytes, limit), decode(bytes),
   encode(text), parseXml(text), serializeXml(doc), convert(bytes) -> mammoth's HTML, parseHtml(html)
   -> an element holding it}. Any failure reading the file is import.broken, never an exception. */
export async function importWord(name, bytes, rules, says, io) {
  var refused = refusalBefore(name, bytes.length, rules, says);
  var entries = refused ? null : zipEntries(bytes);
  refused = refused || refusalOfEntries(name, entries, rules, says);
  if (refused) return { refused: refused };
  var html;
  try {
    var files = await unpack(bytes, entries, io.inflate);
    var part = function (path) {
      var file = files.find(function (f) { return f.name === path; });
      return file ? io.parseXml(io.decode(file.data)) : null;
    };
    var documentPath = rules.get("container.document"), document = part(documentPath);
    if (numberAsText(document, part(rules.get("numbering.parts.numbering")), part(rules.get("numbering.parts.styles")), rules)) {
      var written = io.encode(io.serializeXml(document));
      files = files.map(function (f) { return f.name === documentPath ? Object.assign({}, f, { data: written }) : f; });
    }
    html = await io.convert(storedZip(files));
  } catch (error) {
    return { refused: fill(says.broken, { name: name }) };
  }
  var found = makeBody(rules).blocks(io.parseHtml(html));
  if (!found.blocks.length) return { refused: fill(says.no_text, { name: name }) };
  var draft = draftOf(found.blocks, rules, says);
  draft.warnings = [];
  for (var number = 1; number <= found.images; number++) draft.warnings.push(fill(says.image_skipped, { name: name, number: number }));
  return { draft: draft };
}

/* -- a draft of `make import` opened in the form ------------------------------------------------------------ */

function prefixOf(template) { var at = template.indexOf("{"); return at < 0 ? template : template.slice(0, at); }

/* The draft's “待核对” comments taken out of the opened document (the yaml library's model) as
   [{field, note}], with its head lines (import.draft_head, draft_then); other comments are kept. A
   comment above a field is its key's commentBefore, or, after a field left empty, that empty value's
   trailing comment (with a blank line then assumed before the next key, which is not in the file). */
export function takeReviewNotes(YAML, doc, says) {
  var review = prefixOf(says.to_review), heads = [prefixOf(says.draft_head), prefixOf(says.draft_then)], notes = [];
  function strip(comment, field) {
    if (!comment) return comment;
    var kept = comment.split("\n").filter(function (line) {
      var text = line.replace(/^ +/, "");
      if (text.startsWith(review)) {
        if (field) notes.push({ field: field, note: text.slice(review.length) });
        return false;
      }
      return !heads.some(function (head) { return text.startsWith(head); });
    });
    return kept.length ? kept.join("\n") : undefined;
  }
  function name(pair) { return pair && pair.key && typeof pair.key === "object" ? String(pair.key.value) : pair ? String(pair.key) : null; }
  doc.commentBefore = strip(doc.commentBefore, null) || null;
  if (!YAML.isMap(doc.contents)) return notes;
  var items = doc.contents.items;
  doc.contents.commentBefore = strip(doc.contents.commentBefore, name(items[0]));
  items.forEach(function (pair, index) {
    if (pair.key && typeof pair.key === "object") pair.key.commentBefore = strip(pair.key.commentBefore, name(pair));
    var value = pair.value, next = items[index + 1];
    if (value && typeof value === "object" && value.comment) {
      value.comment = strip(value.comment, name(next));
      if (!value.comment && next && next.key && typeof next.key === "object") next.key.spaceBefore = false;
    }
  });
  return notes;
}
