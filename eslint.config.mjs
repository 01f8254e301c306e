// ESLint (flat config) for the portal's own JavaScript: `make lint` runs it with ruff.
// - overrides/assets/js/*.js: the page scripts, ES modules in the browser (reading.js and
//   md-inline.js: classic scripts in <head>, run before the first paint);
// - overrides/assets/js/lib/*.js: pure modules, run in the browser and in node: only the language's
//   own globals (and URL), so any DOM access is an error (no-undef);
// - tests/js/ and macros/clerk/validator.mjs: node.
import js from "@eslint/js";
import globals from "globals";

const language = { ecmaVersion: 2022 };

export default [
  { ignores: ["node_modules/**", "bench/node_modules/**", "overrides/assets/vendor/**", "site/**", "build/**",
    "published/**", ".venv*/**"] },
  js.configs.recommended,
  { rules: { "no-unused-vars": ["error", { caughtErrors: "none" }] } },  // catch (e) where nothing is done with e
  {
    files: ["overrides/assets/js/**/*.js"],
    languageOptions: { ...language, sourceType: "module", globals: globals.browser }
  },
  {
    files: ["overrides/assets/js/reading.js", "overrides/assets/js/md-inline.js"],
    languageOptions: { ...language, sourceType: "script", globals: globals.browser }
  },
  {
    files: ["overrides/assets/js/lib/**/*.js"],
    languageOptions: { ...language, sourceType: "module", globals: { URL: "readonly" } }
  },
  {
    files: ["tests/js/**/*.mjs", "macros/clerk/*.mjs", "eslint.config.mjs"],
    languageOptions: { ...language, sourceType: "module", globals: globals.node }
  }
];
