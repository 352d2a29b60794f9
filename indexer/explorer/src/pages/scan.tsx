/** The SCAN servers: the ScanRegistry's members as this indexer follows them, their pledges and the slashes for false signed answers. */
import { group, tokens } from "../format";
import { useQuery } from "../gql";
import { AccountLink, Mono, Pending, Section, Table } from "../ui";

interface Slash { challenger: string; amount: string; reward: string; blockNumber: string }
interface ScanNode { address: string; hostAddr: string; pledge: string; slashed: string; status: string; registeredAt: string; withdrawableAt: string; slashes: Slash[] }

const QUERY = /* GraphQL */ `
  query Scan {
    scanNodes(first: 100) { edges { node { address hostAddr pledge slashed status registeredAt withdrawableAt slashes { challenger amount reward blockNumber } } } pageInfo { hasNextPage } }
  }
`;

/** #/scan: who serves SCAN, pledged, and who was caught signing a false answer. */
export function ScanPage() {
  const q = useQuery<{ scanNodes: { edges: { node: ScanNode }[]; pageInfo: { hasNextPage: boolean } } }>(QUERY, {});
  const d = q.data;
  if (!d) return <Pending error={q.error} retry={q.reload} what="The SCAN servers could not be loaded." />;
  const nodes = d.scanNodes.edges.map((e) => e.node);
  const slashes = nodes.flatMap((n) => n.slashes.map((s) => ({ ...s, node: n.address })));
  return (
    <div data-testid="scan">
      <h1>SCAN servers</h1>
      <p>Members of the ScanRegistry: they authenticate each other, share who serves which file, and sign their answers; a signed answer the chain contradicts gets its signer slashed.</p>
      <Section title="Servers">
        <Table testid="scan-nodes" empty="No SCAN server has registered." head={["account", "state", "pledge", "libp2p address", "registered at"]}
          rows={nodes.map((n) => [
            <AccountLink address={n.address} />,
            n.status === "Quitting" ? `quitting (withdrawable at ${group(n.withdrawableAt)})` : n.status.toLowerCase(),
            `${tokens(n.pledge)}${BigInt(n.slashed) > 0n ? ` (${tokens(n.slashed)} slashed)` : ""}`,
            <Mono>{n.hostAddr}</Mono>,
            group(n.registeredAt),
          ])} />
        {d.scanNodes.pageInfo.hasNextPage && <p class="more">First 100 shown.</p>}
      </Section>
      <Section title="Slashed for false answers">
        <Table testid="scan-slashes" empty="No false answer has been challenged." head={["block", "server", "slashed", "challenger", "reward"]}
          rows={slashes.map((s) => [group(s.blockNumber), <AccountLink address={s.node} />, tokens(s.amount), <AccountLink address={s.challenger} />, tokens(s.reward)])} />
      </Section>
    </div>
  );
}
