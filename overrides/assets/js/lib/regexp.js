/* 石首市惠企政策门户: text as a regular expression that matches it literally. Pure: no DOM. */

export function escapeRegExp(text) { return String(text).replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
