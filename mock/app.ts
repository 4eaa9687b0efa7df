import cors from "cors";
import express, { type Express } from "express";
import type { Logger } from "pino";
import { specText } from "../openapi/spec.ts";
import type { BackgroundService } from "./core/domain/background-service.ts";
import type { InFlight } from "./core/sandbox/in-flight.ts";
import { errorHandler, notFound } from "./http/error-handler.ts";
import { recordRequests } from "./http/record-requests.ts";
import { backgroundRoutes } from "./routes/background-routes.ts";
import { type SandboxControl, sandboxRoutes } from "./routes/sandbox-routes.ts";

/** What the app is built from; {@link createApp} never creates any of it itself. */
export interface AppDeps {
  service: BackgroundService;
  control: SandboxControl;
  /** The API calls in flight, which a reset aborts. */
  inFlight: InFlight;
  logger: Logger;
  /** Origins allowed by CORS: `"*"` (the default) or a list. */
  corsOrigins?: "*" | string[];
}

/**
 * Builds the sandbox's Express app from injected parts. It never listens: `server.ts` does.
 *
 * @example
 * const app = createApp({ service, control, logger });
 * await request(app).delete("/v1/conversations/conv_imessage/background").auth("sk_sandbox_alice", { type: "bearer" });
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", false);
  // The API documents no ETags; computing one for every answer is wasted work.
  app.set("etag", false);
  // The API's paths are lower case; /V1/… is another path, as it is for the real API's router.
  app.set("case sensitive routing", true);
  app.use(recordRequests(deps.control.journal, deps.logger, deps.control.now));
  // Mounted on its prefix, so API calls never walk the control surface's routes, and before
  // CORS: no other origin may read it (its errors included).
  app.use("/__sandbox", sandboxRoutes(deps.control));
  // The API and the spec stay open to every origin, as browser apps need.
  app.use(
    cors({
      origin: deps.corsOrigins === undefined || deps.corsOrigins === "*" ? "*" : deps.corsOrigins,
      exposedHeaders: ["Retry-After", "WWW-Authenticate"],
      maxAge: 600,
    }),
  );
  app.get("/openapi.yaml", (_req, res) => {
    res.type("application/yaml").send(specText);
  });
  app.use(
    backgroundRoutes({
      store: deps.control.store,
      service: deps.service,
      faults: deps.control.faults,
      inFlight: deps.inFlight,
    }),
  );
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
