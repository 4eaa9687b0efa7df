import { userImages } from "../../images/user-images.ts";
import { builtInImages } from "./built-in-images.ts";
import { bytesResponse, type HostResponse } from "./host-response.ts";

/** The built-in image host. `.test` never resolves on a real network (RFC 6761). */
export const catalogueHost = "images.sandbox.test";

/** One name the image host answers, as the README and `/__sandbox` show it. */
export interface CatalogueListing {
  name: string;
  url: string;
  description: string;
  /** `accepted (image/png)`, an error code, or `depends on the file` for a user's file. */
  outcome: string;
}

/** The built-in image host: answers `https://images.sandbox.test/<name>` in process. */
export interface Catalogue {
  host: string;
  /** Answers a URL on {@link catalogueHost}; unknown names get a 404. */
  answer(url: URL, signal: AbortSignal): Promise<HostResponse>;
  /**
   * True when the answer to `url` comes from memory (a built-in name, or a 404 that no
   * folder is read for), false when it is read from the user's folder.
   */
  fromMemory(url: URL): boolean;
  /** Every name it answers, built-in ones first. */
  list(): Promise<CatalogueListing[]>;
}

/** Options for {@link createCatalogue}. */
export interface CatalogueOptions {
  /** A folder whose regular files are served by name too (`--images DIR`). */
  imagesDir?: string;
}

const notFound = () => bytesResponse(404, "text/plain", Buffer.from("not found\n"));

/**
 * The one file name a path names, or null for anything else: a subfolder, an encoded
 * slash or backslash, `.` or `..`, a NUL, or bad percent-encoding.
 */
function fileName(pathname: string): string | null {
  const raw = pathname.slice(1);
  if (raw === "" || raw.includes("/") || /%(2f|5c|00)/i.test(raw)) return null;
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (name === "." || name === ".." || /[/\\\0]/.test(name)) return null;
  return name;
}

function urlOf(name: string): string {
  return `https://${catalogueHost}/${encodeURIComponent(name)}`;
}

/**
 * Builds the built-in image host, plus a user's folder when given. Built-in names win
 * over a user's file of the same name, so the documented outcomes always hold.
 *
 * @example
 * const catalogue = createCatalogue({ imagesDir: "./my-wallpapers" });
 * const response = await catalogue.answer(new URL("https://images.sandbox.test/forest.png"), signal);
 */
export function createCatalogue(options: CatalogueOptions = {}): Catalogue {
  const mine = options.imagesDir === undefined ? null : userImages(options.imagesDir);
  const builtIn = new Map(builtInImages.map((image) => [image.name, image]));

  return {
    host: catalogueHost,
    async answer(url, signal) {
      const name = fileName(url.pathname);
      if (name === null) return notFound();
      const image = builtIn.get(name);
      if (image) return image.answer(signal);
      return (await mine?.answer(name)) ?? notFound();
    },
    fromMemory(url) {
      const name = fileName(url.pathname);
      return mine === null || name === null || builtIn.has(name);
    },
    async list() {
      const listed = builtInImages.map(({ name, description, outcome }) => {
        return { name, url: urlOf(name), description, outcome };
      });
      const theirs = (await mine?.names()) ?? [];
      for (const name of theirs.filter((own) => !builtIn.has(own))) {
        const description = `From your folder ${mine?.folder}.`;
        listed.push({ name, url: urlOf(name), description, outcome: "depends on the file" });
      }
      return listed;
    },
  };
}

/** The built-in image host without a user's folder: the loader's default. */
export const builtInCatalogue: Catalogue = createCatalogue();
