/** What a baseline server sends: a status and, unless it is 204, a JSON body. */
export interface BaselineAnswer {
  status: number;
  body?: unknown;
}

/** The path both operations share, as a pattern whose group 1 is the conversation id. */
export const backgroundPathPattern = /^\/v1\/conversations\/([^/]+)\/background$/;

const invalidImageUrl = {
  error: {
    message: "image_url: must be an absolute https URL.",
    code: "INVALID_IMAGE_URL",
    type: "validation_error",
    details: [
      { field: "image_url", message: "must be an absolute https URL.", type: "url_scheme" },
    ],
  },
};

/**
 * The sandbox's answers with none of its work: the same JSON for the same request, from a
 * constant, so the baseline servers measure only HTTP (and the framework) around it.
 *
 * @example
 * answerLikeSandbox("DELETE", "conv_imessage", undefined); // { status: 204 }
 */
export function answerLikeSandbox(
  method: string,
  conversationId: string,
  body: unknown,
): BaselineAnswer {
  if (method === "DELETE") return { status: 204 };
  const imageUrl = (body as { image_url?: unknown } | null)?.image_url;
  if (typeof imageUrl !== "string" || !imageUrl.startsWith("https://")) {
    return { status: 422, body: invalidImageUrl };
  }
  return {
    status: 200,
    body: {
      conversationId,
      channel: "iMessage",
      hasBackground: true,
      changed: false,
      backgroundId: "bg_6b3cd4484d0a54a",
      backgroundVersion: 1,
    },
  };
}

/** The port from `--port N` in `argv`; 0 (any free port) when absent. */
export function portFromArgs(argv: string[]): number {
  const at = argv.indexOf("--port");
  return at === -1 ? 0 : Number(argv[at + 1] ?? 0);
}
