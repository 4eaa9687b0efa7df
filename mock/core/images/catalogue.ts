import { builtInImages } from "./built-in-images.ts";
import { bytesResponse, type HostResponse } from "./host-response.ts";
import { pageFetch } from "./page-fetch.ts";

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

/**
 * More names for the image host, beside the built-in ones (which win): a user's folder in
 * the Node host (`--images DIR`), a map of names to bytes or URLs in the MSW host.
 */
export interface ExtraImages {
  /** What every one of them is, for the listing: "From your folder /x." */
  description: string;
  /** The names it serves, sorted. */
  names(): Promise<readonly string[]>;
  /** The image called exactly `name`, or null when there is none. */
  answer(name: string, signal: AbortSignal): Promise<HostResponse | null>;
  /** True when answers come from memory, so a download needs no slot. */
  inMemory: boolean;
}

/** Options for {@link createCatalogue}. */
export interface CatalogueOptions {
  /** More names to serve beside the built-in ones. */
  extra?: ExtraImages;
}

const notFound = () => bytesResponse(404, "text/plain", new TextEncoder().encode("not found\n"));

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
 * Builds the built-in image host, plus extra names when given. Built-in names win over an
 * extra of the same name, so the documented outcomes always hold.
 *
 * @example
 * const catalogue = createCatalogue({ extra: imagesFromMap({ "brand.png": bytes }) });
 * const response = await catalogue.answer(new URL("https://images.sandbox.test/forest.png"), signal);
 */
export function createCatalogue(options: CatalogueOptions = {}): Catalogue {
  const mine = options.extra ?? null;
  const builtIn = new Map(builtInImages.map((image) => [image.name, image]));

  return {
    host: catalogueHost,
    async answer(url, signal) {
      const name = fileName(url.pathname);
      if (name === null) return notFound();
      const image = builtIn.get(name);
      if (image) return image.answer(signal);
      return (await mine?.answer(name, signal)) ?? notFound();
    },
    fromMemory(url) {
      const name = fileName(url.pathname);
      return mine === null || mine.inMemory || name === null || builtIn.has(name);
    },
    async list() {
      const listed = builtInImages.map(({ name, description, outcome }) => {
        return { name, url: urlOf(name), description, outcome };
      });
      const theirs = (await mine?.names()) ?? [];
      for (const name of theirs.filter((own) => !builtIn.has(own))) {
        const description = mine?.description ?? "";
        listed.push({ name, url: urlOf(name), description, outcome: "depends on the file" });
      }
      return listed;
    },
  };
}

// A view is copied as it is; an ArrayBuffer is viewed whole, then copied.
function copyOf(bytes: Uint8Array | ArrayBuffer): Uint8Array {
  return new Uint8Array(ArrayBuffer.isView(bytes) ? bytes : new Uint8Array(bytes));
}

/**
 * Extra images by name, for the MSW host's `images` option: bytes, copied once (so later
 * changes to the caller's arrays change nothing, and each is recognised once), or a URL
 * fetched with `fetchImpl` at each request (e.g. an asset of your app, relative to the
 * page). Served as `application/octet-stream`: the type is left to the sniffer.
 *
 * @example
 * createCatalogue({ extra: imagesFromMap({ "brand.png": png, "hero.jpg": "/assets/hero.jpg" }) });
 */
export function imagesFromMap(
  images: Readonly<Record<string, Uint8Array | ArrayBuffer | string>>,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): ExtraImages {
  const sources = new Map(
    Object.entries(images).map(([name, source]) => {
      return [name, typeof source === "string" ? source : copyOf(source)] as const;
    }),
  );
  const names = Object.freeze([...sources.keys()].sort());
  return {
    description: "One of your images.",
    names: async () => names,
    // A URL is a download like any other, so then each takes a slot.
    inMemory: [...sources.values()].every((source) => typeof source !== "string"),
    async answer(name, signal) {
      const source = sources.get(name);
      if (source === undefined) return null;
      if (typeof source === "string") return pageFetch(fetchImpl, source, signal);
      return bytesResponse(200, "application/octet-stream", source);
    },
  };
}

/** The built-in image host without extra names: the loader's default. */
export const builtInCatalogue: Catalogue = createCatalogue();
