import type { LogPage, StatePage } from "../../core/http/control.ts";
import type { StreamEvent } from "../../core/http/event-stream.ts";
import type { JournalEntry } from "../../core/http/journal.ts";
import type { ProviderLogEntry } from "../../core/provider/recording-provider.ts";
import type { FaultSettings } from "../../core/sandbox/faults.ts";
import { ControlError, createControlClient } from "./control-client.ts";
import { byId, fill, h } from "./dom.ts";
import { readEvents } from "./read-events.ts";
import { renderFaults, renderSnippets } from "./render-controls.ts";
import { renderConversation } from "./render-conversation.ts";
import { type LogFilter, renderJournal, renderProviderLog } from "./render-logs.ts";

// The token lives in this tab's session only, and only ever travels in a header.
const tokenKey = "agentphone-sandbox-token";
const client = createControlClient(() => sessionStorage.getItem(tokenKey));

const view = {
  accounts: [] as StatePage["accounts"],
  journal: new Map<number, JournalEntry>(),
  provider: new Map<number, ProviderLogEntry>(),
  faults: null as FaultSettings | null,
  selected: "",
  filter: { conversation: "", status: "" } as LogFilter,
};

/** Says what the page is doing, in a live region that assistive technology reads out. */
function status(text: string, kind: "live" | "wait" | "error" = "wait"): void {
  const element = byId("status");
  element.textContent = text;
  element.dataset.kind = kind;
}

function failed(error: unknown): void {
  if (error instanceof ControlError && error.status === 403) {
    byId("token-form").hidden = false;
    status(`Refused: ${error.message} Enter the admin token the sandbox printed.`, "error");
    return;
  }
  status(error instanceof Error ? error.message : String(error), "error");
}

// Image bytes by SHA-256, as object URLs: one download per distinct image.
const images = new Map<string, Promise<string | null>>();

function showImage(img: HTMLImageElement, sha256: string): void {
  let url = images.get(sha256);
  if (!url) {
    url = client.image(`/backgrounds/${sha256}`).catch(() => null);
    images.set(sha256, url);
  }
  url.then((src) => {
    if (src) img.src = src;
    else {
      // Not kept (any more): asked for again next time, as it may be set again.
      images.delete(sha256);
      img.replaceWith(h("span", { class: "thumb none" }, "not kept"));
    }
  });
}

const conversations = () => view.accounts.flatMap((account) => account.conversations);

function renderChats(): void {
  const section = byId("chats");
  fill(
    section,
    ...view.accounts.map((account) =>
      h(
        "section",
        { class: "account", "aria-labelledby": `account-${account.id}` },
        h(
          "h2",
          { id: `account-${account.id}` },
          `${account.name} `,
          h("span", { class: "muted" }, `${account.id} · key `, h("code", {}, account.apiKey)),
        ),
        h(
          "div",
          { class: "chat-grid" },
          ...account.conversations.map((conversation) =>
            renderConversation(conversation, conversation.id === view.selected, showImage, select),
          ),
        ),
      ),
    ),
  );
  renderSelection();
}

function renderSelection(): void {
  const conversation = conversations().find((c) => c.id === view.selected);
  const account = view.accounts.find((a) => a.id === conversation?.accountId);
  fill(byId("snippets"), renderSnippets(conversation, account?.apiKey, location.origin));
  const choices = byId<HTMLSelectElement>("filter-conversation");
  const wanted = view.filter.conversation;
  fill(
    choices,
    h("option", { value: "" }, "every conversation"),
    ...conversations().map((c) => h("option", { value: c.id, selected: c.id === wanted }, c.id)),
  );
  const accountChoice = byId<HTMLSelectElement>("new-account");
  const chosen = accountChoice.value;
  fill(
    accountChoice,
    ...view.accounts.map((a) =>
      h("option", { value: a.id, selected: a.id === chosen }, `${a.name} (${a.id})`),
    ),
  );
}

function select(id: string): void {
  view.selected = id;
  renderChats();
}

function renderLogs(): void {
  const order = <T>(log: Map<number, T>) =>
    [...log.entries()].sort(([a], [b]) => a - b).map(([, e]) => e);
  fill(byId("journal"), renderJournal(order(view.journal), view.filter));
  fill(byId("provider"), renderProviderLog(order(view.provider), view.filter));
}

function renderFaultPanel(): void {
  if (view.faults) fill(byId("faults"), renderFaults(view.faults, arm));
}

function arm(changes: Partial<FaultSettings>): void {
  client.post<FaultSettings>("/faults", changes).then((faults) => {
    view.faults = faults;
    renderFaultPanel();
    status("Faults changed.", "live");
  }, failed);
}

async function loadState(): Promise<void> {
  const state = await client.get<StatePage>("/state?limit=1000");
  view.accounts = state.accounts;
  if (!conversations().some((c) => c.id === view.selected))
    view.selected = conversations()[0]?.id ?? "";
  renderChats();
}

async function loadAll(): Promise<void> {
  const [journal, provider, faults] = await Promise.all([
    client.get<LogPage<JournalEntry>>("/requests"),
    client.get<LogPage<ProviderLogEntry>>("/provider"),
    client.get<FaultSettings>("/faults"),
    loadState(),
  ]);
  // Merged by number: an event that arrived while these were read is kept either way.
  for (const entry of journal.entries) view.journal.set(entry.seq, entry);
  for (const entry of provider.entries) view.provider.set(entry.seq, entry);
  view.faults = faults;
  renderLogs();
  renderFaultPanel();
}

// Many changes in a burst are one read of the state.
let stateTimer: ReturnType<typeof setTimeout> | undefined;
function stateSoon(): void {
  clearTimeout(stateTimer);
  stateTimer = setTimeout(() => loadState().catch(failed), 30);
}

function apply(event: StreamEvent): void {
  switch (event.type) {
    case "hello":
      loadAll().then(() => status("Live: changes appear as they happen.", "live"), failed);
      return;
    case "change":
      stateSoon();
      return;
    case "journal":
      view.journal.set(event.entry.seq, event.entry);
      if (view.journal.size > 1000) view.journal.delete(Math.min(...view.journal.keys()));
      renderLogs();
      return;
    case "provider":
      view.provider.set(event.entry.seq, event.entry);
      if (view.provider.size > 1000) view.provider.delete(Math.min(...view.provider.keys()));
      renderLogs();
      return;
    case "faults":
      view.faults = event.faults;
      renderFaultPanel();
      return;
    case "reset":
      view.journal.clear();
      view.provider.clear();
      loadAll().catch(failed);
      return;
  }
}

/** Reads the event stream for as long as the page is open, reconnecting after a second. */
async function follow(): Promise<void> {
  for (;;) {
    const stop = new AbortController();
    try {
      const response = await client.events(stop.signal);
      if (!response.body) throw new Error("The event stream has no body.");
      await readEvents(response.body, (data) => apply(data as StreamEvent));
      status("The sandbox closed the event stream; reconnecting…");
    } catch (error) {
      failed(error);
      if (error instanceof ControlError && error.status === 403) return;
    }
    await new Promise((wait) => setTimeout(wait, 1000));
  }
}

function wireForms(): void {
  byId("reset").addEventListener("click", () => {
    client.post("/reset").then(() => status("Reset to the seed.", "live"), failed);
  });
  byId<HTMLFormElement>("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = byId<HTMLInputElement>("token");
    sessionStorage.setItem(tokenKey, input.value);
    input.value = "";
    byId("token-form").hidden = true;
    follow();
  });
  byId<HTMLFormElement>("create").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const ios = String(form.get("recipientIosVersion") ?? "");
    const id = String(form.get("id") ?? "").trim();
    client
      .post("/conversations", {
        accountId: String(form.get("accountId")),
        channel: String(form.get("channel")),
        ...(id === "" ? {} : { id }),
        isGroup: form.get("isGroup") === "on",
        providerDown: form.get("providerDown") === "on",
        recipientIosVersion: ios === "" ? null : Number(ios),
      })
      .then(() => status("Conversation created.", "live"), failed);
  });
  byId<HTMLSelectElement>("filter-conversation").addEventListener("change", (event) => {
    view.filter.conversation = (event.currentTarget as HTMLSelectElement).value;
    renderLogs();
  });
  byId<HTMLSelectElement>("filter-status").addEventListener("change", (event) => {
    view.filter.status = (event.currentTarget as HTMLSelectElement).value as LogFilter["status"];
    renderLogs();
  });
}

wireForms();
follow();
