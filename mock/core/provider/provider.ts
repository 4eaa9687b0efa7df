import type { ImageType } from "../images/image.ts";

/** One background change sent to the iMessage provider. */
export interface ProviderUpload {
  conversationId: string;
  /** The recipient's iOS major version, or null when unknown. */
  recipientIosVersion: number | null;
  image: {
    bytes: Buffer;
    contentType: ImageType;
    /** File name sent in the multipart part, e.g. `background.png`. */
    filename: string;
    sha256: string;
    size: number;
  };
}

/** One background removal sent to the iMessage provider. */
export interface ProviderClear {
  conversationId: string;
  recipientIosVersion: number | null;
}

/** A failed or timed-out provider call; the API answers 502 and changes nothing. */
export class ProviderError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ProviderError";
  }
}

/** The iMessage provider: where background changes are forwarded. */
export interface Provider {
  /** Sends the image; resolves when the provider accepted it, throws {@link ProviderError} otherwise. */
  setBackground(upload: ProviderUpload): Promise<void>;
  /** Clears the background; resolves when the provider accepted it, throws {@link ProviderError} otherwise. */
  clearBackground(clear: ProviderClear): Promise<void>;
}
