/**
 * Cursor pagination shared by the schema's lists: Relay-style connections whose cursor is the
 * row's key (base64url), with a page-size cap.
 */
import { invalidParams } from "./errors.js";

export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 20;

export function pageSize(first: number | null | undefined) {
  const n = first ?? DEFAULT_PAGE;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) throw invalidParams(`first must be between 1 and ${MAX_PAGE}, not ${n}`);
  return n;
}

export const encodeCursor = (key: string | number) => Buffer.from(String(key)).toString("base64url");
export function decodeCursor(cursor: string | null | undefined): string | undefined {
  if (cursor == null) return undefined;
  const s = Buffer.from(cursor, "base64url").toString();
  if (!s || encodeCursor(s) !== cursor) throw invalidParams(`malformed cursor "${cursor}"`);
  return s;
}

/** Rows fetched with take: first + 1; the extra row only says there is a next page. */
export function connection<T>(rows: T[], first: number, key: (r: T) => string | number) {
  const page = rows.slice(0, first);
  return {
    edges: page.map((node) => ({ cursor: encodeCursor(key(node)), node })),
    pageInfo: { hasNextPage: rows.length > first, endCursor: page.length ? encodeCursor(key(page[page.length - 1])) : null },
  };
}

