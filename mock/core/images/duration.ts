/**
 * A duration in ms as a person reads it in an error message: whole seconds as `5 s`,
 * anything else as `150 ms`.
 *
 * @example
 * duration(10_000); // "10 s"
 */
export function duration(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
