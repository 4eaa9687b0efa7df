import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Cassette, Exchange, RecordedResponse } from "../../contracts/cassette/cassette.ts";
import { type ContractReport, runContracts } from "./run-contracts.ts";

let dir: string;
let recorded: { code: number | null; output: string; report: ContractReport | undefined };

const file = (name: string) => join(dir, name);
const readCassette = async (name: string) =>
  JSON.parse(await readFile(file(name), "utf8")) as Cassette;

// The files mostly wait (the SDK's back-off, download deadlines, stalls): a third worker
// overlaps the waits even on two cores.
const workers = { VITEST_MAX_WORKERS: "3" };

// Part of the suite, for time: plain calls of every status, versions, refusals and the SDK's
// retries. How a cassette keeps a body cut short or stalled, test/contracts/cassette/ shows.
const files = ["statuses", "set-background", "conversations", "retries"].flatMap((name) => [
  "--only",
  `contracts/${name}.test`,
]);

/** A report with its one target renamed, so a replay's compares with the recorded run's. */
function verdicts(report: ContractReport | undefined, target: string): string {
  return JSON.stringify(report).replaceAll(`"${target}"`, '"TARGET"');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "record-replay-"));
  // The fake: a sandbox per file, in the recording process only, with its control calls.
  recorded = await runContracts(
    ["--target", "fake", "--record", file("recorded.json"), ...files],
    workers,
  );
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("recording a run", () => {
  it("writes every exchange, control calls included, with no secret or id of the account left", async () => {
    expect(recorded.report, recorded.output.slice(-3000)).toBeDefined();
    const text = await readFile(file("recorded.json"), "utf8");
    const cassette = JSON.parse(text) as Cassette;
    expect(cassette).toMatchObject({ version: 1, target: { name: "fake", apiKey: "secret_1" } });
    const paths = cassette.exchanges.map((exchange) => exchange.request.path);
    expect(paths).toContain("/__sandbox/conversations");
    expect(paths.filter((path) => path.startsWith("/v1/")).length).toBeGreaterThan(40);
    for (const secret of ["sk_sandbox_alice", "sk_sandbox_bob", "acct_alice", "acct_bob"]) {
      expect(text, secret).not.toContain(secret);
    }
    // The ids the sandbox made (conv_ + 12 hex, bg_ + 15 hex) are all placeholders now.
    const ids = text.match(/\b(conv_[0-9a-f]{12}|bg_[0-9a-f]{15})\b/g) ?? [];
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id) => !/_0+[1-9]\d*$/.test(id))).toEqual([]);
  });
});

describe("replaying a recording", () => {
  it("gives the recorded run's verdicts offline, and a recording of the replay diffs clean", async () => {
    // The recording's sandboxes are gone with its process: the replay has only its cassette.
    const replayed = await runContracts(
      [
        "--target",
        "replay",
        "--cassette",
        file("recorded.json"),
        "--record",
        file("replayed.json"),
        ...files,
      ],
      workers,
    );
    expect(replayed.output).not.toContain("not in the cassette");
    expect(verdicts(replayed.report, "replay")).toBe(verdicts(recorded.report, "fake"));
    expect(replayed.code).toBe(recorded.code);

    const diff = await runContracts(["--diff", file("recorded.json"), file("replayed.json")]);
    expect(diff.output).toContain("agree");
    expect(diff.code).toBe(0);
  }, 120_000);
});

describe("diffing two recordings", () => {
  it("names each change on a line of its own and exits 1", async () => {
    const cassette = await readCassette("recorded.json");
    type Answered = Exchange & { response: RecordedResponse };
    const answered = cassette.exchanges.filter(
      (e): e is Answered =>
        e.request.path.startsWith("/v1/") &&
        !("error" in e.response) &&
        JSON.stringify(e.request.body ?? "").length <= 60,
    );
    const code = (e: Answered) => (e.response.body as { error?: { code?: string } })?.error?.code;
    const refused = answered.find((e) => e.response.status === 422) as Answered;
    const notFound = answered.find((e) => code(e) === "CONVERSATION_NOT_FOUND") as Answered;
    const unauthenticated = answered.find((e) => "www-authenticate" in e.response.headers);
    if (!refused || !notFound || !unauthenticated) throw new Error("the recording lacks a case");
    refused.response.status = 400;
    (notFound.response.body as { error: { code: string } }).error.code = "NOT_FOUND";
    delete unauthenticated.response.headers["www-authenticate"];
    await writeFile(file("changed.json"), JSON.stringify(cassette));

    const { code: exit, output } = await runContracts([
      "--diff",
      file("recorded.json"),
      file("changed.json"),
    ]);
    // How the diff names a request: its test, method, path (any conversation) and body.
    const line = (e: Exchange, change: string) =>
      `test "${e.file} › ${e.test}": ${e.request.method} ${e.request.path.replace(/(\/conversations\/)[^/]+/, "$1{id}")}${"body" in e.request ? ` ${JSON.stringify(e.request.body)}` : ""}: ${change}`;
    const lines = output.split("\n");
    expect(lines).toContain(line(refused, "status 422 → 400"));
    expect(lines).toContain(line(notFound, "error code CONVERSATION_NOT_FOUND → NOT_FOUND"));
    expect(lines).toContain(line(unauthenticated, "header www-authenticate removed"));
    expect(output).toContain("3 differences from");
    expect(exit).toBe(1);
  });
});
