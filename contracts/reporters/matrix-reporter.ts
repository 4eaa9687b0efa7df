import { writeFileSync } from "node:fs";
import type { Reporter, TestModule } from "vitest/node";
import { errorCodes } from "../../mock/core/errors/error-codes.ts";
import { documentedErrorCodes } from "../documented.ts";
import type { SdkOutcome } from "../sdk-outcome.ts";

type Cell = { state: "pass" | "fail" | "skip"; note?: string | undefined };

/**
 * What the public documents leave open (API-FACTS.md's "Unknowns", one question each), in
 * the words the tests observe it. The codes beyond the documented ones are collected from
 * every answer.
 */
const unknowns: Array<{ question: string; keys: string[] }> = [
  {
    question: "Is 'the same background' the same URL or the same bytes?",
    keys: ["same URL again", "same bytes, other URL"],
  },
  {
    question: "How does backgroundVersion count, and when is it null?",
    keys: ["versions", "null version"],
  },
  {
    question: "Which status (and code) does a non-iMessage conversation get?",
    keys: ["non-iMessage conversation"],
  },
  {
    question: "Which error body shape does it send for 401/403, 404 and 422?",
    keys: ["401 body", "403 body", "404 body", "422 body"],
  },
  { question: "Does it accept an Idempotency-Key header?", keys: ["Idempotency-Key"] },
  { question: "Does a request without a key get 401 or 403, with which body?", keys: ["no key"] },
  {
    question: "Is a set on an SMS conversation refused, or accepted and dropped?",
    keys: ["non-iMessage conversation"],
  },
];

/** Where a code seen comes from: the guide, the sandbox's table, or neither. */
function codeOrigin(code: string): string {
  if ((documentedErrorCodes as readonly string[]).includes(code)) return "documented";
  if (Object.hasOwn(errorCodes, code)) return "the sandbox's";
  return "known to neither";
}

/**
 * Prints a matrix of test × target (pass, skip with its reason, FAIL), then what each
 * target showed about the API's unknowns.
 */
export default class MatrixReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const targets: string[] = [];
    const rows = new Map<string, Map<string, Cell>>();
    const seen = new Map<string, Map<string, Set<string>>>();
    const sdkOutcomes: Array<SdkOutcome & { target: string }> = [];
    const differences = new Map<string, Set<string>>();
    const codes = new Map<string, Set<string>>();
    const add = (map: Map<string, Set<string>>, key: string, values: string[]) => {
      if (!map.has(key)) map.set(key, new Set());
      for (const value of values) map.get(key)?.add(value);
    };
    for (const module of testModules) {
      const target = module.project.name.replace(/^contracts:/, "");
      if (!targets.includes(target)) targets.push(target);
      for (const test of module.children.allTests()) {
        const result = test.result();
        const cell: Cell =
          result.state === "passed"
            ? { state: "pass" }
            : result.state === "skipped"
              ? { state: "skip", note: result.note }
              : { state: "fail" };
        const name = `${module.moduleId.split("/").pop()?.replace(".test.ts", "")} › ${test.name}`;
        if (!rows.has(name)) rows.set(name, new Map());
        rows.get(name)?.set(target, cell);
        add(differences, target, test.meta().differences ?? []);
        add(codes, target, test.meta().codes ?? []);
        const sdkOutcome = test.meta().sdkOutcome;
        if (sdkOutcome) sdkOutcomes.push({ ...sdkOutcome, target });
        for (const [key, value] of Object.entries(test.meta().observations ?? {})) {
          if (!seen.has(target)) seen.set(target, new Map());
          const byKey = seen.get(target) as Map<string, Set<string>>;
          if (!byKey.has(key)) byKey.set(key, new Set());
          byKey.get(key)?.add(value);
        }
      }
    }

    if (process.env.CONTRACT_REPORT_JSON) {
      const json = {
        targets,
        tests: Object.fromEntries(
          [...rows].map(([name, cells]) => [name, Object.fromEntries(cells)]),
        ),
        observations: Object.fromEntries(
          [...seen].map(([target, byKey]) => [
            target,
            Object.fromEntries([...byKey].map(([key, values]) => [key, [...values]])),
          ]),
        ),
        differences: Object.fromEntries(
          [...differences].map(([target, values]) => [target, [...values].sort()]),
        ),
        codes: Object.fromEntries(
          [...codes].map(([target, values]) => [target, [...values].sort()]),
        ),
      };
      writeFileSync(process.env.CONTRACT_REPORT_JSON, `${JSON.stringify(json, null, 2)}\n`);
    }

    const out: string[] = ["", "Contract matrix", ""];
    const width = Math.min(100, Math.max(...[...rows.keys()].map((name) => name.length)));
    out.push(`${"test".padEnd(width)}  ${targets.map((t) => t.padEnd(8)).join("  ")}`);
    const reasons: string[] = [];
    for (const [name, cells] of rows) {
      const shown = targets.map((target) => {
        const cell = cells.get(target);
        if (!cell) return "-".padEnd(8);
        if (cell.state !== "skip") return (cell.state === "fail" ? "FAIL" : "pass").padEnd(8);
        const reason = cell.note ?? "no reason given";
        if (!reasons.includes(reason)) reasons.push(reason);
        return `skip[${reasons.indexOf(reason) + 1}]`.padEnd(8);
      });
      out.push(`${name.slice(0, width).padEnd(width)}  ${shown.join("  ")}`);
    }
    if (reasons.length > 0) {
      out.push("", "Skipped because:");
      for (const [i, reason] of reasons.entries()) out.push(`  [${i + 1}] ${reason}`);
    }

    out.push("", "What each target showed about what the public documents leave open", "");
    for (const { question, keys } of unknowns) {
      out.push(question);
      for (const target of targets) {
        const answers = keys.flatMap((key) => {
          const values = seen.get(target)?.get(key);
          return values ? [`${key}: ${[...values].join(" / ")}`] : [];
        });
        out.push(
          `  ${target.padEnd(8)} ${answers.length > 0 ? answers.join("; ") : "not observed"}`,
        );
      }
    }
    out.push("Which error codes does it send beyond the documented ones?");
    for (const target of targets) {
      const sent = [...(codes.get(target) ?? [])].sort();
      const described = sent.map((code) => `${code} (${codeOrigin(code)})`).join(", ");
      out.push(`  ${target.padEnd(8)} ${sent.length > 0 ? described : "not observed"}`);
    }

    out.push("", "Where each target differs from the sandbox, as the documents allow", "");
    for (const target of targets) {
      const listed = [...(differences.get(target) ?? [])].sort();
      out.push(`${target}: ${listed.length === 0 ? "no difference seen" : ""}`.trimEnd());
      for (const difference of listed) out.push(`  - ${difference}`);
    }
    if (sdkOutcomes.length > 0) out.push(...sdkTable(sdkOutcomes));
    out.push("");
    process.stdout.write(out.join("\n"));
  }
}

/** The official SDK's outcome for each network fault, a row per fault and target. */
function sdkTable(rows: Array<SdkOutcome & { target: string }>): string[] {
  const header = ["fault", "target", "SDK outcome", "attempts", "versions added"];
  const cells = rows
    .sort((a, b) => a.fault.localeCompare(b.fault) || a.target.localeCompare(b.target))
    .map((row) => [
      row.fault,
      row.target,
      row.outcome,
      String(row.attempts),
      `+${row.versionsAdded}`,
    ]);
  const widths = header.map((title, i) =>
    Math.min(90, Math.max(title.length, ...cells.map((cell) => cell[i]?.length ?? 0))),
  );
  const line = (cell: string[]) =>
    cell
      .map((text, i) => text.slice(0, widths[i]).padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [
    "",
    "What the official SDK does with each network fault",
    "",
    line(header),
    ...cells.map(line),
  ];
}
