/**
 * Why one SCAN server refuses another (docs/scan-federation.md). The spec's SCAN/DNS node codes
 * (55050-55061) name registry operations; the one that says "this address is not a node we can
 * find" is 55057 DSP_DNS_GET_NODE_BY_ADDR, so every membership refusal carries it, with a
 * `reason`:
 * - NOT_REGISTERED: the ScanRegistry has no record of the account (or its key has no EVM address);
 * - QUITTING: the account quit, unregistered or was slashed below the minimum pledge;
 * - WRONG_NODE: the peer at a registered address proved another account than the one registered there;
 * - NOT_AUTHENTICATED: a record or a pull before the handshake finished.
 * A handshake that is malformed in itself (another chain or registry, a wrong echo) is 40000
 * INVALID_PARAMS with reason BAD_HANDSHAKE.
 *
 * On the wire a refusal is an AckResponse with the code and "<REASON>: <message>", and the
 * refusing side closes the connection.
 */
import { DspError } from "@dsp/core";

export type RefusalReason = "NOT_REGISTERED" | "QUITTING" | "WRONG_NODE" | "NOT_AUTHENTICATED" | "BAD_HANDSHAKE";

const CODES: Record<RefusalReason, number> = {
  NOT_REGISTERED: 55057, QUITTING: 55057, WRONG_NODE: 55057, NOT_AUTHENTICATED: 55057, BAD_HANDSHAKE: 40000,
};

export class ScanPeerRefused extends DspError {
  override name = "ScanPeerRefused";
  constructor(readonly reason: RefusalReason, message: string) {
    super(CODES[reason], `${reason}: ${message}`, { table: "rest_error" });
  }

  /** The reason of a refusal read back from its wire text ("<REASON>: ..."), if it has one. */
  static reasonOf(text: string): RefusalReason | undefined {
    const m = /^(?:peer refused: )?([A-Z_]+):/.exec(text);
    return m && m[1] in CODES ? (m[1] as RefusalReason) : undefined;
  }
}
