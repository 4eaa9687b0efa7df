/** An error answer of the control surface: its status and the envelope's code and message. */
export class ControlError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "ControlError";
    this.status = status;
    this.code = code;
  }
}

/** The control surface as the page calls it, with the admin token in a header when it has one. */
export interface ControlClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T | null>;
  /** An image's bytes as an object URL, or null when there are none (404). */
  image(path: string): Promise<string | null>;
  /** The event stream's answer, for its body to be read as it comes. */
  events(signal: AbortSignal): Promise<Response>;
}

const prefix = "/__sandbox";

async function failure(response: Response): Promise<ControlError> {
  const text = await response.text();
  try {
    const { error } = JSON.parse(text) as { error: { code: string; message: string } };
    return new ControlError(response.status, error.code, error.message);
  } catch {
    return new ControlError(response.status, "", text || response.statusText);
  }
}

/**
 * Calls `/__sandbox` on the page's own origin. The token (beyond loopback) goes in
 * `X-Sandbox-Token`, never in a URL, where logs and history would keep it.
 *
 * @example
 * const client = createControlClient(() => sessionStorage.getItem("token"));
 * await client.post("/faults", { rateLimitNext: 1 });
 */
export function createControlClient(token: () => string | null): ControlClient {
  const headers = (json: boolean): Record<string, string> => {
    const sent: Record<string, string> = {};
    const value = token();
    if (value) sent["x-sandbox-token"] = value;
    // Every POST is JSON, as the control surface requires of anything that changes state.
    if (json) sent["content-type"] = "application/json";
    return sent;
  };
  const send = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${prefix}${path}`, { cache: "no-store", ...init });
    if (!response.ok && response.status !== 404) throw await failure(response);
    return response;
  };
  return {
    async get(path) {
      const response = await send(path, { headers: headers(false) });
      if (!response.ok) throw await failure(response);
      return response.json();
    },
    async post(path, body) {
      const response = await send(path, {
        method: "POST",
        headers: headers(true),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!response.ok) throw await failure(response);
      return response.status === 204 ? null : response.json();
    },
    async image(path) {
      const response = await send(path, { headers: headers(false) });
      if (response.status === 404) return null;
      return URL.createObjectURL(await response.blob());
    },
    async events(signal) {
      return send("/events", { headers: headers(false), signal });
    },
  };
}
