import { imagesFromMap } from "../core/images/catalogue.ts";
import { createSandboxImageLoader } from "../images/sandbox-images.ts";
import { type SandboxHandlers, type SandboxHandlersOptions, sandboxHandlers } from "./handlers.ts";

export type { SandboxControlApi } from "../core/http/control.ts";
export { defaultBaseUrl, type SandboxHandlers, type SandboxHandlersOptions } from "./handlers.ts";

/**
 * The sandbox as MSW handlers for `setupServer` in Node (Vitest, Jest, Playwright's test
 * runner): the same sandbox as the HTTP server, in process. Catalogue images answer from
 * memory; any other URL goes through the same SSRF-guarded download as the HTTP sandbox.
 *
 * @example
 * import { setupServer } from "msw/node";
 * const sandbox = createSandboxHandlers();
 * const server = setupServer(...sandbox.handlers);
 * server.listen();
 * await sandbox.control.faults({ rateLimitNext: 1 });
 */
export function createSandboxHandlers(options: SandboxHandlersOptions = {}): SandboxHandlers {
  const images = createSandboxImageLoader({
    ...(options.imageTimeoutMs === undefined ? {} : { deadlineMs: options.imageTimeoutMs }),
    ...(options.images === undefined ? {} : { extra: imagesFromMap(options.images) }),
    ...(options.allowPrivateImages ? { allowPrivate: true } : {}),
  });
  return sandboxHandlers(options, { loadImage: images.loadImage, list: () => images.list() });
}
