// Calls exported functions of one of the portal's modules from the Python tests (tests/jsnode.py):
// stdin {"module": path, "calls": [[name, [args...]], ...]} -> stdout [result, ...] as JSON.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const input = JSON.parse(readFileSync(0, "utf8"));
const module = await import(pathToFileURL(resolve(input.module)).href);
const results = [];
for (const [name, args] of input.calls) results.push(await module[name](...args));
process.stdout.write(JSON.stringify(results));
