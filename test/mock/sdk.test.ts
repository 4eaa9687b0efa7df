import { AgentPhone, AgentPhoneClient, AgentPhoneError } from "agentphone";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "../../mock/server.ts";

let sandbox: RunningSandbox;
let client: AgentPhoneClient;
const image = (name: string) => `https://images.sandbox.test/${name}`;

beforeAll(async () => {
  sandbox = await createSandbox({ port: 0, logLevel: "silent" });
  client = new AgentPhoneClient({ token: "sk_sandbox_alice", baseUrl: sandbox.url, maxRetries: 0 });
});

afterAll(async () => {
  await sandbox?.close();
});

async function failure(call: Promise<unknown>): Promise<AgentPhoneError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AgentPhoneError);
  return error as AgentPhoneError;
}

describe("the official SDK against the sandbox", () => {
  it("sets, repeats, replaces and removes a background", async () => {
    const { conversations } = client;
    const first = await conversations.setChatBackground({
      conversation_id: "conv_imessage",
      image_url: image("forest.png"),
    });
    expect(first).toMatchObject({
      conversationId: "conv_imessage",
      channel: "iMessage",
      changed: true,
      backgroundVersion: 1,
    });
    const again = await conversations.setChatBackground({
      conversation_id: "conv_imessage",
      image_url: image("forest.png"),
    });
    expect(again).toMatchObject({
      changed: false,
      backgroundVersion: 1,
      backgroundId: first.backgroundId,
    });
    const ocean = await conversations.setChatBackground({
      conversation_id: "conv_imessage",
      image_url: image("ocean.png"),
    });
    expect(ocean).toMatchObject({ changed: true, backgroundVersion: 2 });
    expect(ocean.backgroundId).not.toBe(first.backgroundId);
    await expect(
      conversations.removeChatBackground({ conversation_id: "conv_imessage" }),
    ).resolves.toBeUndefined();
    await expect(
      conversations.removeChatBackground({ conversation_id: "conv_imessage" }),
    ).resolves.toBeUndefined();
  });

  const errors = [
    {
      given: "an SMS conversation",
      id: "conv_sms",
      name: "forest.png",
      status: 400,
      code: "CHANNEL_NOT_SUPPORTED",
    },
    {
      given: "another account's conversation",
      id: "conv_bob",
      name: "forest.png",
      status: 404,
      code: "CONVERSATION_NOT_FOUND",
    },
    {
      given: "an image over 10 MiB",
      id: "conv_imessage",
      name: "too-large.png",
      status: 422,
      code: "IMAGE_TOO_LARGE",
    },
    {
      given: "a BMP",
      id: "conv_imessage",
      name: "bitmap.bmp",
      status: 422,
      code: "UNSUPPORTED_IMAGE_TYPE",
    },
    {
      given: "text named .png",
      id: "conv_imessage",
      name: "not-an-image.png",
      status: 422,
      code: "UNSUPPORTED_IMAGE_TYPE",
    },
  ];
  for (const { given, id, name, status, code } of errors) {
    it(`throws the SDK's error for ${status} on ${given}`, async () => {
      const error = await failure(
        client.conversations.setChatBackground({ conversation_id: id, image_url: image(name) }),
      );
      expect(error.statusCode).toBe(status);
      expect(error.body).toMatchObject({ error: { code } });
      expect(error instanceof AgentPhone.UnprocessableEntityError).toBe(status === 422);
    });
  }

  it("throws a 401 for a bad key", async () => {
    const stranger = new AgentPhoneClient({
      token: "sk_wrong",
      baseUrl: sandbox.url,
      maxRetries: 0,
    });
    const error = await failure(
      stranger.conversations.removeChatBackground({ conversation_id: "conv_imessage" }),
    );
    expect(error.statusCode).toBe(401);
  });
});
