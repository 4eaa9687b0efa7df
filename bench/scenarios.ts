import type autocannon from "autocannon";
import { httpCall } from "./http-call.ts";
import { apiKey } from "./targets.ts";

/** One kind of load: what each connection sends, and which statuses are right. */
export interface Scenario {
  name: "no-op" | "alternate" | "delete" | "422" | "mixed";
  /** One line for the table's legend. */
  what: string;
  /** Statuses that count as right answers; any other is an error. */
  expected: readonly number[];
  /** True when every connection needs a conversation of its own. */
  perConnection: boolean;
  /** The requests one connection sends, in a loop, to `conversationId`. */
  requests(conversationId: string): autocannon.Request[];
  /** Puts a fresh server in the state the scenario assumes. */
  prepare?(url: string, conversationIds: readonly string[]): Promise<void>;
}

/** A magic image's URL on the sandbox's built-in host. */
export const image = (name: string) => `https://images.sandbox.test/${name}`;

/** The path both operations share, for one conversation. */
export const backgroundPath = (conversationId: string) =>
  `/v1/conversations/${conversationId}/background`;

const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };

/** A `POST` that sets `imageUrl` (or sends it, when it is not a valid one). */
export function post(conversationId: string, imageUrl: string): autocannon.Request {
  const body = JSON.stringify({ image_url: imageUrl });
  return { method: "POST", path: backgroundPath(conversationId), headers, body };
}

/** A `DELETE` of the conversation's background. */
export function remove(conversationId: string): autocannon.Request {
  return { method: "DELETE", path: backgroundPath(conversationId), headers };
}

/** The four scenarios, in the order the table lists them. */
export const scenarios: readonly Scenario[] = [
  {
    name: "no-op",
    what: "POST forest.png again and again to one conversation that has it already (200, changed: false)",
    expected: [200],
    perConnection: false,
    requests: (id) => [post(id, image("forest.png"))],
    async prepare(url, [id = ""]) {
      const first = await httpCall(`${url}${backgroundPath(id)}`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}` },
        json: { image_url: image("forest.png") },
      });
      if (first.status !== 200) throw new Error(`the first set answered ${first.status}`);
    },
  },
  {
    name: "alternate",
    what: "forest.png then ocean.png, each connection on its own conversation: a change (and a provider upload) every request",
    expected: [200],
    perConnection: true,
    requests: (id) => [post(id, image("forest.png")), post(id, image("ocean.png"))],
  },
  {
    name: "delete",
    what: "DELETE on one conversation without a background (204, no provider call)",
    expected: [204],
    perConnection: false,
    requests: (id) => [remove(id)],
  },
  {
    name: "422",
    what: 'POST {"image_url": "http://x"}: refused by the body check (422 INVALID_IMAGE_URL)',
    expected: [422],
    perConnection: false,
    requests: (id) => [post(id, "http://x")],
  },
];

/**
 * The soak's mix, each connection on its own conversation: set, the same again (no-op),
 * change, remove, and a refused body, so the journal and the provider log both grow.
 */
export const mixedScenario: Scenario = {
  name: "mixed",
  what: "forest.png, forest.png again, ocean.png, DELETE, a refused body, on each connection's own conversation",
  expected: [200, 204, 422],
  perConnection: true,
  requests: (id) => [
    post(id, image("forest.png")),
    post(id, image("forest.png")),
    post(id, image("ocean.png")),
    remove(id),
    post(id, "http://x"),
  ],
};
