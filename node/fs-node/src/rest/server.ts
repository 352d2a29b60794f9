/**
 * A node's REST API server on node:http. It listens on 127.0.0.1 unless told otherwise: uploads
 * read local paths and downloads write them, so anyone who reaches the port acts as the node's
 * account. Give `apiToken` to require `Authorization: Bearer <token>` as well.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { FsNode } from "../service/fs-node.js";
import type { TaskManager } from "../service/tasks.js";
import type { Health } from "../service/health.js";
import { checkToken, errorAnswer, match, readJson, send, type Route } from "./http.js";
import { routes } from "./routes.js";

export interface RestServerInit {
  node: FsNode;
  tasks: TaskManager;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port (see `port` of the result). */
  port?: number;
  apiToken?: string;
  /** The node's health (a storage node's HealthBoard); without it /api/v1/node/health is 404. */
  health?: () => Health;
  /** Largest request body accepted (default 64 KiB); larger gets 413. */
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

export interface RestServer {
  /** http://host:port, without a trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startRestServer(init: RestServerInit): Promise<RestServer> {
  const table = routes(init.node, init.tasks, init.health);
  const max = init.maxBodyBytes ?? 64 * 1024;
  const server = createServer((req, res) => void answer(table, init, max, req, res));
  const host = init.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(init.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(table: Route[], init: RestServerInit, max: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    if (init.apiToken !== undefined) checkToken(req, init.apiToken);
    const { pathname, searchParams } = new URL(req.url ?? "/", "http://localhost");
    const { route, params } = match(table, req.method ?? "GET", pathname);
    const body = route.method === "POST" ? await readJson(req, max) : {};
    const out = await route.handle(params, body, { query: searchParams, remoteAddress: req.socket.remoteAddress, remotePort: req.socket.remotePort });
    send(res, out.status ?? 200, out.body);
  } catch (err) {
    const { status, body } = errorAnswer(err);
    if (status >= 500) init.log?.(`${req.method} ${req.url}: ${(err as Error)?.stack ?? err}`);
    const headers: Record<string, string> = {};
    if (status === 401) headers["www-authenticate"] = "Bearer";
    // A refused body may still be arriving: close rather than read it all.
    if (status === 413) headers.connection = "close";
    send(res, status, body, headers);
  }
}
