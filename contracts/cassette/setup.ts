// The contract suite's setup file: in a run that records (`--record`) or replays (`--target
// replay`), it puts the recorder or the cassette in front of this worker's `fetch` before a
// contract file opens its target. Otherwise it only tracks which test is running.
import { afterEach, beforeEach, inject } from "vitest";
import { readCassette } from "./cassette.ts";
import { setCurrentTest } from "./current-place.ts";
import { startRecording } from "./record-fetch.ts";
import { replayFetch, takeMisses } from "./replay-fetch.ts";

beforeEach((context) => setCurrentTest(context.task.fullTestName));
afterEach(() => {
  setCurrentTest(null);
  const misses = takeMisses();
  // The request already failed; this fails its test too, should the caller have caught it.
  if (misses.length > 0) throw new Error(misses.join("\n"));
});

const target = inject("contractTarget");
const mutation = inject("contractMutation");
const entry = mutation ? `${target}:${mutation}` : target;

/** The fetch this worker replays from, once per worker: setup files run again for every file. */
const replaying = Symbol.for("agentphone.contracts.replaying");
const worker = globalThis as { [replaying]?: boolean };

const cassette = process.env.CONTRACT_CASSETTE;
if (target === "replay" && cassette && !worker[replaying]) {
  globalThis.fetch = replayFetch(readCassette(cassette));
  worker[replaying] = true;
}

const recordDir = process.env.CONTRACT_RECORD_DIR;
if (recordDir && process.env.CONTRACT_RECORD_ENTRY === entry) startRecording(recordDir, entry);
