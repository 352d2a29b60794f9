/**
 * Live updates: a GraphQL subscription over server-sent events (yoga serves them on GET with
 * accept: text/event-stream, which EventSource sends). EventSource reconnects by itself after a
 * drop; events committed before a (re)connection are caught up by calling `onOpen` on every
 * one, where pages fetch their data again. The state is "live" once that catch-up is done: from
 * then on, what the page shows is current and every change will arrive.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { ENDPOINT } from "./gql";

export type LiveState = "connecting" | "live" | "offline";

/** Subscribes while the component is mounted (and the query or variables stay the same). */
export function useSubscription(query: string, variables: Record<string, unknown>, onEvent: (data: any) => void, onOpen?: () => Promise<unknown> | void): LiveState {
  const [state, setState] = useState<LiveState>("connecting");
  const handlers = useRef({ onEvent, onOpen });
  handlers.current = { onEvent, onOpen };
  const key = JSON.stringify(variables);
  useEffect(() => {
    const url = new URL(ENDPOINT, document.baseURI);
    url.searchParams.set("query", query);
    url.searchParams.set("variables", key);
    const source = new EventSource(url);
    let closed = false;
    source.onopen = () => {
      // what was committed between the page's load (or a drop) and now came before the subscription
      Promise.resolve(handlers.current.onOpen?.()).finally(() => {
        if (!closed && source.readyState === EventSource.OPEN) setState("live");
      });
    };
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? "offline" : "connecting");
    source.addEventListener("next", (ev) => {
      try {
        const body = JSON.parse((ev as MessageEvent<string>).data);
        if (body.data) handlers.current.onEvent(body.data);
      } catch {
        /* a frame we cannot read is skipped, the next reload catches up */
      }
    });
    source.addEventListener("complete", () => {
      source.close();
      setState("offline");
    });
    return () => {
      closed = true;
      source.close();
    };
  }, [query, key]);
  return state;
}
