/** A GraphQL client for tests: POST a query, get { data, errors } back as the server sent them. */
import type { Announcement } from "@dsp/core";

export interface GqlResult {
  data?: any;
  errors?: { message: string; extensions?: { code?: number; codeName?: string; reason?: string } }[];
}

export function gqlClient(url: string) {
  return async (query: string, variables: Record<string, unknown> = {}): Promise<GqlResult> => {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as GqlResult;
  };
}

/** An announcement as the AnnouncementInput of the schema (the timestamp is a decimal string). */
export const announcementInput = (a: Announcement) => ({ ...a, timestamp: String(a.timestamp) });
