// The sandbox page's entry: the browser host of the MSW handlers, as an app imports it.
import { createSandboxHandlers } from "../../../mock/msw/index.ts";
import { runMswSandboxPage } from "./msw-sandbox-page.ts";

runMswSandboxPage([
  ...createSandboxHandlers().handlers,
  // A second sandbox that takes the page's own http:// dev server for images.
  ...createSandboxHandlers({ baseUrl: "https://open.sandbox.test", allowPrivateImages: true })
    .handlers,
]);
