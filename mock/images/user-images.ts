import { constants, statSync } from "node:fs";
import { open, readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { HostResponse } from "./host-response.ts";

/** A user's folder of images, served by file name (`--images DIR`). */
export interface UserImages {
  /** The folder, as an absolute path. */
  folder: string;
  /** The names of the regular files in it now, sorted. */
  names(): Promise<string[]>;
  /** The file called exactly `name`, or null when there is none. */
  answer(name: string): Promise<HostResponse | null>;
}

/**
 * Serves the regular files directly inside `folder`. A name is looked up in the folder's
 * listing, never joined onto a path first, so `..`, slashes, subfolders and symbolic links
 * can never reach anything else. Throws when `folder` is not a folder.
 *
 * @example
 * const mine = userImages("./my-wallpapers");
 * await mine.answer("beach.jpg"); // a 200 response with the file, or null
 */
export function userImages(folder: string): UserImages {
  const absolute = resolve(folder);
  if (!statSync(absolute, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`--images ${folder}: not a folder`);
  }

  async function names(): Promise<string[]> {
    // A folder removed while the sandbox runs serves nothing rather than failing.
    const entries = await readdir(absolute, { withFileTypes: true }).catch(() => []);
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name)
      .sort();
  }

  async function answer(name: string): Promise<HostResponse | null> {
    if (!(await names()).includes(name)) return null;
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
