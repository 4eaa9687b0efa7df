import { readFileSync } from "node:fs";
import { parseSeed, type Seed } from "./core/store/seed.ts";

/**
 * Reads and checks the file of `--seed FILE`, or throws an Error that says in words what is
 * wrong: not found, a folder, not readable, not JSON, or every mistake in it.
 *
 * @example
 * readSeedFile("seed.json"); // throws "--seed seed.json: not found."
 */
export function readSeedFile(path: string): Seed {
  const source = `--seed ${path}`;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "not found"
        : code === "EISDIR"
          ? "is a folder, not a file"
          : code === "EACCES" || code === "EPERM"
            ? "not allowed to read it"
            : (error as Error).message;
    throw new Error(`${source}: ${why}.`);
  }
  return parseSeed(text, source);
}
