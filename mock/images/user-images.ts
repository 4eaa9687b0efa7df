import { constants, statSync } from "node:fs";
import { open, readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { ExtraImages } from "../core/images/catalogue.ts";
import type { HostResponse } from "../core/images/host-response.ts";

/** A user's folder of images, served by file name (`--images DIR`). */
export interface UserImages {
  /** The folder, as an absolute path. */
  folder: string;
  /** The names of the regular files in it, sorted, as last read (at most 1 s ago). */
  names(): Promise<readonly string[]>;
  /** The file called exactly `name`, or null when there is none. */
  answer(name: string): Promise<HostResponse | null>;
}

/** Options for {@link userImages}. */
export interface UserImagesOptions {
  /** The clock, in ms, that decides when the listing is read again. Default `Date.now`. */
  now?: () => number;
}

/** How old the folder's listing may be before a lookup reads it again, in ms. */
export const listingMaxAgeMs = 1_000;

interface Listing {
  names: readonly string[];
  has: ReadonlySet<string>;
  readAt: number;
}

/**
 * Serves the regular files directly inside `folder`. A name is looked up in the folder's
 * listing, never joined onto a path first, so `..`, slashes, subfolders and symbolic links
 * can never reach anything else. The listing is read at most once per
 * {@link listingMaxAgeMs}, and lookups that arrive while it is read wait for that one read,
 * so a folder of many files costs one read a second, not one per request. Throws when
 * `folder` is not a folder.
 *
 * @example
 * const mine = userImages("./my-wallpapers");
 * await mine.answer("beach.jpg"); // a 200 response with the file, or null
 */
export function userImages(folder: string, options: UserImagesOptions = {}): UserImages {
  const now = options.now ?? Date.now;
  const absolute = resolve(folder);
  if (!statSync(absolute, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`--images ${folder}: not a folder`);
  }

  let current: Listing | null = null;
  let reading: Promise<Listing> | null = null;

  async function read(): Promise<Listing> {
    const readAt = now();
    // A folder removed while the sandbox runs serves nothing rather than failing.
    const entries = await readdir(absolute, { withFileTypes: true }).catch(() => []);
    const names = Object.freeze(
      entries
        .filter((entry) => entry.isFile())
        .map((entry) => entry.name)
        .sort(),
    );
    return { names, has: new Set(names), readAt };
  }

  function listing(): Promise<Listing> {
    const age = current === null ? Number.POSITIVE_INFINITY : now() - current.readAt;
    if (current && age >= 0 && age < listingMaxAgeMs) return Promise.resolve(current);
    reading ??= read()
      .then((fresh) => {
        current = fresh;
        return fresh;
      })
      .finally(() => {
        reading = null;
      });
    return reading;
  }

  async function names(): Promise<readonly string[]> {
    return (await listing()).names;
  }

  async function answer(name: string): Promise<HostResponse | null> {
    if (!(await listing()).has.has(name)) return null;
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      // O_NOFOLLOW: a file swapped for a link after the listing is still not followed.
      handle = await open(join(absolute, name), constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch {
      return null;
    }
    const stats = await handle.stat();
    if (!stats.isFile()) {
      await handle.close();
      return null;
    }
    const stream = handle.createReadStream({ highWaterMark: 64 * 1024 });
    return {
      status: 200,
      // The type is sniffed from the bytes later; a host that does not know says so.
      headers: { "content-type": "application/octet-stream", "content-length": String(stats.size) },
      body: stream,
      close: () => stream.destroy(),
    };
  }

  return { folder: absolute, names, answer };
}

/**
 * A user's folder as the catalogue's extra images (`--images DIR`): read from disk, so
 * each download takes a slot. Throws when `folder` is not a folder.
 *
 * @example
 * createCatalogue({ extra: folderImages("./my-wallpapers") });
 */
export function folderImages(folder: string): ExtraImages {
  const mine = userImages(folder);
  return {
    description: `From your folder ${mine.folder}.`,
    names: () => mine.names(),
    answer: (name) => mine.answer(name),
    inMemory: false,
  };
}
