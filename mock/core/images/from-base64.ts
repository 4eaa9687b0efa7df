/**
 * The bytes that base64 `text` spells. `atob` is the one decoder every host has (browsers,
 * workers, Node); `Uint8Array.fromBase64` is not in Node 20.
 *
 * @example
 * fromBase64("SUVORA=="); // Uint8Array [73, 69, 78, 68] ("IEND")
 */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
