import {
  type Catalogue,
  type CatalogueListing,
  createCatalogue,
  type ExtraImages,
} from "../core/images/catalogue.ts";
import type { ImageLoader } from "../core/images/image.ts";
import { createImageLoader, type ImageLoaderOptions } from "../core/images/image-loader.ts";
import { type GuardedHopOptions, guardedHop } from "./guarded-hop.ts";
import { folderImages } from "./user-images.ts";

/** The sandbox's image pipeline: the loader and the catalogue it answers from. */
export interface SandboxImages {
  loadImage: ImageLoader;
  catalogue: Catalogue;
  /** The catalogue's names, descriptions and outcomes, for `/__sandbox`. */
  list(): Promise<CatalogueListing[]>;
}

/** Options for {@link createSandboxImageLoader}: extra images, limits, and the guard's seams. */
export interface SandboxImagesOptions
  extends GuardedHopOptions,
    Omit<ImageLoaderOptions, "fetchHop" | "catalogue" | "allowHttp"> {
  /** A folder whose regular files `https://images.sandbox.test/<file name>` also serves. */
  imagesDir?: string;
  /** Other extra names (the MSW host's `images`); ignored when `imagesDir` is given. */
  extra?: ExtraImages;
}

/**
 * The loader the Node host uses: the built-in image host (plus `imagesDir`) in process,
 * every other HTTPS URL through the SSRF-guarded hop.
 *
 * @example
 * const images = createSandboxImageLoader({ imagesDir: "./my-wallpapers" });
 * await images.loadImage("https://images.sandbox.test/forest.png");
 */
export function createSandboxImageLoader(options: SandboxImagesOptions = {}): SandboxImages {
  const { imagesDir, extra, resolve, transport, connectTimeoutMs, allowPrivate, ...limits } =
    options;
  const more = imagesDir === undefined ? extra : folderImages(imagesDir);
  const catalogue = createCatalogue(more === undefined ? {} : { extra: more });
  const hop = guardedHop({
    ...(resolve === undefined ? {} : { resolve }),
    ...(transport === undefined ? {} : { transport }),
    ...(connectTimeoutMs === undefined ? {} : { connectTimeoutMs }),
    ...(allowPrivate === undefined ? {} : { allowPrivate }),
  });
  return {
    // A private server is a developer's own, and often plain HTTP (a dev server on :5173).
    loadImage: createImageLoader({
      ...limits,
      fetchHop: hop,
      catalogue,
      allowHttp: allowPrivate ?? false,
    }),
    catalogue,
    list: () => catalogue.list(),
  };
}
