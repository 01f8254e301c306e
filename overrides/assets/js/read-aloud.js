/* 石首市惠企政策门户: 朗读 — an article page read aloud by the browser's own speech synthesis (Web
 * Speech API): nothing is sent anywhere, no third-party service, and only a voice of the device
 * itself is used (lib/speech.js chineseVoice). The control is partials/read-aloud.html, on article
 * pages only (records, law texts, the report: page.meta.portal_article).
 *
 * The article's visible text (not its buttons, headings' ¶ links, hidden text or the page's
 * furniture) is read in order, one short sentence at a time (lib/speech.js sentences: Chrome stops a
 * long utterance), the sentence being read highlighted (CSS Custom Highlight API where the browser
 * has it, and a class on its paragraph: the page's text itself is never changed) and scrolled into
 * view. Pause stops the voice and 继续 starts the sentence again (pause() and resume() do not work
 * on every phone). Leaving the page stops it.
 */

import { chineseVoice, onlyNetworkChinese, sentences, spokenText } from "./lib/speech.js";

const ARTICLE = ".md-content__inner";
/* Not read: the page's controls and furniture, hidden text, the ¶ links of headings, the law's
   chapter list (navigation), anything marked data-read-aloud-skip. */
const SKIPPED = ["[data-read-aloud]", "[data-read-aloud-skip]", "button", "nav", "script", "style", "template",
  "noscript", "svg", "[hidden]", "[aria-hidden=true]", ".headerlink", ".portal-visually-hidden", ".md-content__button",
  ".law-tools", ".portal-print-link", ".portal-changed"].join(", ");
/* The block a piece of text is in: a new block starts a new sentence. */
const BLOCKS = "p, li, dt, dd, h1, h2, h3, h4, h5, h6, td, th, caption, figcaption, blockquote, pre, summary, div, section, article, table, tr";
const HIGHLIGHT = "portal-read-aloud";  /* the ::highlight() name in reading.css */
const NOW = "portal-read-aloud__now";  /* the class of the paragraph being read */
const VOICE_WAIT_MS = 2000;  /* how long the device may take to list its voices */

const MESSAGES = {
  ready: "点击“朗读全文”，由本设备的中文语音朗读本页正文。",
  playing: "正在朗读。",
  paused: "已暂停，点击“继续”接着读。",
  stopped: "已停止朗读。",
  finished: "本页已读完。",
  failed: "朗读出错，已停止。",
  noSpeech: "本浏览器不支持语音朗读（没有语音合成功能），无法朗读本页。",
  noVoice: "本设备没有中文语音，无法朗读。可在手机或电脑的系统设置中添加中文（普通话）语音后再试。",
  networkOnly: "本设备没有中文语音，无法朗读：只有联网语音，会把页面文字发送出去，本站不使用。",
  empty: "本页没有可朗读的正文。"
};
const BUTTON = { idle: "朗读全文", playing: "暂停", paused: "继续" };

function skipped(element) {
  return element.closest(SKIPPED) !== null || !element.checkVisibility({ visibilityProperty: true });
}

/* The article's readable text as one string (blocks on lines of their own) and where each text
   node of the page starts in it. */
function articleText(article) {
  const pieces = [];
  let text = "";
  let block = null;
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        return node.matches(SKIPPED) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
      }
      return node.data.trim() && !skipped(node.parentElement) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
    }
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const here = node.parentElement.closest(BLOCKS);
    if (block !== null && here !== block) text += "\n";
    block = here;
    pieces.push({ node, start: text.length });
    text += node.data;
  }
  return { text, pieces };
}

/* The text node and offset of position `at` of the article's text (`last`: the end of a range). */
function pointAt(pieces, at, last) {
  let low = 0;
  let high = pieces.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (pieces[middle].start < at || (!last && pieces[middle].start === at)) low = middle;
    else high = middle - 1;
  }
  const piece = pieces[low];
  return { node: piece.node, offset: Math.min(at - piece.start, piece.node.data.length) };
}

function readable(article) {
  const { text, pieces } = articleText(article);
  return sentences(text).map((sentence) => {
    const range = document.createRange();
    const from = pointAt(pieces, sentence.start, false);
    const to = pointAt(pieces, sentence.end, true);
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    return { text: spokenText(sentence.text), range, block: from.node.parentElement.closest(BLOCKS) };
  });
}

class Reader {
  constructor(box, synth) {
    this.box = box;
    this.synth = synth;
    this.play = box.querySelector("[data-read-aloud-play]");
    this.stopButton = box.querySelector("[data-read-aloud-stop]");
    this.status = box.querySelector("[data-read-aloud-status]");
    this.progress = box.querySelector("[data-read-aloud-progress]");
    this.state = "idle";
    this.index = 0;
    this.turn = 0;  /* the utterance whose events count; earlier ones were cancelled */
    this.voice = null;
    this.sentences = null;
  }

  say(key) { this.status.textContent = MESSAGES[key]; }

  show() {
    this.play.textContent = BUTTON[this.state === "playing" || this.state === "paused" ? this.state : "idle"];
    this.stopButton.disabled = this.state === "idle";
    this.box.dataset.state = this.state;
    const count = this.sentences ? this.sentences.length : 0;
    this.progress.textContent = this.state === "idle" || !count ? "" : `第 ${this.index + 1} 句，共 ${count} 句`;
  }

  useVoices() {
    const voices = this.synth.getVoices();
    this.voice = chineseVoice(voices);
    this.play.disabled = this.voice === null;
    if (this.state === "idle") this.say(this.voice ? "ready" : onlyNetworkChinese(voices) ? "networkOnly" : "noVoice");
    return voices.length > 0;
  }

  mark(sentence) {
    this.unmark();
    if (window.CSS && CSS.highlights && window.Highlight) CSS.highlights.set(HIGHLIGHT, new Highlight(sentence.range));
    if (sentence.block) sentence.block.classList.add(NOW);
    this.marked = sentence.block;
    const motion = window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
    const box = sentence.range.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) {
      window.scrollBy({ top: box.top - window.innerHeight / 3, behavior: motion });
    }
  }

  unmark() {
    if (window.CSS && CSS.highlights) CSS.highlights.delete(HIGHLIGHT);
    if (this.marked) this.marked.classList.remove(NOW);
    this.marked = null;
  }

  speak() {
    const turn = ++this.turn;
    const sentence = this.sentences[this.index];
    const utterance = new SpeechSynthesisUtterance(sentence.text);
    utterance.lang = document.documentElement.lang || "zh-CN";  /* the page's language */
    utterance.voice = this.voice;
    utterance.onend = () => { if (turn === this.turn) this.next(); };
    utterance.onerror = (event) => {
      if (turn !== this.turn || event.error === "interrupted" || event.error === "canceled") return;
      this.halt("failed");
    };
    this.utterance = utterance;  /* kept: Chrome may drop an utterance nothing refers to, and its end event */
    this.mark(sentence);
    this.show();
    this.synth.speak(utterance);
  }

  next() {
    if (this.index + 1 >= this.sentences.length) { this.halt("finished"); return; }
    this.index += 1;
    this.speak();
  }

  /* Whatever is being said stops, and its events no longer count. (Only when something is: Chrome
     may drop an utterance spoken just after a needless cancel().) */
  silence() {
    this.turn += 1;
    if (this.synth.speaking || this.synth.pending) this.synth.cancel();
  }

  start() {
    if (!this.sentences) this.sentences = readable(document.querySelector(ARTICLE));
    if (!this.sentences.length) { this.say("empty"); return; }
    if (this.state === "idle") this.index = 0;
    this.silence();
    this.state = "playing";
    this.say("playing");
    this.speak();
  }

  pause() {
    this.silence();
    this.state = "paused";
    this.say("paused");
    this.show();
  }

  halt(key) {
    this.silence();
    this.unmark();
    this.state = "idle";
    this.index = 0;
    this.say(key);
    this.show();
  }

  wire() {
    this.play.addEventListener("click", () => (this.state === "playing" ? this.pause() : this.start()));
    this.stopButton.addEventListener("click", () => { this.halt("stopped"); this.play.focus(); });
    window.addEventListener("pagehide", () => { if (this.state !== "idle") this.halt("stopped"); });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.state === "playing" && this.box.contains(document.activeElement)) this.pause();
    });
    this.show();
  }
}

function setup() {
  const box = document.querySelector("[data-read-aloud]");
  if (!box) return;
  box.hidden = false;
  const synth = window.speechSynthesis;
  const status = box.querySelector("[data-read-aloud-status]");
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") {
    box.querySelector("[data-read-aloud-play]").disabled = true;
    box.querySelector("[data-read-aloud-stop]").disabled = true;
    box.dataset.state = "unsupported";
    status.textContent = MESSAGES.noSpeech;
    return;
  }
  const reader = new Reader(box, synth);
  reader.wire();
  if (reader.useVoices()) return;
  /* The voices may come later (Chrome lists them asynchronously); without any by then, say so. */
  reader.play.disabled = true;
  status.textContent = "正在查找本设备的中文语音……";
  const waited = setTimeout(() => reader.useVoices(), VOICE_WAIT_MS);
  synth.addEventListener("voiceschanged", () => { if (reader.useVoices()) clearTimeout(waited); });
}

setup();
