/**
 * The REST API's endpoints (docs/rest.md): upload and download tasks through the node's
 * TaskManager, task progress and control, a file's ledger record, the node itself, and its
 * SCAN/DNS node membership (scan-routes.ts).
 */
import { createRequire } from "node:module";
import { dspAddressOf } from "@dsp/core";
import { DspError } from "@dsp/core";
import { dealIdOf, fileInfo, PRIVILEGE } from "@dsp/ledger";
import { bytes32, evmAddress } from "@dsp/ledger";
import type { FsNode } from "../service/fs-node.js";
import type { TaskManager, UploadTaskRequest } from "../service/tasks.js";
import type { Health } from "../service/health.js";
import { Body } from "./body.js";
import { HttpError, type Route } from "./http.js";
import { scanRoutes } from "./scan-routes.js";

const require = createRequire(import.meta.url);
const VERSION = (require("../../package.json") as { version: string }).version;

const UPLOAD_FIELDS = [
  "path", "copyNum", "proveInterval", "expiredHeight", "duration", "privilege", "whitelist", "fileDesc", "encryptPassword", "candidates", "waitForProofs",
];

/** The upload body as a task request; `duration` counts blocks from the current head. */
async function uploadRequest(node: FsNode, raw: Record<string, unknown>): Promise<UploadTaskRequest> {
  const b = new Body(raw, UPLOAD_FIELDS);
  if (b.has("expiredHeight") === b.has("duration")) throw new HttpError(400, "give expiredHeight or duration (blocks from now), one of them");
  const privilege = raw.privilege ?? "public";
  const level = typeof privilege === "string" ? PRIVILEGE[privilege as keyof typeof PRIVILEGE] : privilege;
  if (typeof level !== "number" || ![0, 1, 2].includes(level)) throw new HttpError(400, `privilege must be private, public or whitelist (or 0, 1, 2), got ${JSON.stringify(privilege)}`);
  const whitelist = b.list("whitelist", ["addr", "fromHeight", "toHeight"])?.map((r) => ({
    addr: evmAddress(r.string("addr", true), "whitelist addr"),
    fromHeight: r.whole("fromHeight") ?? 0n,
    toHeight: r.whole("toHeight") ?? (1n << 64n) - 1n,
  }));
  if (level === PRIVILEGE.whitelist && !whitelist?.length) throw new HttpError(400, "a whitelist file needs a whitelist");
  return {
    path: b.path("path"),
    copyNum: b.int("copyNum", true, 0, 255),
    proveInterval: b.whole("proveInterval"),
    expiredHeight: b.whole("expiredHeight") ?? (await node.ledger.head()) + b.whole("duration", true),
    privilege: level,
    whitelist,
    fileDesc: b.string("fileDesc"),
    encryptPassword: b.string("encryptPassword"),
    candidates: b.int("candidates", false, 0, 64),
    waitForProofs: b.bool("waitForProofs"),
  };
}

/** Whether this node's store holds the whole file. */
async function holds(node: FsNode, fileHash: string): Promise<boolean> {
  return node.files.fileRecord(Buffer.from(fileHash.slice(2), "hex")).then(() => true, () => false);
}

/** A deal's ledger record and whether this node's store holds its file; 55100 when the deal is not on the chain. */
async function dealRecord(node: FsNode, dealId: string, what: string) {
  try {
    const file = await fileInfo(node.ledger, dealId);
    return { body: { dealId, file, held: await holds(node, file.fileHash.toLowerCase()) } };
  } catch (err) {
    if (err instanceof DspError && err.code === 50021) throw new DspError(55100, `${what} is not on the chain`, { table: "rest_error", cause: err });
    throw err;
  }
}

export function routes(node: FsNode, tasks: TaskManager, health?: () => Health): Route[] {
  return [
    {
      method: "POST",
      path: "/api/v1/upload",
      handle: async (_, body) => ({ status: 202, body: { task: await tasks.startUpload(await uploadRequest(node, body)) } }),
    },
    {
      method: "POST",
      path: "/api/v1/download",
      handle: async (_, raw) => {
        const b = new Body(raw, ["fileHash", "dealId", "owner", "outPath", "password"]);
        if (!b.has("fileHash") && !b.has("dealId")) throw new HttpError(400, "give fileHash (and optionally owner) or dealId");
        const dealId = b.has("dealId") ? bytes32(b.string("dealId", true), "dealId") : undefined;
        const owner = b.has("owner") ? evmAddress(b.string("owner", true), "owner") : undefined;
        // a deal named alone: its File Hash from the ledger
        const fileHash = b.has("fileHash") ? bytes32(b.string("fileHash", true), "fileHash") : (await dealRecord(node, dealId!, `deal ${dealId}`)).body.file.fileHash;
        return { status: 202, body: { task: await tasks.startDownload(fileHash, b.path("outPath"), { password: b.string("password"), dealId, owner }) } };
      },
    },
    { method: "GET", path: "/api/v1/tasks", handle: async () => ({ body: { tasks: tasks.list() } }) },
    { method: "GET", path: "/api/v1/tasks/:id", handle: async ({ id }) => ({ body: { task: tasks.get(id) } }) },
    {
      method: "POST",
      path: "/api/v1/tasks/:id/pause",
      handle: async ({ id }, raw) => (new Body(raw, []), { body: { task: await tasks.pause(id) } }),
    },
    {
      method: "POST",
      path: "/api/v1/tasks/:id/resume",
      handle: async ({ id }, raw) => ({ body: { task: await tasks.resume(id, { password: new Body(raw, ["password"]).string("password") }) } }),
    },
    {
      method: "POST",
      path: "/api/v1/tasks/:id/cancel",
      handle: async ({ id }, raw) => (new Body(raw, []), { body: { task: await tasks.cancel(id) } }),
    },
    {
      method: "GET",
      path: "/api/v1/files/:hash",
      // the deal of `owner` (query parameter; this node's account by default) for the File Hash
      handle: async ({ hash }, _raw, { query }) => {
        const fileHash = bytes32(hash, "file hash");
        const owner = query.has("owner") ? evmAddress(query.get("owner")!, "owner") : node.evmAddress;
        return dealRecord(node, dealIdOf(owner, fileHash).toLowerCase(), `file ${fileHash} of ${owner}`);
      },
    },
    {
      method: "GET",
      path: "/api/v1/deals/:dealId",
      handle: async ({ dealId }) => {
        const id = bytes32(dealId, "deal id");
        return dealRecord(node, id, `deal ${id}`);
      },
    },
    {
      method: "GET",
      path: "/api/v1/node",
      handle: async () => ({
        body: {
          address: node.evmAddress,
          dspAddress: dspAddressOf(node.account.publicKey),
          peerId: node.host.peerId.toString(),
          multiaddrs: node.host.multiaddrs.map((a) => a.toString()),
          version: VERSION,
        },
      }),
    },
    {
      method: "GET",
      path: "/api/v1/node/health",
      handle: async () => {
        if (!health) throw new HttpError(404, "this node does not prove or keep files (a light client): no health to report");
        return { body: health() };
      },
    },
    ...scanRoutes(node.ledger),
  ];
}
