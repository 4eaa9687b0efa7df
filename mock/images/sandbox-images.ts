import {
  type Catalogue,
  type CatalogueListing,
  createCatalogue,
  type ExtraImages,
} from "../core/images/catalogue.ts";
import type { ImageLoader } from "../core/images/image.ts";
import { createImageLoader, type ImageLoaderOptions } from "./fetch-image.ts";
import { userImages } from "./user-images.ts";

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
  /** Other extra names (the MSW host's `images`); ignored when `imagesDir` is given. */
  extra?: ExtraImages;
  /**
   * How many downloads, from the network or `imagesDir`, may be in flight at once; as many
   * again wait, and any more get 503 `SERVICE_UNAVAILABLE`. Default 16.
   */
  maxImageDownloads?: number;
}

/** A user's folder as the catalogue's extra names: read from disk, so downloads take slots. */
export function folderImages(folder: string): ExtraImages {
  const mine = userImages(folder);
  return {
    description: `From your folder ${mine.folder}.`,
    names: () => mine.names(),
    answer: (name) => mine.answer(name),
    inMemory: false,
  };
}

/**
 * The loader the Node host uses: the built-in image host (plus `imagesDir`) in process,
 * every other HTTPS URL through the guarded fetch.
 *
 * @example
 * const images = createSandboxImageLoader({ imagesDir: "./my-wallpapers" });
 * await images.loadImage("https://images.sandbox.test/forest.png");
 */
export function createSandboxImageLoader(options: SandboxImagesOptions = {}): SandboxImages {
  const { imagesDir, extra, ...loaderOptions } = options;
  const more = imagesDir === undefined ? extra : folderImages(imagesDir);
  const catalogue = createCatalogue(more === undefined ? {} : { extra: more });
  return {
    loadImage: createImageLoader({ ...loaderOptions, catalogue }),
    catalogue,
    list: () => catalogue.list(),
  };
}
