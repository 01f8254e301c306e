/* 石首市惠企政策门户: the pure part of read-aloud (朗读, assets/js/read-aloud.js): an article's text
 * cut into short sentences, what is said for each, and the device's Chinese voice. No DOM: run in
 * the browser and in node (tests/js/speech.test.mjs).
 */

/* A sentence ends after one of these (and any closing quotes or brackets that follow), or at a line end. */
const SENTENCE_END = "。！？；!?;";
const CLOSING = "”’」』）)】》〉\"'";
/* Where a long sentence may be cut: after a comma, an enumeration comma or a colon. */
const PAUSE = "，、：,:";
/* Chrome stops speaking a long utterance after about 15 seconds; 60 characters take about 12
   seconds at the normal rate of a Chinese voice. */
export const MAX_CHUNK = 60;
/* Something to say: a letter, a digit or a Chinese character (not only punctuation or spaces). */
const SAYABLE = /[\p{L}\p{N}]/u;
const PUNCTUATION = /[\p{P}\s]/u;
const HAN = "\\p{Script=Han}";
/* Spaces between two Chinese characters (or a character and Chinese punctuation): the report keeps
   those of its PDF conversion, and a voice would pause at each. */
const SPACE_IN_CHINESE = new RegExp(`(?<=[${HAN}\\p{P}])\\s+(?=[${HAN}\\p{P}])`, "gu");

function isEnd(char) { return SENTENCE_END.includes(char); }

/* [start, end) of each sentence of `text`, in order: cut after 。！？； (with closing quotes) and
   at line ends, then trimmed of spaces; pieces with nothing to say are dropped. */
function sentenceSpans(text) {
  const spans = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === "\n") {
      spans.push([start, i]);
      start = i + 1;
    } else if (isEnd(char)) {
      let end = i + 1;
      while (end < text.length && (CLOSING.includes(text[end]) || isEnd(text[end]))) end += 1;
      spans.push([start, end]);
      start = end;
      i = end - 1;
    }
    i += 1;
  }
  spans.push([start, text.length]);
  return spans;
}

function trimmed([start, end], text) {
  while (start < end && /\s/u.test(text[start])) start += 1;
  while (end > start && /\s/u.test(text[end - 1])) end -= 1;
  return [start, end];
}

/* A span longer than `max` cut after its last pause (，、：) within the limit, or at the limit
   (before the punctuation there, if any). */
function shortened([start, end], text, max) {
  const pieces = [];
  while (end - start > max) {
    let cut = -1;
    for (let i = start + max; i > start + max / 3; i -= 1) {
      if (PAUSE.includes(text[i - 1])) { cut = i; break; }
    }
    if (cut < 0) cut = start + max;
    while (cut > start + 1 && PUNCTUATION.test(text[cut])) cut -= 1;  /* no piece of punctuation alone */
    pieces.push(trimmed([start, cut], text));
    start = cut;
  }
  pieces.push(trimmed([start, end], text));
  return pieces;
}

/* The sentences of `text` as {start, end, text}: offsets into `text`, in order, none longer than `max`. */
export function sentences(text, max = MAX_CHUNK) {
  return sentenceSpans(text)
    .map((span) => trimmed(span, text))
    .flatMap((span) => shortened(span, text, max))
    .filter(([start, end]) => SAYABLE.test(text.slice(start, end)))
    .map(([start, end]) => ({ start, end, text: text.slice(start, end) }));
}

/* What a voice is given for a sentence: spaces between Chinese characters removed, other runs of
   spaces made one. The page's text is not changed. */
export function spokenText(sentence) {
  return sentence.replace(SPACE_IN_CHINESE, "").replace(/\s+/gu, " ").trim();
}

/* How well a voice's language suits Mandarin text (lower is better), or -1 when it does not:
   zh-CN first (zh_CN and cmn-Hans-CN as some systems write it), then other Mandarin, Cantonese last. */
function languageRank(lang) {
  const tag = String(lang || "").replace(/_/g, "-").toLowerCase();
  if (tag === "zh-cn" || tag === "zh-hans-cn" || tag === "cmn-cn" || tag === "cmn-hans-cn") return 0;
  if (tag === "zh" || tag === "cmn" || tag.startsWith("zh-hans") || tag.startsWith("cmn-")) return 1;
  if (tag === "zh-tw" || tag.startsWith("zh-hant") || tag === "zh-sg") return 2;
  if (tag.startsWith("zh-")) return 3;  /* zh-HK: Cantonese */
  return -1;
}

/* The voice to read with: a Chinese voice of the device itself (localService: a network voice
   would send the page's text to its provider), the best language first, the system's default
   among equals. null when the device has none. */
export function chineseVoice(voices) {
  const usable = Array.from(voices || []).filter((voice) => voice.localService !== false && languageRank(voice.lang) >= 0);
  usable.sort((a, b) => languageRank(a.lang) - languageRank(b.lang) || Number(Boolean(b.default)) - Number(Boolean(a.default)));
  return usable[0] || null;
}

/* Whether the device has a Chinese voice that only works over the network (not used). */
export function onlyNetworkChinese(voices) {
  return !chineseVoice(voices) && Array.from(voices || []).some((voice) => languageRank(voice.lang) >= 0);
}
