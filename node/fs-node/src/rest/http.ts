/**
 * The HTTP side of the REST API, kept apart from what the endpoints do: a router on method and
 * path pattern, JSON bodies read under a size cap, an optional bearer token, and errors turned
 * into `{ "error": { code, name, message } }` with the spec's RESTful code and an HTTP status.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { toJson } from "@dsp/core";
import { DspError } from "@dsp/core";

/** A DspError with the HTTP status to answer it with (auth, unknown route, body too large...). */
export class HttpError extends DspError {
  override name = "HttpError";
  constructor(readonly status: number, message: string, code = 40002) {
    super(code, message, { table: "rest_error" });
  }
}

/** HTTP status by spec code, for the errors the endpoints raise. */
const STATUS: Record<number, number> = {
  40000: 400, 40002: 400, 40010: 400, 54009: 400, 50046: 400,
  55100: 404, 58000: 404,
  50003: 409, 50045: 409, 50005: 409, 55023: 409, 55024: 409, 55026: 409, 55027: 409, 55029: 409,
  // SCAN/DNS node operations the registry refused (already registered, notice period running...)
  55050: 409, 55051: 409, 55052: 409, 55053: 409, 55054: 409, 55055: 409, 55056: 409, 55057: 404,
  50020: 429,
};

/** What an error answers: the spec's code and name (task InvalidParams 40000 as REST 40002) and a status. */
export function errorAnswer(err: unknown): { status: number; body: { error: { code: number; name: string; message: string } } } {
  if (err instanceof HttpError) return { status: err.status, body: { error: { code: err.code, name: err.codeName, message: err.shortMessage } } };
  if (err instanceof DspError) {
    const code = err.code === 40000 ? 40002 : err.code;
    const name = err.code === 40000 ? "INVALID_PARAMS" : err.codeName;
    return { status: STATUS[code] ?? 500, body: { error: { code, name, message: err.shortMessage } } };
  }
  return { status: 500, body: { error: { code: 40001, name: "INTERNAL_ERROR", message: (err as Error)?.message ?? String(err) } } };
}

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = toJson(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The request's JSON body (an object; none is `{}`), at most `max` bytes. */
export async function readJson(req: IncomingMessage, max: number): Promise<Record<string, unknown>> {
  if (Number(req.headers["content-length"] ?? 0) > max) throw new HttpError(413, `the body is larger than ${max} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new HttpError(413, `the body is larger than ${max} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (text === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `the body is not JSON: ${(err as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new HttpError(400, "the body must be a JSON object");
  return value as Record<string, unknown>;
}

/** Throws 401 unless the request carries `Authorization: Bearer <token>`. */
export function checkToken(req: IncomingMessage, token: string): void {
  const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
  // Digests have one length, so the comparison takes the same time whatever was sent.
  const digest = (s: string) => createHash("sha256").update(s).digest();
  if (!timingSafeEqual(digest(given), digest(token))) throw new HttpError(401, "missing or wrong bearer token");
}

/** What a handler may know of the request besides its path and body. */
export interface RequestInfo {
  /** the query string's parameters */
  query: URLSearchParams;
  /** the peer's address as this server's socket sees it (no proxy header is trusted) */
  remoteAddress?: string;
  remotePort?: number;
}

export interface Route {
  method: "GET" | "POST";
  /** Path with `:name` segments, e.g. /api/v1/tasks/:id. */
  path: string;
  handle(params: Record<string, string>, body: Record<string, unknown>, request: RequestInfo): Promise<{ status?: number; body: unknown }>;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `bad escape in the path segment "${segment}"`);
  }
}

/** Finds the route of a request: 404 for an unknown path, 405 for a known path and another method. */
export function match(routes: Route[], method: string, pathname: string): { route: Route; params: Record<string, string> } {
  const parts = pathname.replace(/\/+$/, "").split("/");
  let pathKnown = false;
  for (const route of routes) {
    const pattern = route.path.split("/");
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    if (!pattern.every((p, i) => (p.startsWith(":") ? ((params[p.slice(1)] = decode(parts[i])), parts[i] !== "") : p === parts[i]))) continue;
    pathKnown = true;
    if (route.method === method) return { route, params };
  }
  throw pathKnown ? new HttpError(405, `${method} is not allowed on ${pathname}`) : new HttpError(404, `no endpoint ${pathname}`);
}
