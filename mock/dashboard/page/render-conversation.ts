import type { Conversation, HistoryEntry } from "../../core/store/records.ts";
import { h } from "./dom.ts";

/** The iOS major version from which a recipient sees a custom chat background. */
const firstIosWithBackgrounds = 18;

/** Loads an image's bytes as an object URL (null when they are not kept) into `img`. */
export type ShowImage = (img: HTMLImageElement, sha256: string) => void;

const sampleBubbles = [
  { from: "them", text: "Did the new wallpaper arrive?" },
  { from: "me", text: "Setting it from the sandbox now." },
  { from: "them", text: "Looks great!" },
];

/** What a conversation is, as short badges. */
function badges(conversation: Conversation): HTMLElement {
  const list = h("ul", { class: "badges", "aria-label": "Traits" });
  const add = (text: string, kind = "") => list.append(h("li", { class: `badge ${kind}` }, text));
  add(conversation.channel === "imessage" ? "iMessage" : conversation.channel.toUpperCase());
  if (conversation.isGroup) add("group");
  if (conversation.recipientIosVersion !== null) add(`iOS ${conversation.recipientIosVersion}`);
  if (conversation.providerDown) add("provider down", "warn");
  add(`v${conversation.version}`);
  return list;
}

/** Why this chat looks as it does to its recipient, when that needs saying. */
function note(conversation: Conversation, seesDefault: boolean): HTMLElement | null {
  if (conversation.channel !== "imessage") {
    return h(
      "p",
      { class: "note", "data-note": "sms" },
      `${conversation.channel.toUpperCase()} chats have no backgrounds: every set or remove answers 400 CHANNEL_NOT_SUPPORTED.`,
    );
  }
  if (seesDefault) {
    return h(
      "p",
      { class: "note", "data-note": "ios" },
      `Shown with the default background: the recipient is on iOS ${conversation.recipientIosVersion}, and chat backgrounds need iOS ${firstIosWithBackgrounds}, so they see the default.${conversation.background ? ` The API still accepted ${conversation.background.id} (in the history below).` : ""}`,
    );
  }
  if (conversation.providerDown) {
    return h(
      "p",
      { class: "note warn", "data-note": "provider" },
      "The provider is down for this chat: every set or remove answers 502 PROVIDER_ERROR and changes nothing.",
    );
  }
  return null;
}

/** The chat as its recipient sees it: the wallpaper (or the default) under a few bubbles. */
function preview(conversation: Conversation, seesDefault: boolean, show: ShowImage): HTMLElement {
  const screen = h("div", { class: `screen ${conversation.channel}` });
  const background = conversation.background;
  if (background && !seesDefault) {
    const img = h("img", {
      class: "wallpaper",
      alt: `Wallpaper ${background.id}, from ${background.sourceUrl}`,
      "data-background-id": background.id,
      "data-sha256": background.sha256,
    });
    show(img, background.sha256);
    screen.append(img);
  } else {
    screen.dataset.wallpaper = "default";
  }
  const bubbles = h("div", { class: "bubbles", "aria-hidden": "true" });
  for (const bubble of sampleBubbles) {
    bubbles.append(h("p", { class: `bubble ${bubble.from}` }, bubble.text));
  }
  screen.append(bubbles);
  return h(
    "figure",
    { class: "phone" },
    screen,
    h(
      "figcaption",
      { class: "visually-hidden" },
      background && !seesDefault
        ? `Preview with wallpaper ${background.id}`
        : "Preview with the default background",
    ),
  );
}

/** One version of the history, newest first, with its thumbnail while its bytes are kept. */
function historyRow(entry: HistoryEntry, show: ShowImage): HTMLElement {
  const thumb =
    entry.action === "set" && entry.sha256
      ? (() => {
          const img = h("img", { class: "thumb", alt: `Thumbnail of ${entry.backgroundId}` });
          show(img, entry.sha256);
          return img;
        })()
      : h("span", { class: "thumb none" }, "default");
  return h(
    "li",
    {},
    thumb,
    h("span", { class: "version" }, `v${entry.version}`),
    h("span", { class: `action ${entry.action}` }, entry.action),
    h("code", {}, entry.backgroundId ?? "no background"),
    h("time", { datetime: entry.at }, new Date(entry.at).toLocaleTimeString()),
  );
}

/**
 * A conversation's card: its id and traits, the chat preview, a note where the recipient
 * sees something else than what was set, and its version history.
 */
export function renderConversation(
  conversation: Conversation,
  selected: boolean,
  show: ShowImage,
  select: (id: string) => void,
): HTMLElement {
  const seesDefault =
    conversation.recipientIosVersion !== null &&
    conversation.recipientIosVersion < firstIosWithBackgrounds;
  const titleId = `title-${conversation.id}`;
  const history = [...conversation.history].reverse();
  const button = h(
    "button",
    { type: "button", class: "select", "aria-pressed": selected ? "true" : "false" },
    selected ? "Selected" : "Select",
  );
  button.addEventListener("click", () => select(conversation.id));
  return h(
    "article",
    {
      class: `chat${selected ? " selected" : ""}`,
      "aria-labelledby": titleId,
      "data-conversation": conversation.id,
    },
    h("header", {}, h("h3", { id: titleId }, conversation.id), button),
    badges(conversation),
    preview(conversation, seesDefault, show),
    note(conversation, seesDefault),
    h(
      "details",
      { class: "history" },
      h("summary", {}, `History (${history.length})`),
      history.length === 0
        ? h("p", {}, "No changes yet.")
        : h("ol", {}, ...history.map((entry) => historyRow(entry, show))),
    ),
  );
}
