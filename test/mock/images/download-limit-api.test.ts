import request from "supertest";
import { describe, expect, it } from "vitest";
import { buildSandbox } from "../../../mock/build-sandbox.ts";
import { conversationIn } from "../../support/conversation-in.ts";
import { countingResolver, heldTransport, settle } from "./held-transport.ts";

const auth = { authorization: "Bearer sk_sandbox_alice" };
const path = (conversation: string) => `/v1/conversations/${conversation}/background`;

describe("the API with every image download slot taken", () => {
  it("answers 503 SERVICE_UNAVAILABLE in the envelope, with Retry-After, and changes nothing", async () => {
    const held = heldTransport();
    const resolve = countingResolver();
    const { app, store } = buildSandbox({
      logLevel: "silent",
      maxImageDownloads: 1,
      imageResolver: resolve,
      imageTransport: held.transport,
    });
    // `then` sends a request; supertest sends nothing until it is called.
    const send = (conversation: string, name: string) =>
      request(app)
        .post(path(conversation))
        .set(auth)
        .send({ image_url: `https://images.example.com/${name}` })
        .then((response) => response);

    const holding = send("conv_imessage", "holding.png");
    await held.dialled(1);
    const waiting = send("conv_imessage_group", "waiting.png");
    await resolve.asked(2);
    await settle();

    const refused = await send("conv_imessage_ios17", "refused.png");
    expect(refused.status).toBe(503);
    expect(refused.headers["retry-after"]).toBe("1");
    expect(refused.body).toEqual({
      error: {
        message:
          "The sandbox is downloading as many images as it allows (1) and 1 more are waiting; retry the request.",
        code: "SERVICE_UNAVAILABLE",
        type: "api_error",
        details: [],
      },
    });
    expect((await conversationIn(store, "conv_imessage_ios17"))?.version).toBe(0);

    held.answer(0);
    expect((await holding).status).toBe(200);
    await held.dialled(2);
    held.answer(1);
    expect((await waiting).status).toBe(200);
    expect(held.dials.map((dial) => dial.path)).toEqual(["/holding.png", "/waiting.png"]);
  });
});
