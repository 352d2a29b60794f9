/**
 * The spec's DNS (SCAN) node endpoints (REST codes 55050-55061): register, unregister, update,
 * withdraw, quit, add and reduce pledge, query by address, query all, and the caller's external
 * address. They act with the node's own account through node/ledger/src/scan.ts; docs/rest.md lists them.
 */
import { DspError } from "@dsp/core";
import {
  addScanPledge, listAllScanNodes, listScanNodes, quitScanNode, reduceScanPledge, registerScanNode, scanNode, scanParams,
  unregisterScanNode, updateScanNode, withdrawScanNode, SCAN_OPS, type Ledger,
} from "@dsp/ledger";
import { evmAddress } from "@dsp/ledger";
import { Body } from "./body.js";
import type { RequestInfo, Route } from "./http.js";

/** A POST endpoint that takes no body fields. */
function bare(path: string, run: () => Promise<unknown>): Route {
  return { method: "POST", path, handle: async (_, raw) => (new Body(raw, []), { body: await run() }) };
}

/** The caller's address as the socket sees it; an IPv4 peer on a dual-stack socket is shown as IPv4. */
function externalAddress(request: RequestInfo) {
  const raw = request.remoteAddress;
  if (!raw) throw new DspError(55061, "the connection has no peer address", { table: "rest_error" });
  const ip = raw.startsWith("::ffff:") && raw.includes(".") ? raw.slice(7) : raw;
  return { ip, port: request.remotePort, family: ip.includes(":") ? "IPv6" : "IPv4" };
}

export function scanRoutes(ledger: Ledger): Route[] {
  const me = () => ledger.address(SCAN_OPS.info.what);
  return [
    {
      method: "POST",
      path: "/api/v1/scan/register",
      handle: async (_, raw) => {
        const b = new Body(raw, ["hostAddr", "pledge"]);
        return { body: { node: await registerScanNode(ledger, { hostAddr: b.string("hostAddr", true), pledge: b.string("pledge") }) } };
      },
    },
    {
      method: "POST",
      path: "/api/v1/scan/update",
      handle: async (_, raw) => ({ body: { node: await updateScanNode(ledger, new Body(raw, ["hostAddr"]).string("hostAddr", true)) } }),
    },
    {
      method: "POST",
      path: "/api/v1/scan/pledge/add",
      handle: async (_, raw) => ({ body: { node: await addScanPledge(ledger, new Body(raw, ["amount"]).string("amount", true)) } }),
    },
    {
      method: "POST",
      path: "/api/v1/scan/pledge/reduce",
      handle: async (_, raw) => ({ body: { node: await reduceScanPledge(ledger, new Body(raw, ["amount"]).string("amount", true)) } }),
    },
    bare("/api/v1/scan/unregister", async () => ({ node: await unregisterScanNode(ledger) })),
    bare("/api/v1/scan/quit", async () => ({ node: await quitScanNode(ledger) })),
    bare("/api/v1/scan/withdraw", async () => ({ node: me(), amount: await withdrawScanNode(ledger) })),
    {
      method: "GET",
      path: "/api/v1/scan/node",
      handle: async () => ({ body: { node: await scanNode(ledger, me(), SCAN_OPS.info), registry: await scanParams(ledger) } }),
    },
    {
      method: "GET",
      path: "/api/v1/scan/nodes/:address",
      handle: async ({ address }) => {
        const node = await scanNode(ledger, evmAddress(address, "SCAN node address"));
        if (node.status === "none") throw new DspError(SCAN_OPS.get.code, `${node.address} is not a registered SCAN node`, { table: "rest_error" });
        return { body: { node } };
      },
    },
    {
      method: "GET",
      path: "/api/v1/scan/nodes",
      handle: async (_, _raw, { query }) => {
        if (!query.has("offset") && !query.has("limit")) return { body: { nodes: await listAllScanNodes(ledger) } };
        return { body: await listScanNodes(ledger, query.get("offset") ?? "0", query.get("limit") ?? "100") };
      },
    },
    { method: "GET", path: "/api/v1/scan/externalip", handle: async (_, _raw, request) => ({ body: externalAddress(request) }) },
  ];
}
