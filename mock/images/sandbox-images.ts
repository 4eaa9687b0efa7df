import {
  type Catalogue,
  type CatalogueListing,
  createCatalogue,
} from "../core/images/catalogue.ts";
import type { ImageLoader } from "../core/images/image.ts";
import { createImageLoader, type ImageLoaderOptions } from "./fetch-image.ts";

/** The sandbox's image pipeline: the loader and the catalogue it answers from. */
export interface SandboxImages {
  loadImage: ImageLoader;
  catalogue: Catalogue;
  /** The catalogue's names, descriptions and outcomes, for `/__sandbox`. */
  list(): Promise<CatalogueListing[]>;
}

/** Options for {@link createSandboxImageLoader}: a user's folder, and the loader's seams. */
export interface SandboxImagesOptions extends Omit<ImageLoaderOptions, "catalogue"> {
  /** A folder whose regular files `https://images.sandbox.test/<file name>` also serves. */
  imagesDir?: string;
  /**
   * How many downloads, from the network or `imagesDir`, may be in flight at once; as many
   * again wait, and any more get 503 `SERVICE_UNAVAILABLE`. Default 16.
   */
  maxImageDownloads?: number;
}

/**
 * The loader the sandbox uses: the built-in image host (plus `imagesDir`) in process,
 * every other HTTPS URL through the guarded fetch.
 *
 * @example
 * const images = createSandboxImageLoader({ imagesDir: "./my-wallpapers" });
 * await images.loadImage("https://images.sandbox.test/forest.png");
 */
export function createSandboxImageLoader(options: SandboxImagesOptions = {}): SandboxImages {
  const { imagesDir, ...loaderOptions } = options;
  const catalogue = createCatalogue(imagesDir === undefined ? {} : { imagesDir });
  return {
    loadImage: createImageLoader({ ...loaderOptions, catalogue }),
    catalogue,
    list: () => catalogue.list(),
  };
}
