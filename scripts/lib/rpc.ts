/** The chain id a JSON-RPC endpoint answers with, or undefined when nothing answers there. */
export async function rpcChainId(url: string): Promise<number | undefined> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    return Number((await res.json()).result);
  } catch {
    return undefined;
  }
}
