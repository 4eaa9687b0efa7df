import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { type SpawnedSandbox, spawnSandbox } from "../../contracts/spawn-sandbox.ts";
import type { ProviderLogEntry } from "../../mock/core/provider/recording-provider.ts";
import type { Conversation } from "../../mock/core/store/records.ts";
import { useRedisServer } from "../support/redis-server.ts";

// Several sandbox processes (the command line, as a team runs it) on one real Redis.
const redis = useRedisServer();
const alice = { authorization: "Bearer sk_sandbox_alice" };
const path = "/v1/conversations/conv_imessage/background";
// Five different images, so that most writers change the background.
const images = ["forest.png", "ocean.png", "photo.jpg", "photo.webp", "photo.heic"];

const running: SpawnedSandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sandbox) => sandbox.stop("SIGKILL")));
});

async function start(url: string, prefix: string): Promise<SpawnedSandbox> {
  const sandbox = await spawnSandbox(
    ["--port", "0", "--log-level", "warn", "--store", url, "--store-prefix", prefix],
    30_000,
  );
  running.push(sandbox);
  return sandbox;
}

const freshPrefix = () => `shared-${randomBytes(5).toString("hex")}`;

interface SetAnswer {
  status: number;
  changed?: boolean;
  version?: number;
  backgroundId?: string;
  code?: string;
}

async function setBackground(base: string, image: string): Promise<SetAnswer> {
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { ...alice, "content-type": "application/json" },
    body: JSON.stringify({ image_url: `https://images.sandbox.test/${image}` }),
  });
  const body = (await response.json()) as {
    changed?: boolean;
    backgroundVersion?: number;
    backgroundId?: string;
    error?: { code?: string };
  };
  return {
    status: response.status,
    ...(body.changed === undefined ? {} : { changed: body.changed }),
    ...(body.backgroundVersion === undefined ? {} : { version: body.backgroundVersion }),
    ...(body.backgroundId === undefined ? {} : { backgroundId: body.backgroundId }),
    ...(body.error?.code === undefined ? {} : { code: body.error.code }),
  };
}

async function conversation(base: string, id = "conv_imessage"): Promise<Conversation> {
  const state = (await (await fetch(`${base}/__sandbox/state`)).json()) as {
    accounts: Array<{ conversations: Conversation[] }>;
  };
  const found = state.accounts.flatMap((a) => a.conversations).find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} in the state`);
  return found;
}

async function providerLog(base: string): Promise<ProviderLogEntry[]> {
  return (
    (await (await fetch(`${base}/__sandbox/provider`)).json()) as { entries: ProviderLogEntry[] }
  ).entries;
}

/** The history's versions are 1..N with none missing or twice, and N is the version now. */
function expectGapless(current: Conversation): void {
  const versions = current.history.map((entry) => entry.version).sort((a, b) => a - b);
  expect(versions).toEqual(Array.from({ length: current.version }, (_, i) => i + 1));
}

describe("sandbox processes sharing one Redis", () => {
  it("60 concurrent writers over 3 processes: gapless versions, one upload per change, one shared log", async (ctx) => {
    const { url } = redis(ctx);
    const prefix = freshPrefix();
    const sandboxes = await Promise.all([1, 2, 3].map(() => start(url, prefix)));
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        setBackground(sandboxes[i % 3]?.url ?? "", images[i % images.length] ?? ""),
      ),
    );

    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    const changes = answers.filter((a) => a.changed);
    // Every change has a version of its own, and together they are 1..N.
    const versions = changes.map((a) => a.version ?? 0).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: changes.length }, (_, i) => i + 1));
    expect(changes.length).toBeGreaterThan(1);

    // Every process sees the same conversation: the last change, and its whole history.
    const seen = await Promise.all(sandboxes.map((s) => conversation(s.url)));
    for (const current of seen) {
      expect(current.version).toBe(changes.length);
      expectGapless(current);
    }
    const byVersion = new Map(seen[0]?.history.map((entry) => [entry.version, entry]));
    for (const change of changes) {
      expect(byVersion.get(change.version ?? 0)?.backgroundId).toBe(change.backgroundId);
    }

    // One provider upload per change, no more: none superseded, none made for a no-op.
    const logs = await Promise.all(sandboxes.map((s) => providerLog(s.url)));
    expect(logs[1]).toEqual(logs[0]);
    expect(logs[2]).toEqual(logs[0]);
    const uploads = (logs[0] ?? []).filter((e) => e.action === "upload");
    expect(uploads.filter((e) => e.ok && !e.superseded)).toHaveLength(changes.length);
    expect(uploads).toHaveLength(changes.length);
  });

  it("one process killed with SIGKILL under load: no acknowledged change lost, no version skipped or twice", async (ctx) => {
    const { url } = redis(ctx);
    const prefix = freshPrefix();
    const sandboxes = await Promise.all([1, 2, 3].map(() => start(url, prefix)));
    const victim = sandboxes[2];
    if (!victim) throw new Error("no third sandbox");
    let answered = 0;
    let unanswered = 0;
    // A writer sends to its process; when that one is gone (the connection fails), it sends
    // the same request to the next, as a load balancer would.
    const writer = async (i: number): Promise<SetAnswer> => {
      const image = images[i % images.length] ?? "";
      for (let hop = 0; hop < 3; hop++) {
        const target = sandboxes[(i + hop) % 3];
        try {
          const answer = await setBackground(target?.url ?? "", image);
          answered += 1;
          if (answered === 20) victim.child.kill("SIGKILL");
          return answer;
        } catch {
          unanswered += 1;
        }
      }
      throw new Error(`writer ${i} found no sandbox`);
    };
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => writer(i)));
    await victim.stop();

    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    const survivors = sandboxes.slice(0, 2);
    const current = await conversation(survivors[0]?.url ?? "");
    expectGapless(current);
    // Every change a client was told of is in the history, at its version, with its id.
    const byVersion = new Map(current.history.map((entry) => [entry.version, entry]));
    const changes = answers.filter((a) => a.changed);
    expect(new Set(changes.map((a) => a.version)).size).toBe(changes.length);
    for (const change of changes) {
      expect(byVersion.get(change.version ?? 0)?.backgroundId).toBe(change.backgroundId);
    }
    // A change the killed process committed without answering is in the history too; the
    // only uploads beyond the committed versions are ones it made and never got to commit.
    const uploads = (await providerLog(survivors[1]?.url ?? "")).filter(
      (e) => e.action === "upload" && e.ok && !e.superseded,
    );
    expect(uploads.length).toBeGreaterThanOrEqual(current.version);
    expect(uploads.length).toBeLessThanOrEqual(current.version + unanswered);
  });

  it("a restarted process answers with the state it had, bytes included", async (ctx) => {
    const { url } = redis(ctx);
    const prefix = freshPrefix();
    const first = await start(url, prefix);
    const set = await setBackground(first.url, "ocean.png");
    expect(set).toMatchObject({ status: 200, changed: true, version: 1 });
    expect(await first.stop("SIGTERM")).toBe(0);

    const again = await start(url, prefix);
    expect(again.output()).toContain("kept from before");
    const current = await conversation(again.url);
    expect(current).toMatchObject({ version: 1, background: { id: set.backgroundId } });
    const bytes = await fetch(`${again.url}/__sandbox/conversations/conv_imessage/background`);
    expect(bytes.status).toBe(200);
    expect(bytes.headers.get("content-type")).toBe("image/png");
    // Sending the same image again is a no-op: the restarted process knows it is current.
    expect(await setBackground(again.url, "ocean.png")).toMatchObject({
      changed: false,
      version: 1,
    });
  });

  it("a reset through one process is seen by the others, and a fault armed through one strikes the next call on another", async (ctx) => {
    const { url } = redis(ctx);
    const prefix = freshPrefix();
    const [one, two] = await Promise.all([start(url, prefix), start(url, prefix)]);
    if (!one || !two) throw new Error("sandboxes missing");
    await setBackground(one.url, "forest.png");
    expect((await conversation(two.url)).version).toBe(1);

    const reset = await fetch(`${one.url}/__sandbox/reset`, {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    expect(reset.status).toBe(204);
    expect(await conversation(two.url)).toMatchObject({ version: 0, background: null });
    const journal = (await (await fetch(`${two.url}/__sandbox/requests`)).json()) as {
      entries: unknown[];
    };
    expect(journal.entries).toEqual([]);

    const armed = await fetch(`${one.url}/__sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ serverErrorNext: 1 }),
    });
    expect(armed.status).toBe(200);
    expect(await setBackground(two.url, "forest.png")).toMatchObject({
      status: 503,
      code: "SERVICE_UNAVAILABLE",
    });
    expect(await setBackground(one.url, "forest.png")).toMatchObject({
      status: 200,
      changed: true,
    });
  });
});
