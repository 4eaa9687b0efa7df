import type { StoredImage } from "./store.ts";

/** How many bytes of background images a memory store keeps by default: 128 MiB. */
export const defaultMaxKeptImageBytes = 128 * 1024 * 1024;

/** The images of current backgrounds, counted by how many conversations have each. */
export interface KeptImages {
  /** One more conversation has the image `sha256`; `image` holds its bytes if they are new. */
  use(sha256: string, image: StoredImage | undefined): void;
  /** One conversation fewer has it; its bytes go when none does. */
  release(sha256: string): void;
  read(sha256: string): StoredImage | undefined;
  clear(): void;
}

/**
 * Keeps the bytes of the images conversations use, one copy per SHA-256, within
 * `maxBytes` in all: past it the bytes set least recently are let go (the count of users
 * stays exact, so they are never brought back wrongly), and bytes larger than the whole
 * limit are not kept at all.
 *
 * @example
 * const kept = createKeptImages(128 * 1024 * 1024);
 * kept.use(image.sha256, image);
 * kept.read(image.sha256); // image
 */
export function createKeptImages(maxBytes: number): KeptImages {
  const users = new Map<string, number>();
  // In the order they were last set, oldest first: the first to go past the limit.
  const bytes = new Map<string, StoredImage>();
  let total = 0;

  function drop(sha256: string): void {
    const image = bytes.get(sha256);
    if (image === undefined) return;
    bytes.delete(sha256);
    total -= image.bytes.length;
  }

  return {
    use(sha256, image) {
      users.set(sha256, (users.get(sha256) ?? 0) + 1);
      const known = bytes.get(sha256) ?? (image?.sha256 === sha256 ? image : undefined);
      if (known === undefined || known.bytes.length > maxBytes) return;
      drop(sha256);
      bytes.set(sha256, known);
      total += known.bytes.length;
      for (const oldest of bytes.keys()) {
        if (total <= maxBytes) break;
        drop(oldest);
      }
    },
    release(sha256) {
      const left = (users.get(sha256) ?? 0) - 1;
      if (left > 0) {
        users.set(sha256, left);
        return;
      }
      users.delete(sha256);
      drop(sha256);
    },
    read: (sha256) => bytes.get(sha256),
    clear() {
      users.clear();
      bytes.clear();
      total = 0;
    },
  };
}
