import type { ImageType } from "../images/image.ts";

/** One background change sent to the iMessage provider. */
export interface ProviderUpload {
  conversationId: string;
  /** The recipient's iOS major version, or null when unknown. */
  recipientIosVersion: number | null;
  image: {
    bytes: Uint8Array;
    contentType: ImageType;
    /** File name sent in the multipart part, e.g. `background.png`. */
    filename: string;
    sha256: string;
    size: number;
  };
  /** A fault injected into this call alone: the reason it fails with. */
  injectedFailure?: string | undefined;
}

/** One background removal sent to the iMessage provider. */
export interface ProviderClear {
  conversationId: string;
  recipientIosVersion: number | null;
  /** A fault injected into this call alone: the reason it fails with. */
  injectedFailure?: string | undefined;
}

/** A failed or timed-out provider call; the API answers 502 and changes nothing. */
export class ProviderError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ProviderError";
  }
}

/**
 * What a provider that keeps a record of its calls gives back: a way to say that the change
 * a call made was never committed (another writer committed first).
 */
export interface ProviderReceipt {
  superseded(): void | Promise<void>;
}

/** The iMessage provider: where background changes are forwarded. */
export interface Provider {
  /** Sends the image; resolves when the provider accepted it, throws {@link ProviderError} otherwise. */
  // biome-ignore lint/suspicious/noConfusingVoidType: most providers give no receipt.
  setBackground(upload: ProviderUpload): Promise<ProviderReceipt | void>;
  /** Clears the background; resolves when the provider accepted it, throws {@link ProviderError} otherwise. */
  // biome-ignore lint/suspicious/noConfusingVoidType: most providers give no receipt.
  clearBackground(clear: ProviderClear): Promise<ProviderReceipt | void>;
}
