// autocannon ships no types and @types/autocannon is not a dependency: this declares the
// part of its API the bench uses (https://github.com/mcollina/autocannon#api).
declare module "autocannon" {
  namespace autocannon {
    /** One request in a sequence; a connection sends them in order, then starts over. */
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
    }

    /** The client behind one connection. */
    interface Client {
      setRequests(requests: Request[]): void;
    }

    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      /** Stop after this many requests instead of after `duration`. */
      amount?: number;
      /** Seconds to wait for a response before it counts as a timeout. */
      timeout?: number;
      requests?: Request[];
      setupClient?: (client: Client) => void;
    }

    /** A histogram's summary: `average`, `min`, `max` and percentiles such as `p50`, `p99`. */
    interface Histogram {
      average: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p99: number;
    }

    interface Result {
      requests: Histogram;
      latency: Histogram;
      /** Seconds. */
      duration: number;
      /** Socket errors, timeouts included. */
      errors: number;
      timeouts: number;
      non2xx: number;
      statusCodeStats: Record<string, { count: number }>;
    }

    /** A running load; awaiting it gives the result (a thenable, not a full Promise). */
    interface Instance extends PromiseLike<Result> {
      stop(): void;
    }
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;
  export default autocannon;
}
