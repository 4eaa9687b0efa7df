import { cp, mkdtemp, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { consumerLockfile } from "../test/support/consumer-lockfile.ts";
import { trackFolder } from "./child-registry.ts";
import { runTracked } from "./run-tracked.ts";

/** The kit packed and installed into an empty project, as a user gets it. */
export interface PackedKit {
  /** The project's `node_modules/.bin/agentphone-sandbox`. */
  bin: string;
  /** How long `npm pack` (its build included) and `npm ci` took, in ms. */
  packMs: number;
  installMs: number;
  /** Deletes the project. */
  remove(): void;
}

const root = fileURLToPath(new URL("..", import.meta.url));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
// What is never copied to build the package from: installed, built, or the bench's output.
const notCopied = new Set([".git", "node_modules", "dist", "coverage", "bench/results"]);

async function npmIn(cwd: string, args: string[]) {
  const run = await runTracked(npm, args, { cwd });
  if (run.code !== 0) throw new Error(`npm ${args[0]} exited ${run.code}:\n${run.output}`);
  return run.ms;
}

/**
 * Packs the kit and installs the tarball into a temporary project with `npm ci --offline`,
 * every dependency pinned to the kit's own lock and taken from npm's cache (see
 * test/support/consumer-lockfile.ts), so no network is needed. `npm pack` builds in a copy
 * of the sources: the checkout's dist/ is never rebuilt under a process running it.
 */
export async function installPackedKit(): Promise<PackedKit> {
  const project = await mkdtemp(join(tmpdir(), "agentphone-bench-kit-"));
  const remove = trackFolder(project);
  const source = join(project, "kit");
  await cp(root, source, {
    recursive: true,
    filter: (path) => !notCopied.has(relative(root, path)),
  });
  await symlink(join(root, "node_modules"), join(source, "node_modules"), "dir");
  const packMs = await npmIn(source, ["pack", "--pack-destination", project]);
  const [name = ""] = (await readdir(project)).filter((file) => file.endsWith(".tgz"));
  const { manifest, lock } = consumerLockfile({
    kitLock: JSON.parse(await readFile(join(source, "package-lock.json"), "utf8")),
    kitPackage: JSON.parse(await readFile(join(source, "package.json"), "utf8")),
    tarball: { name, bytes: await readFile(join(project, name)) },
    also: [],
  });
  await writeFile(join(project, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(project, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
  const installMs = await npmIn(project, ["ci", "--offline", "--no-audit", "--no-fund"]);
  return {
    bin: join(project, "node_modules", ".bin", "agentphone-sandbox"),
    packMs,
    installMs,
    remove,
  };
}
