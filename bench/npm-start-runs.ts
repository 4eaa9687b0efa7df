import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * What `npm start` runs in this checkout, in words: the build in dist/ when it is newer than
 * every source, else the sources through tsx, as bin/run-kit-command.js decides.
 */
export function npmStartRuns(): string {
  const built = join(root, "dist", "bin", "agentphone-sandbox.js");
  if (!existsSync(built)) return "the sources through tsx: there is no dist/ (npm run build)";
  const builtAt = statSync(built).mtimeMs;
  const stale = ["mock", "openapi", "contracts"].some((dir) =>
    readdirSync(join(root, dir), { recursive: true, withFileTypes: true }).some(
      (entry) => entry.isFile() && statSync(join(entry.parentPath, entry.name)).mtimeMs > builtAt,
    ),
  );
  return stale
    ? "the sources through tsx: a source is newer than dist/ (npm run build)"
    : "the build in dist/";
}
