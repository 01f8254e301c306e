/* 石首市惠企政策门户: the record form's body preview, cleaned exactly as the build cleans it.
 *
 * The build renders a record's body with Python-Markdown (mkdocs.yml's extensions) and cleans the
 * HTML with nh3 (macros/core/sanitize.py). A browser cannot run either, so the preview uses markdown-it
 * with the rules where Python-Markdown differs from CommonMark made to follow Python-Markdown, and
 * DOMPurify configured from sanitize.py's allow-list, which the build ships as data (config.sanitizer).
 * tests/test_record_form.py renders a set of tricky bodies both ways and compares them.
 * An ES module imported by record-form.js; the libraries are the vendored classic scripts
 * (window.markdownit, window.DOMPurify, record-form.html).
 */

/* Python-Markdown's lists: outside a list, a list never interrupts a paragraph; only "1." starts a
 * numbered list; the number of its first item is not kept; a nested list needs four spaces (with
 * fewer, the item belongs to the same list). */
function pythonMarkdownLists(md) {
  var list = md.block.ruler.__rules__[md.block.ruler.__find__("list")].fn;
  md.block.ruler.at("list", function (state, startLine, endLine, silent) {
    var start = state.bMarks[startLine] + state.tShift[startLine];
    if (/^\d+\)/.test(state.src.slice(start, state.eMarks[startLine]))) return false;
    if (silent && state.parentType === "paragraph" && state.listIndent < 0) return false;
    return list(state, startLine, endLine, silent);
  }, { alt: ["paragraph", "reference", "blockquote"] });
  md.core.ruler.push("python_markdown_ol_start", function (state) {
    state.tokens.forEach(function (token) {
      if (token.type === "ordered_list_open" && token.attrs) {
        token.attrs = token.attrs.filter(function (attr) { return attr[0] !== "start"; });
      }
    });
  });
}

function flattenShallowLists(source) {
  // "  - item" under a list item is, for Python-Markdown, another item of the same list
  return source.replace(/^ {1,3}(?=(?:[-*+]|\d+\.)[ \t])/gm, "");
}

/* The toc extension: a heading's id is its text slugified (pymdownx.slugs, case lower), made unique
 * with _1, _2 …; "{#id}" at the end of a heading (attr_list) sets it; a permalink follows the text. */
function headingIds(md, settings) {
  var ATTR = /\s*\{:?\s*#([^\s}]+)\s*\}\s*$/;
  function slugify(text) {
    return text.normalize("NFC").replace(/<\/?[^>]*>/g, "").trim().toLowerCase()
      .replace(/[^\p{L}\p{N}_\- ]/gu, "").replace(/ /g, settings.separator);
  }
  md.core.ruler.push("python_markdown_toc", function (state) {
    var used = {};
    state.tokens.forEach(function (token, index) {
      if (token.type !== "heading_open") return;
      var inline = state.tokens[index + 1];
      var id = null;
      var last = inline.children[inline.children.length - 1];
      if (last && last.type === "text" && ATTR.test(last.content)) {
        id = ATTR.exec(last.content)[1];
        last.content = last.content.replace(ATTR, "");
        inline.content = inline.content.replace(ATTR, "");
      }
      if (id === null) {
        var text = inline.children.map(function (child) {
          return child.type === "text" || child.type === "code_inline" ? child.content : "";
        }).join("");
        id = slugify(text);
        var unique = id, n = 1;
        while (used[unique]) unique = id + "_" + n++;
        id = unique;
      }
      used[id] = true;
      token.attrSet("id", id);
      if (settings.permalink) {
        var open = new state.Token("link_open", "a", 1);
        open.attrs = [["class", settings["class"]], ["href", "#" + id], ["title", settings.title]];
        var symbol = new state.Token("text", "", 0);
        symbol.content = settings.symbol;
        inline.children.push(open, symbol, new state.Token("link_close", "a", -1));
      }
    });
  });
}

/* nh3 with sanitize.py's settings, as DOMPurify: the same tags, attributes per tag, classes per tag,
 * URL schemes, heading-id filter and rel on links; script and style removed with their content. */
function sanitizerFor(rules) {
  var purify = window.DOMPurify();
  var reserved = new RegExp(rules.reserved_id, "iu");
  var slug = new RegExp(rules.slug_id, "u");
  var everyAttribute = {};
  Object.keys(rules.attributes).forEach(function (tag) {
    rules.attributes[tag].forEach(function (name) { everyAttribute[name] = true; });
  });
  function allowed(tag, name) {
    return (rules.attributes[tag] || []).indexOf(name) >= 0 || (rules.attributes["*"] || []).indexOf(name) >= 0;
  }
  purify.addHook("uponSanitizeAttribute", function (node, data) {
    var tag = node.nodeName.toLowerCase();
    if (data.attrName === "class") {
      var classes = (data.attrValue || "").split(/\s+/).filter(function (c) {
        return c && (rules.classes[tag] || []).indexOf(c) >= 0;
      });
      data.attrValue = classes.join(" ");  // nh3 keeps the attribute, emptied, on tags with allowed classes
      data.keepAttr = Object.prototype.hasOwnProperty.call(rules.classes, tag);
    } else if (!allowed(tag, data.attrName)) {
      data.keepAttr = false;
    } else if (data.attrName === "id" && (reserved.test(data.attrValue) || !slug.test(data.attrValue))) {
      data.keepAttr = false;
    }
  });
  purify.addHook("afterSanitizeAttributes", function (node) {
    if (node.nodeName.toLowerCase() === "a") node.setAttribute("rel", rules.link_rel);
  });
  var schemes = rules.url_schemes.join("|");
  var config = {
    ALLOWED_TAGS: rules.tags,
    ALLOWED_ATTR: Object.keys(everyAttribute).concat(["class"]),
    ALLOWED_URI_REGEXP: new RegExp("^(?:(?:" + schemes + "):|[^a-z]|[a-z+.\\-]+(?:[^a-z+.\\-:]|$))", "i"),
    FORBID_CONTENTS: rules.content_removed,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    KEEP_CONTENT: true
  };
  return function (html) { return purify.sanitize(html, config); };
}

/* Python-Markdown's admonition: the title is what is between the quotes. */
function admonitionTitles(md) {
  md.core.ruler.before("inline", "python_markdown_admonition_title", function (state) {
    state.tokens.forEach(function (token, index) {
      var previous = state.tokens[index - 1];
      if (token.type === "inline" && previous && previous.type === "admonition_title_open") {
        token.content = token.content.replace(/^"(.*)"$/, "$1");
      }
    });
  });
}

/* The sanitizer drops every style and event-handler attribute (sanitize.py allows none); they are
 * taken out before the browser parses the HTML at all, because parsing one is reported as a
 * Content-Security-Policy violation even in the sanitizer's detached document. */
var STYLE_ATTRIBUTE = /(<[a-zA-Z][^<>]*?)\s+(?:style|on[a-zA-Z]+)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)/g;

function withoutStyles(md) {
  md.core.ruler.push("no_style_attributes", function (state) {
    (function strip(tokens) {
      tokens.forEach(function (token) {
        if (token.attrs) token.attrs = token.attrs.filter(function (attr) { return attr[0] !== "style"; });
        if (token.type === "html_block" || token.type === "html_inline") {
          var before;
          do { before = token.content; token.content = before.replace(STYLE_ATTRIBUTE, "$1"); } while (token.content !== before);
        }
        if (token.children) strip(token.children);
      });
    })(state.tokens);
  });
}

export function makePreview(config) {
  var md = window.markdownit({ html: true, linkify: false, typographer: false, breaks: false });
  md.validateLink = function () { return true; };  // every link is made, as Python-Markdown does; the sanitizer drops bad URLs
  md.use(window.markdownitDeflist);
  md.use(window.markdownitAdmon);
  admonitionTitles(md);
  pythonMarkdownLists(md);
  headingIds(md, config.headings);
  withoutStyles(md);
  var clean = sanitizerFor(config.sanitizer);
  return function (body) { return clean(md.render(flattenShallowLists(body))); };
}
