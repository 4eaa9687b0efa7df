import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder of the contract suite's modules: `contracts/` in a checkout, `dist/contracts/` in the package. */
export const contractsDir = dirname(fileURLToPath(import.meta.url));

/** The suite's own modules end so: `ts` run from sources, `js` from the compiled package. */
export const moduleExtension = import.meta.url.endsWith(".ts") ? "ts" : "js";

/**
 * The kit's root, where its package.json and `bin/` are, whichever layout this module is
 * running from (a checkout's sources, its `dist/`, or an installed package).
 */
export const kitRoot: string = (() => {
  for (let dir = contractsDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "bin"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package root above ${contractsDir}`);
  }
})();

/** A module of the suite, by name without its extension: `global-setup`. */
export function suiteModule(name: string): string {
  return join(contractsDir, `${name}.${moduleExtension}`);
}
