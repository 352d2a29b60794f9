/**
 * GraphQL over fetch, relative to the page (the indexer serves both), and the hook pages load
 * their data with. Errors keep the server's DSP status code, so a page can tell "no such file"
 * (shown as not found) from a server that did not answer.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";

export const ENDPOINT = "./graphql";

/** Codes the server gives for a key the chain never had (file, node, account, name) or a malformed one. */
const NOT_FOUND = new Set([50021, 55034, 40007, 40010, 55059]);

export class GqlError extends Error {
  constructor(message: string, readonly code?: number) {
    super(message);
  }
  get notFound() {
    return this.code !== undefined && NOT_FOUND.has(this.code);
  }
}

type Vars = Record<string, unknown>;

export async function gql<T>(query: string, variables: Vars = {}, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(ENDPOINT, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }), signal });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new GqlError(`the SCAN server did not answer (${(e as Error).message})`);
  }
  let body: { data?: T; errors?: { message: string; extensions?: { code?: number } }[] };
  try {
    body = await res.json();
  } catch {
    throw new GqlError(`the SCAN server answered ${res.status} without GraphQL`);
  }
  const err = body.errors?.[0];
  if (err) throw new GqlError(err.message, err.extensions?.code);
  return body.data as T;
}

export interface Loaded<T> {
  data?: T;
  error?: GqlError;
  /**
   * Fetches again, keeping what is shown until the answer comes (live pages call it on events);
   * settles once an answer (or error) newer than the call is in.
   */
  reload(): Promise<void>;
}

/** Runs `query` whenever its variables change (and `enabled`); reload() runs it again. */
export function useQuery<T>(query: string, variables: Vars, enabled = true): Loaded<T> {
  const key = JSON.stringify(variables);
  const [state, setState] = useState<{ key: string; data?: T; error?: GqlError }>({ key });
  const [round, setRound] = useState(0);
  const waiting = useRef<(() => void)[]>([]);
  useEffect(() => {
    if (!enabled) return;
    const ctl = new AbortController();
    // reloads asked for before this fetch started are answered by it, or by the next if it is cut short
    const answers = waiting.current;
    waiting.current = [];
    let settled = false;
    const settle = () => {
      settled = true;
      answers.forEach((r) => r());
    };
    gql<T>(query, variables, ctl.signal).then(
      (data) => {
        if (ctl.signal.aborted) return;
        setState({ key, data });
        settle();
      },
      (e) => {
        if (ctl.signal.aborted) return;
        setState((s) => ({ key, data: s.key === key ? s.data : undefined, error: e instanceof GqlError ? e : new GqlError(String(e)) }));
        settle();
      },
    );
    return () => {
      ctl.abort();
      if (!settled) waiting.current.unshift(...answers);
    };
  }, [query, key, round, enabled]);
  const reload = useCallback(() => new Promise<void>((resolve) => {
    waiting.current.push(resolve);
    setRound((r) => r + 1);
  }), []);
  // data of other variables (another file) is never shown for these
  return state.key === key ? { data: state.data, error: state.error, reload } : { reload };
}
