#!/usr/bin/env node
// Starts the sandbox. It runs the build in dist/ when that is newer than every source file
// (about 150 ms quicker to start, and lighter), and otherwise the TypeScript sources through
// tsx, so an edited source is never shadowed by a stale build.
import { existsSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const built = `${root}dist/mock/cli.js`;

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    const mtime = entry.isDirectory() ? newest(path) : statSync(path).mtimeMs;
    if (mtime > latest) latest = mtime;
  }
  return latest;
}

function buildIsCurrent() {
  if (process.env.AGENTPHONE_SANDBOX_FROM_SOURCE === "1" || !existsSync(built)) return false;
  const sources = Math.max(newest(`${root}mock`), newest(`${root}openapi`));
  return statSync(built).mtimeMs >= sources;
}

if (buildIsCurrent()) {
  await import(built);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../mock/cli.ts");
}
