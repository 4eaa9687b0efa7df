import type { FaultSettings } from "../../core/sandbox/faults.ts";
import type { Conversation } from "../../core/store/records.ts";
import { h } from "./dom.ts";

/** The faults armed for the next N calls, with what each does, as the panel lists them. */
const counters: Array<[keyof FaultSettings, string]> = [
  ["rateLimitNext", "429 with Retry-After"],
  ["rateLimitResetNext", "429 with X-RateLimit-Reset"],
  ["serverErrorNext", "503"],
  ["providerFailNext", "provider fails: 502"],
  ["resetNext", "connection reset"],
  ["emptyReplyNext", "closed, no answer"],
  ["redirectNext", "307 to the same path"],
  ["notJsonNext", "200 with an HTML page"],
  ["truncatedNext", "half the body, then closed"],
  ["stallNext", "half the body, then a stall"],
];

/** Settings that are not counts. */
const settings: Array<[keyof FaultSettings, string]> = [
  ["latencyMs", "latency on every call (ms)"],
  ["retryAfterSeconds", "Retry-After of a 429 (s)"],
  ["stallMs", "how long a stall lasts (ms)"],
];

/** Arms or changes faults: the page sends `POST /__sandbox/faults` with these changes. */
export type ArmFaults = (changes: Partial<FaultSettings>) => void;

function numberInput(name: string, label: string, value: number): HTMLInputElement {
  return h("input", {
    type: "number",
    min: "0",
    step: "1",
    value: String(value),
    name,
    "aria-label": label,
    inputmode: "numeric",
  });
}

/** The fault switches: each count armed or cleared on its own, the settings changed. */
export function renderFaults(faults: FaultSettings, arm: ArmFaults): HTMLElement {
  const rows = counters.map(([key, what]) => {
    const input = numberInput(key, `How many calls get ${what}`, Math.max(1, faults[key]));
    const armButton = h("button", { type: "button", "data-arm": key }, "Arm");
    armButton.addEventListener("click", () => arm({ [key]: Number(input.value) || 0 }));
    const clear = h(
      "button",
      { type: "button", "data-clear": key, disabled: faults[key] === 0 },
      "Clear",
    );
    clear.addEventListener("click", () => arm({ [key]: 0 }));
    return h(
      "tr",
      { "data-fault": key, class: faults[key] > 0 ? "armed" : "" },
      h("th", { scope: "row" }, h("code", {}, key), h("span", { class: "what" }, what)),
      h(
        "td",
        { "data-armed": String(faults[key]) },
        faults[key] > 0 ? `${faults[key]} armed` : "off",
      ),
      h("td", {}, input),
      h("td", {}, armButton, " ", clear),
    );
  });
  const settingRows = settings.map(([key, what]) => {
    const input = numberInput(key, what, faults[key]);
    const set = h("button", { type: "button", "data-set": key }, "Set");
    set.addEventListener("click", () => arm({ [key]: Number(input.value) || 0 }));
    return h(
      "tr",
      { "data-fault": key },
      h("th", { scope: "row" }, h("code", {}, key), h("span", { class: "what" }, what)),
      h("td", {}, String(faults[key])),
      h("td", {}, input),
      h("td", {}, set),
    );
  });
  const clearAll = h("button", { type: "button", id: "clear-faults" }, "Clear every fault");
  clearAll.addEventListener("click", () =>
    arm(Object.fromEntries([...counters.map(([key]) => [key, 0]), ["latencyMs", 0]])),
  );
  return h(
    "div",
    {},
    h(
      "table",
      { class: "faults" },
      h("caption", {}, "Faults for the next API calls"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ...["Fault", "Now", "Count", "Action"].map((t) => h("th", { scope: "col" }, t)),
        ),
      ),
      h("tbody", {}, ...rows, ...settingRows),
    ),
    clearAll,
  );
}

/** A curl command and an SDK call that set a background of the selected conversation. */
export function renderSnippets(
  conversation: Conversation | undefined,
  apiKey: string | undefined,
  origin: string,
): HTMLElement {
  if (!conversation || !apiKey) return h("p", {}, "Select a conversation to see its snippets.");
  const path = `/v1/conversations/${encodeURIComponent(conversation.id)}/background`;
  const curl = [
    `curl -X POST ${origin}${path} \\`,
    `  -H 'Authorization: Bearer ${apiKey}' -H 'Content-Type: application/json' \\`,
    `  -d '{"image_url": "https://images.sandbox.test/forest.png"}'`,
  ].join("\n");
  const sdk = [
    `import { AgentPhoneClient } from "agentphone";`,
    ``,
    `const client = new AgentPhoneClient({ token: "${apiKey}", baseUrl: "${origin}" });`,
    `await client.conversations.setChatBackground({`,
    `  conversation_id: "${conversation.id}",`,
    `  image_url: "https://images.sandbox.test/forest.png",`,
    `});`,
    `await client.conversations.removeChatBackground({ conversation_id: "${conversation.id}" });`,
  ].join("\n");
  const block = (title: string, text: string) => {
    const copy = h("button", { type: "button" }, `Copy ${title}`);
    copy.addEventListener("click", () => {
      navigator.clipboard?.writeText(text).then(
        () => (copy.textContent = "Copied"),
        () => (copy.textContent = "Select the text to copy it"),
      );
    });
    return h(
      "div",
      { class: "snippet" },
      h("h3", {}, title),
      h("pre", { tabindex: "0" }, h("code", {}, text)),
      copy,
    );
  };
  return h(
    "div",
    { "data-snippets": conversation.id },
    h("p", {}, "For ", h("code", {}, conversation.id), ":"),
    block("curl", curl),
    block("SDK", sdk),
  );
}
