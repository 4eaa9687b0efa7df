import { createHash } from "node:crypto";

/** One entry of a package-lock.json's `packages`. */
interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

/** What a consumer of the kit installs: the tarball, and packages it adds from the kit's lock. */
export interface ConsumerLockOptions {
  /** The kit's own package-lock.json, parsed: the versions its tests ran on. */
  kitLock: { packages: Record<string, LockEntry> };
  /** The kit's package.json, parsed. */
  kitPackage: {
    name: string;
    version: string;
    dependencies: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    bin?: Record<string, string>;
    engines?: Record<string, string>;
  };
  /** The tarball's file name, beside the consumer's package.json, and its bytes. */
  tarball: { name: string; bytes: Uint8Array };
  /** More of the kit's locked packages the consumer depends on itself, e.g. `typescript`. */
  also: string[];
}

// npm's lookup: the package in this folder's node_modules, then in each parent's.
function resolve(packages: Record<string, LockEntry>, from: string, name: string): string | null {
  for (let base = from; ; ) {
    const candidate = base === "" ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (candidate in packages) return candidate;
    if (base === "") return null;
    const parent = base.lastIndexOf("/node_modules/");
    base = parent === -1 ? "" : base.slice(0, parent);
  }
}

/**
 * A package.json and package-lock.json for a project that installs the kit's tarball, with
 * every dependency pinned to the version in the kit's own lock: `npm ci --offline` then
 * installs it from npm's cache (which `npm ci` of the kit filled) with no network, where
 * `npm install --offline` would need registry metadata the cache does not hold.
 *
 * @example
 * const { manifest, lock } = consumerLockfile({ kitLock, kitPackage, tarball, also: ["typescript"] });
 */
export function consumerLockfile(options: ConsumerLockOptions): {
  manifest: Record<string, unknown>;
  lock: Record<string, unknown>;
} {
  const { packages } = options.kitLock;
  const kept = new Set<string>();
  const walk = (path: string) => {
    if (kept.has(path)) return;
    kept.add(path);
    const entry = packages[path] ?? {};
    const names = new Set([
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter(
        (name) => !entry.peerDependenciesMeta?.[name]?.optional,
      ),
    ]);
    for (const name of names) {
      const found = resolve(packages, path, name);
      if (found) walk(found);
    }
  };
  for (const name of [...Object.keys(options.kitPackage.dependencies), ...options.also]) {
    walk(`node_modules/${name}`);
  }
  const kit = options.kitPackage;
  const dependencies: Record<string, string> = { [kit.name]: `file:${options.tarball.name}` };
  for (const name of options.also) {
    dependencies[name] = packages[`node_modules/${name}`]?.version ?? "*";
  }
  const integrity = `sha512-${createHash("sha512").update(options.tarball.bytes).digest("base64")}`;
  const locked: Record<string, LockEntry> = {
    "": { name: "consumer", version: "1.0.0", dependencies },
    [`node_modules/${kit.name}`]: {
      version: kit.version,
      resolved: `file:${options.tarball.name}`,
      integrity,
      dependencies: kit.dependencies,
      ...(kit.peerDependencies ? { peerDependencies: kit.peerDependencies } : {}),
      ...(kit.peerDependenciesMeta ? { peerDependenciesMeta: kit.peerDependenciesMeta } : {}),
      ...(kit.bin ? { bin: kit.bin } : {}),
      ...(kit.engines ? { engines: kit.engines } : {}),
    },
  };
  for (const path of [...kept].sort()) {
    // In the consumer's tree they are plain dependencies, whatever they were in the kit's.
    const { dev: _d, devOptional: _o, peer: _p, ...entry } = packages[path] ?? {};
    locked[path] = entry;
  }
  return {
    manifest: { name: "consumer", version: "1.0.0", private: true, dependencies },
    lock: {
      name: "consumer",
      version: "1.0.0",
      lockfileVersion: 3,
      requires: true,
      packages: locked,
    },
  };
}
