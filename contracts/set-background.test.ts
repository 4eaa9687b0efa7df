import { afterAll, describe, expect, it } from "vitest";
import type { SetChatBackgroundResponse } from "../openapi/schema.ts";
import { removeBackground, setBackground } from "./call.ts";
import { needs, observe } from "./needs.ts";
import { openTarget } from "./open-target.ts";

const target = await openTarget();
afterAll(() => target.close());

const answer = (body: unknown) => body as SetChatBackgroundResponse;

describe(`setting a background (${target.label})`, () => {
  it("answers a valid set with 200 and a body the spec allows", async (ctx) => {
    needs(ctx, target, "writes");
    const conversationId = await target.conversation();
    const response = await setBackground(target, {
      conversationId,
      body: { image_url: target.images.a },
    });
    expect(response.status).toBe(200);
    expect(answer(response.body)).toMatchObject({ hasBackground: true });
  });

  it("counts versions through set, repeat, replace, remove, remove again and set again", async (ctx) => {
    needs(ctx, target, "stateful", "writes");
    const conversationId = await target.conversation();
    const set = async (image_url: string) => {
      const response = await setBackground(target, { conversationId, body: { image_url } });
      expect(response.status, `set ${image_url}`).toBe(200);
      return answer(response.body);
    };
    const remove = async () => (await removeBackground(target, { conversationId })).status;

    // Start from no background, whatever the conversation had.
    expect(await remove()).toBe(204);
    const first = await set(target.images.a);
    expect(first).toMatchObject({ conversationId, hasBackground: true, changed: true });
    expect(first.backgroundId).toEqual(expect.any(String));
    expect(first.backgroundVersion).toEqual(expect.any(Number));
    const start = first.backgroundVersion as number;

    const again = await set(target.images.a);
    observe(
      ctx,
      "same URL again",
      again.changed ? "changed: true (a new version)" : "changed: false (a no-op)",
    );
    expect(again, "the same image again is a no-op").toMatchObject({
      changed: false,
      backgroundId: first.backgroundId,
      backgroundVersion: start,
    });

    const other = await set(target.images.b);
    expect(other, "a different image is a change").toMatchObject({
      changed: true,
      backgroundVersion: start + 1,
    });
    expect(other.backgroundId).not.toBe(first.backgroundId);

    expect(await remove()).toBe(204);
    expect(await remove(), "removing nothing is still 204").toBe(204);

    const after = await set(target.images.a);
    observe(
      ctx,
      "versions",
      `set ${start}, replace ${other.backgroundVersion}, remove, remove again, set ${after.backgroundVersion}: ` +
        (after.backgroundVersion === start + 3
          ? "a removal counts as one version"
          : "a removal does not count"),
    );
    const answers = [first, again, other, after];
    const nulls = answers.filter((a) => a.backgroundVersion === null).length;
    observe(
      ctx,
      "null version",
      nulls === 0
        ? `never null (${answers.length} set answers)`
        : `null in ${nulls} of ${answers.length} set answers`,
    );
    expect(after, "a removal counts as one version, a no-op removal as none").toMatchObject({
      changed: true,
      backgroundVersion: start + 3,
    });
  });

  it("treats the same bytes from another URL as the same background", async (ctx) => {
    needs(ctx, target, "stateful", "writes");
    const sameAsA = target.images.sameAsA;
    if (sameAsA === undefined)
      ctx.skip(`${target.name} has no copy of image A: set CONTRACT_IMAGE_URL_A_COPY`);
    const conversationId = await target.conversation();
    await removeBackground(target, { conversationId });
    const first = answer(
      (await setBackground(target, { conversationId, body: { image_url: target.images.a } })).body,
    );
    const copy = answer(
      (await setBackground(target, { conversationId, body: { image_url: sameAsA } })).body,
    );
    observe(
      ctx,
      "same bytes, other URL",
      copy.changed
        ? "changed: true (identity is the URL)"
        : "changed: false (identity is the bytes)",
    );
    expect(copy).toMatchObject({
      changed: false,
      backgroundId: first.backgroundId,
      backgroundVersion: first.backgroundVersion,
    });
  });

  it("says what an Idempotency-Key does: the sandbox ignores it, as nothing documents one", async (ctx) => {
    needs(ctx, target, "stateful", "writes");
    const conversationId = await target.conversation();
    await removeBackground(target, { conversationId });
    const key = `contract-${Date.now()}`;
    const first = await setBackground(target, {
      conversationId,
      body: { image_url: target.images.a },
      headers: { "idempotency-key": key },
    });
    const second = await setBackground(target, {
      conversationId,
      body: { image_url: target.images.b },
      headers: { "idempotency-key": key },
    });
    expect(first.status).toBe(200);
    const a = answer(first.body);
    const b = second.status === 200 ? answer(second.body) : undefined;
    const seen =
      b === undefined
        ? `refused a reused key with another body (${second.status})`
        : b.backgroundId === a.backgroundId
          ? "honoured: the reused key replayed the first answer"
          : "ignored: the reused key with another image made a change";
    observe(ctx, "Idempotency-Key", seen);
    if (target.profile === "sandbox") {
      expect(b, "the sandbox ignores Idempotency-Key").toMatchObject({
        changed: true,
        backgroundVersion: (a.backgroundVersion ?? 0) + 1,
      });
    }
  });

  it("removes with 204 and no body", async (ctx) => {
    needs(ctx, target, "writes");
    const conversationId = await target.conversation();
    const response = await removeBackground(target, { conversationId });
    expect([response.status, response.text]).toEqual([204, ""]);
  });
});
