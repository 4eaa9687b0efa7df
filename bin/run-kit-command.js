// Runs one of the kit's commands: the compiled build in dist/ when it is current (always, in
// an installed package, which ships no sources), else the TypeScript sources through tsx.
import { existsSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    const mtime = entry.isDirectory() ? newest(path) : statSync(path).mtimeMs;
    if (mtime > latest) latest = mtime;
  }
  return latest;
}

function buildIsCurrent(built) {
  if (!existsSync(built)) return false;
  // No sources: an installed package, where the build is all there is.
  if (!existsSync(`${root}mock/cli.ts`)) return true;
  if (process.env.AGENTPHONE_SANDBOX_FROM_SOURCE === "1") return false;
  const sources = Math.max(
    ...["mock", "openapi", "contracts"].map((dir) => newest(`${root}${dir}`)),
  );
  return statSync(built).mtimeMs >= sources;
}

/**
 * Imports its build (`dist/<name>.js` unless `build` names another file under dist/) when
 * current, else `<name>.ts` through tsx (a checkout's devDependency).
 *
 * @example
 * await runKitCommand("mock/cli", "bin/agentphone-sandbox");
 */
export async function runKitCommand(name, build = name) {
  const built = `${root}dist/${build}.js`;
  if (buildIsCurrent(built)) {
    await import(pathToFileURL(built).href);
    return;
  }
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(`${root}${name}.ts`).href);
}
