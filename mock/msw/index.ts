import { bypass } from "msw";
import { createCatalogue, imagesFromMap } from "../core/images/catalogue.ts";
import { createImageLoader, pageFetchHop } from "../core/images/image-loader.ts";
import { type SandboxHandlers, type SandboxHandlersOptions, sandboxHandlers } from "./handlers.ts";

export type { SandboxControlApi } from "../core/http/control.ts";
export { defaultBaseUrl, type SandboxHandlers, type SandboxHandlersOptions } from "./handlers.ts";

// The sandbox's own downloads skip MSW's handlers (and its unhandled-request warnings):
// they go to the network as the page's own requests would.
const pageFetch: typeof fetch = (input, init) => fetch(bypass(new Request(input, init)));

/**
 * The sandbox as MSW handlers for `setupWorker` in the browser (or any runtime with
 * `fetch`): the same sandbox as the HTTP server, inside your app. Catalogue images answer
 * from memory; any other URL is fetched with the page's own `fetch`, so the browser's
 * rules (CORS) apply, and the bytes are capped at 10 MiB and sniffed as on the server.
 *
 * @example
 * import { setupWorker } from "msw/browser";
 * const sandbox = createSandboxHandlers();
 * await setupWorker(...sandbox.handlers).start();
 * await sandbox.control.faults({ rateLimitNext: 1 });
 */
export function createSandboxHandlers(options: SandboxHandlersOptions = {}): SandboxHandlers {
  const catalogue = createCatalogue(
    options.images === undefined ? {} : { extra: imagesFromMap(options.images, pageFetch) },
  );
  const loadImage = createImageLoader({
    fetchHop: pageFetchHop(pageFetch),
    catalogue,
    ...(options.imageTimeoutMs === undefined ? {} : { deadlineMs: options.imageTimeoutMs }),
    // The browser is the client and keeps its own rules; this only lets `http:` through.
    ...(options.allowPrivateImages ? { allowHttp: true } : {}),
  });
  return sandboxHandlers(options, { loadImage, list: () => catalogue.list() });
}
