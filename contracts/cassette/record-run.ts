import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Cassette,
  cassetteVersion,
  type Exchange,
  kitVersion,
  type RecordedBody,
  type RecordedError,
  type RecordedTarget,
  writeCassette,
} from "./cassette.ts";
import { redactCassette } from "./redact-cassette.ts";

type Line =
  | ({ kind: "exchange"; id: string; seq: number } & Exchange)
  | ({ kind: "body"; id: string } & RecordedBody & { bodyError?: RecordedError })
  | { kind: "target"; file: string; target: RecordedTarget };

/** A recording in progress: the workers write to a private folder until {@link finish}. */
export interface RunRecording {
  /** Merges the workers' lines, redacts them, writes the cassette and removes the folder. */
  finish(secrets: string[]): void;
}

/**
 * Has the run's workers record every exchange of the target `entry` (through the setup
 * file, which reads `CONTRACT_RECORD_DIR` and `CONTRACT_RECORD_ENTRY`), for a cassette
 * written to `file` when the run ends.
 *
 * @example
 * const recording = recordRun("live", "live.cassette.json");
 * // … run the suite …
 * recording.finish([process.env.AGENTPHONE_API_KEY ?? ""]);
 */
export function recordRun(entry: string, file: string): RunRecording {
  // Private to this user (mkdtemp makes it 0700): it holds secrets until the merge.
  const dir = mkdtempSync(join(tmpdir(), "agentphone-record-"));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  // Should the run never reach finish (an error starting vitest), its secrets go anyway.
  process.once("exit", removeDir);
  process.env.CONTRACT_RECORD_DIR = dir;
  process.env.CONTRACT_RECORD_ENTRY = entry;
  return {
    finish(secrets) {
      try {
        const lines = readdirSync(dir)
          .filter((name) => name.endsWith(".jsonl"))
          .flatMap((name) => readFileSync(join(dir, name), "utf8").split("\n"))
          .filter((line) => line !== "")
          .map((line) => JSON.parse(line) as Line);
        const opened = lines
          .flatMap((line) => (line.kind === "target" ? [line] : []))
          .sort((a, b) => a.file.localeCompare(b.file));
        const target = opened[0]?.target ?? null;
        const label = target?.label;
        const bodies = new Map(
          lines.flatMap((line) => {
            if (line.kind !== "body") return [];
            const { kind: _kind, id, ...body } = line;
            return [[id, body] as const];
          }),
        );
        const exchanges = lines
          .flatMap((line) => (line.kind === "exchange" ? [line] : []))
          .sort((a, b) => a.file.localeCompare(b.file) || a.seq - b.seq)
          .map(
            ({ kind: _kind, id, seq: _seq, ...exchange }): Exchange => ({
              ...exchange,
              // The label may hold a port that changes every run: keys must not.
              test:
                label && exchange.test
                  ? exchange.test.replaceAll(label, "{target}")
                  : exchange.test,
              // A body still arriving when the run ended never ended: it stalled.
              response:
                "error" in exchange.response
                  ? exchange.response
                  : { ...exchange.response, ...(bodies.get(id) ?? { bodyStalled: true }) },
            }),
          );
        const cassette: Cassette = {
          version: cassetteVersion,
          kit: kitVersion(),
          recordedAt: new Date().toISOString(),
          target,
          exchanges,
        };
        writeCassette(file, redactCassette(cassette, secrets));
      } finally {
        process.off("exit", removeDir);
        removeDir();
        delete process.env.CONTRACT_RECORD_DIR;
        delete process.env.CONTRACT_RECORD_ENTRY;
      }
    },
  };
}
