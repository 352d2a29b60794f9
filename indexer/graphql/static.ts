/**
 * The web explorer's built files (indexer/explorer/dist, `npm run build`) served beside GraphQL
 * on the same port: the GraphQL endpoint (and anything under it) goes to yoga, GET and HEAD of
 * any other path to a file of the build. The explorer routes in the URL's hash, so the server
 * only ever needs `/` and the assets.
 *
 * Safety: a path is decoded once, and refused (400) if any segment is `..` or `.`, holds a
 * backslash or a NUL, or is empty; what is left must resolve, symlinks followed, inside the
 * build directory. Only regular files are served, with a content type from a fixed table
 * (anything else is application/octet-stream, and nosniff tells the browser to believe it).
 * Vite names assets by content hash, so /assets/* may be cached for good; the rest is revalidated.
 * No build: `/` answers 503 with a line saying to run `npm run build`.
 */
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const EXPLORER_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../explorer/dist");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** Everything the page loads comes from here; the explorer talks only to this server's GraphQL. */
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const NOT_BUILT = "The SCAN explorer is not built: run `npm run build`, then reload this page. GraphQL is at /graphql.\n";

export interface ExplorerOptions {
  /** The build to serve (default EXPLORER_DIST). */
  dir?: string;
  /** Requests for this path, or under it, go to GraphQL (default /graphql). */
  endpoint?: string;
}

function text(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(body), "x-content-type-options": "nosniff", ...headers });
  res.end(body);
}

/**
 * The segments of a request path, decoded; null if the path is malformed or tries to leave its
 * directory. Checked on the raw path, before any URL normalisation could hide a `..`.
 */
export function safeSegments(rawPath: string): string[] | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith("/") || /[\\\0]/.test(decoded)) return null;
  const segments = decoded.slice(1).split("/");
  if (segments.length === 1 && segments[0] === "") return ["index.html"];
  if (segments.some((s) => s === "" || s === "." || s === "..")) return null;
  return segments;
}

async function servable(root: string, segments: string[]) {
  const file = path.join(root, ...segments);
  try {
    const real = await realpath(file);
    const realRoot = await realpath(root);
    if (!real.startsWith(realRoot + path.sep)) return undefined;
    const st = await stat(real);
    return st.isFile() ? { file: real, size: st.size, mtime: st.mtime } : undefined;
  } catch {
    return undefined; // absent
  }
}

async function serve(req: IncomingMessage, res: ServerResponse, root: string, rawPath: string) {
  if (req.method !== "GET" && req.method !== "HEAD") return text(res, 405, "method not allowed\n", { allow: "GET, HEAD" });
  const segments = safeSegments(rawPath);
  if (!segments) return text(res, 400, "bad path\n");
  const found = await servable(root, segments);
  if (!found) {
    const index = segments.length === 1 && segments[0] === "index.html";
    return index ? text(res, 503, NOT_BUILT) : text(res, 404, "not found\n");
  }
  const ext = path.extname(found.file).toLowerCase();
  const headers: Record<string, string | number> = {
    "content-type": TYPES[ext] ?? "application/octet-stream",
    "content-length": found.size,
    "last-modified": found.mtime.toUTCString(),
    "x-content-type-options": "nosniff",
    "cache-control": segments[0] === "assets" ? "public, max-age=31536000, immutable" : "no-cache",
  };
  if (ext === ".html") Object.assign(headers, { "content-security-policy": CSP, "referrer-policy": "no-referrer" });
  // revalidation of an unchanged file (HTTP dates have whole seconds)
  const since = Date.parse(req.headers["if-modified-since"] ?? "");
  if (since >= Math.floor(found.mtime.getTime() / 1000) * 1000) {
    const { "content-length": _, "content-type": __, ...rest } = headers;
    res.writeHead(304, rest);
    return res.end();
  }
  res.writeHead(200, headers);
  if (req.method === "HEAD") return res.end();
  createReadStream(found.file).on("error", () => res.destroy()).pipe(res);
}

/** A request listener: GraphQL at `endpoint`, the explorer's files everywhere else. */
export function withExplorer(graphql: RequestListener, opts: ExplorerOptions = {}): RequestListener {
  const root = opts.dir ?? EXPLORER_DIST;
  const endpoint = opts.endpoint ?? "/graphql";
  return (req, res) => {
    const raw = req.url ?? "/";
    const rawPath = raw.split("?")[0];
    if (rawPath === endpoint || rawPath.startsWith(endpoint + "/")) return graphql(req, res);
    serve(req, res, root, rawPath).catch(() => {
      if (!res.headersSent) text(res, 500, "internal error\n");
      else res.destroy();
    });
  };
}
