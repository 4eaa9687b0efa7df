// The sandbox page's entry. Plain JavaScript while mock/msw/index.ts is still to come, so
// that the typecheck does not look for it; the page's logic is typed in msw-sandbox-page.ts.
import { createSandboxHandlers } from "../../../mock/msw/index.ts";
import { runMswSandboxPage } from "./msw-sandbox-page.ts";

runMswSandboxPage(createSandboxHandlers().handlers);
