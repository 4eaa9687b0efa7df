import { ApiError } from "../errors/api-error.ts";
import type { CoreResponse } from "./exchange.ts";

/** The files of the dashboard page, by the path under `/__sandbox` they are served at. */
export const dashboardFiles = {
  "/": { name: "index.html", type: "text/html; charset=utf-8" },
  "/dashboard.js": { name: "dashboard.js", type: "text/javascript; charset=utf-8" },
  "/dashboard.css": { name: "dashboard.css", type: "text/css; charset=utf-8" },
} as const;

/** A dashboard file's name. */
export type DashboardFileName = (typeof dashboardFiles)[keyof typeof dashboardFiles]["name"];

/** Reads a dashboard file's text; each host finds them its own way (the HTTP host on disk). */
export type DashboardFileReader = (name: DashboardFileName) => Promise<string>;

// The page loads nothing but its own files and talks to nothing but its own origin; no
// other page may frame it (a framed reset button could be clicked by a trick).
const pageHeaders = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-cache",
};

/** Whether `route` (the path under `/__sandbox`) is one of the dashboard's files. */
export function isDashboardFile(route: string): route is keyof typeof dashboardFiles {
  return Object.hasOwn(dashboardFiles, route);
}

/**
 * Answers a dashboard file, with headers that keep the page to its own origin; a 404 when
 * the host serves no dashboard (MSW: see the README).
 *
 * @example
 * await answerDashboardFile(readFile, "/");
 */
export async function answerDashboardFile(
  read: DashboardFileReader | undefined,
  route: keyof typeof dashboardFiles,
): Promise<CoreResponse> {
  if (read === undefined) {
    throw new ApiError("NOT_FOUND", "This host of the sandbox serves no dashboard page.");
  }
  const file = dashboardFiles[route];
  return {
    status: 200,
    headers: { ...pageHeaders, "content-type": file.type },
    body: await read(file.name),
    code: null,
  };
}
