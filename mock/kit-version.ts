import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The kit's version, from the nearest `package.json` above the module `from` that has one:
 * `mock/cli.ts` in a checkout finds it one folder up, the build's bundled
 * `dist/bin/agentphone-sandbox.js` two (past any `package.json` without a version on the way).
 *
 * @example
 * kitVersion(); // "0.1.0"
 */
export function kitVersion(from: string | URL = import.meta.url): string {
  let folder = new URL("./", from);
  for (;;) {
    try {
      const { version } = JSON.parse(readFileSync(new URL("package.json", folder), "utf8"));
      if (typeof version === "string") return version;
    } catch {
      // No readable package.json here: look one folder up.
    }
    const parent = new URL("../", folder);
    if (parent.href === folder.href) {
      throw new Error(`no package.json with a version above ${fileURLToPath(new URL("./", from))}`);
    }
    folder = parent;
  }
}
