import type { JournalEntry } from "../../core/http/journal.ts";
import type { ProviderLogEntry } from "../../core/provider/recording-provider.ts";
import { h } from "./dom.ts";

/** What the logs are filtered by: a conversation id or "", and a class of status or "". */
export interface LogFilter {
  conversation: string;
  status: "" | "2xx" | "4xx" | "5xx" | "none";
}

/** How many rows each table shows at most, newest first. */
const shown = 200;

const conversationOf = (path: string) => /^\/v1\/conversations\/([^/]+)\//.exec(path)?.[1] ?? "";

function statusClass(status: number): LogFilter["status"] {
  if (status === 0) return "none";
  return `${Math.floor(status / 100)}xx` as LogFilter["status"];
}

function table(caption: string, heads: string[], rows: HTMLElement[], total: number) {
  return h(
    "table",
    {},
    h(
      "caption",
      {},
      caption,
      " ",
      h(
        "span",
        { class: "count" },
        rows.length < total ? `(newest ${rows.length} of ${total})` : `(${total})`,
      ),
    ),
    h("thead", {}, h("tr", {}, ...heads.map((head) => h("th", { scope: "col" }, head)))),
    h("tbody", {}, ...rows),
  );
}

const time = (at: string) => h("time", { datetime: at }, new Date(at).toLocaleTimeString());

/** The request journal, newest first, as the filter leaves it. */
export function renderJournal(entries: JournalEntry[], filter: LogFilter): HTMLElement {
  const kept = entries.filter(
    (entry) =>
      (filter.conversation === "" || conversationOf(entry.path) === filter.conversation) &&
      (filter.status === "" || statusClass(entry.status) === filter.status),
  );
  const rows = kept
    .slice(-shown)
    .reverse()
    .map((entry) =>
      h(
        "tr",
        { class: `status-${statusClass(entry.status)}` },
        h("td", {}, time(entry.at)),
        h("td", {}, entry.method),
        h("td", {}, h("code", {}, entry.path)),
        h("td", {}, entry.status === 0 ? "none" : String(entry.status)),
        h("td", {}, entry.code ?? ""),
        h("td", {}, entry.fault ?? ""),
        h("td", {}, entry.imageUrl ?? ""),
      ),
    );
  return table(
    "Request journal",
    ["Time", "Method", "Path", "Status", "Code", "Fault", "Image URL"],
    rows,
    kept.length,
  );
}

/** The provider log, newest first, as the filter leaves it (2xx: accepted, 5xx: failed). */
export function renderProviderLog(entries: ProviderLogEntry[], filter: LogFilter): HTMLElement {
  const kept = entries.filter(
    (entry) =>
      (filter.conversation === "" || entry.conversationId === filter.conversation) &&
      (filter.status === "" ||
        (filter.status === "2xx" && entry.ok) ||
        (filter.status === "5xx" && !entry.ok)),
  );
  const rows = kept
    .slice(-shown)
    .reverse()
    .map((entry) =>
      h(
        "tr",
        { class: entry.ok ? "status-2xx" : "status-5xx" },
        h("td", {}, time(entry.at)),
        h("td", {}, entry.action),
        h("td", {}, h("code", {}, entry.conversationId)),
        h(
          "td",
          {},
          entry.action === "upload"
            ? `${entry.contentType}, ${entry.size} bytes, ${entry.sha256.slice(0, 12)}…`
            : "",
        ),
        h(
          "td",
          {},
          entry.ok
            ? entry.superseded
              ? "accepted, superseded"
              : "accepted"
            : `failed: ${entry.error ?? ""}`,
        ),
        h("td", {}, entry.recipientSeesDefault ? "sees the default" : ""),
      ),
    );
  return table(
    "Provider log",
    ["Time", "Action", "Conversation", "File", "Outcome", "Recipient"],
    rows,
    kept.length,
  );
}
