/** Proxying failures, each with a spec status code (see constants.ts for why these codes). */
import { DspError, type DspErrorOptions } from "@dsp/core";

/** The proxy answered the ProxyRequest with a nonzero code (the code is the proxy's). */
export class ProxyRefused extends DspError {
  override name = "ProxyRefused";
  constructor(code: number, why: string, opts: DspErrorOptions = {}) {
    super(code, `proxy refused: ${why}`, opts);
  }
}

/** 59100 NET_RECONNECT_PEER_FAILED: the proxy cannot be reached or the node's proxy address was not restored. */
export class ProxyUnavailable extends DspError {
  override name = "ProxyUnavailable";
  readonly proxy: string;
  constructor(proxy: string, why: string, opts: DspErrorOptions = {}) {
    super(59100, `proxy ${proxy} unavailable: ${why}`, { ...opts, table: "rest_error" });
    this.proxy = proxy;
  }
}
