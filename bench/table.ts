/** A cell: text, or a number printed as given. */
export type Cell = string | number;

/**
 * Renders rows as a plain-text table with a header and a rule; columns of figures (every
 * cell a number, a ratio, a percentage, a range or `—`, with no words) are right-aligned.
 *
 * @example
 * renderTable(["server", "req/s"], [["sandbox", 5210]]);
 */
export function renderTable(header: readonly string[], rows: readonly Cell[][]): string {
  const text = rows.map((row) => header.map((_, i) => String(row[i] ?? "")));
  const widths = header.map((h, i) =>
    Math.max(h.length, ...text.map((row) => row[i]?.length ?? 0)),
  );
  const numeric = header.map((_, i) =>
    text.every((row) => /^([-+]?\d|—|$)/.test(row[i] ?? "") && !/[a-z]/i.test(row[i] ?? "")),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...text.map(line)].join("\n");
}
