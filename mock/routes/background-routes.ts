import { type RequestHandler, Router } from "express";
import type { SetChatBackgroundRequest } from "../../openapi/schema.ts";
import type { BackgroundService } from "../core/domain/background-service.ts";
import type { Faults } from "../core/sandbox/faults.ts";
import type { InFlight } from "../core/sandbox/in-flight.ts";
import type { Store } from "../core/store/store.ts";
import { accountOf, authenticate } from "../http/authenticate.ts";
import { methodNotAllowed } from "../http/error-handler.ts";
import { injectFailures, injectLatency } from "../http/inject-faults.ts";
import { jsonBody } from "../http/json-body.ts";
import { signalOf, trackCall } from "../http/track-call.ts";
import { validateSetRequest } from "../http/validate-set-request.ts";

/** The path both operations share, in Express's syntax. */
export const backgroundPath = "/v1/conversations/:conversation_id/background";

/**
 * The two API operations. Each route only parses, calls the service and writes the answer;
 * the checks run in DESIGN.md's order: 401, 422 body, then the service's 404, 400, 422, 502.
 */
export function backgroundRoutes(deps: {
  store: Store;
  service: BackgroundService;
  faults: Faults;
  inFlight: InFlight;
}): Router {
  const router = Router({ caseSensitive: true });
  const before: RequestHandler[] = [
    trackCall(deps.inFlight),
    injectLatency(deps.faults),
    authenticate(deps.store),
    injectFailures(deps.faults),
  ];

  const set: RequestHandler = async (req, res) => {
    const { image_url } = req.body as SetChatBackgroundRequest;
    const body = await deps.service.setBackground(
      accountOf(res).id,
      String(req.params.conversation_id),
      image_url,
      signalOf(res),
    );
    res.json(body);
  };
  router.post(backgroundPath, ...before, ...jsonBody, validateSetRequest, set);

  router.delete(backgroundPath, ...before, async (req, res) => {
    await deps.service.removeBackground(
      accountOf(res).id,
      String(req.params.conversation_id),
      signalOf(res),
    );
    res.status(204).end();
  });

  router.all(backgroundPath, methodNotAllowed(["POST", "DELETE"]));
  return router;
}
