#!/usr/bin/env node
// Compiles the sandbox to dist/ with the project's own tsc and copies the spec, the one file
// it reads (to serve /openapi.yaml), beside its modules. Run by `npm ci` (prepare) and `npm run build`.
import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = `${root}dist`;
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

rmSync(dist, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, "-p", `${root}tsconfig.build.json`], {
  stdio: "inherit",
});
if (result.status !== 0) {
  // A half-built dist/ must never be run: without one, the sandbox starts from its sources.
  rmSync(dist, { recursive: true, force: true });
  console.error("build-sandbox: tsc failed; npm start will run the sources through tsx instead.");
  process.exit(1);
}
cpSync(`${root}openapi/openapi.yaml`, `${dist}/openapi/openapi.yaml`);

// tsc rewrites the sources' `./x.ts` imports to `./x.js` in JavaScript but not in
// declarations, where a consumer's compiler would look for a `.ts` file that is not shipped.
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith(".d.ts")) continue;
  const path = `${entry.parentPath}/${entry.name}`;
  const text = readFileSync(path, "utf8");
  const fixed = text.replace(
    /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']+)\.ts(["'])/g,
    "$1$2.js$3",
  );
  if (fixed !== text) writeFileSync(path, fixed);
}
