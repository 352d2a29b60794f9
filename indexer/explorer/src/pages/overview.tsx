/** The network at a glance: totals, proofs and faults per node, storage per node, the newest events. Live. */
import { useMemo, useRef } from "preact/hooks";
import { bytes, group, tokens } from "../format";
import { useQuery } from "../gql";
import { useSubscription } from "../live";
import { Bars, Timeline, type Mark } from "../plots";
import { routes } from "../search";
import { LiveBadge, NodeLink, Pending, Section, Stat, Table } from "../ui";

const QUERY = /* GraphQL */ `
  query Overview {
    overview { height window nodesOnline nodes totalPledged totalVolume volumeUsed files deals offers holdings proofsRecent faultsRecent proofs faults }
    nodes(first: 100) { edges { node { address status volume restVolume pledge } } }
    recentProofs(first: 100) { node period blockNumber reward }
    recentFaults(first: 100) { node period blockNumber slashed }
  }
`;

interface Data {
  overview: {
    height: string | null; window: number; nodesOnline: number; nodes: number; totalPledged: string; totalVolume: string; volumeUsed: string;
    files: number; deals: number; offers: number; holdings: number; proofsRecent: number; faultsRecent: number; proofs: number; faults: number;
  };
  nodes: { edges: { node: { address: string; status: string; volume: string; restVolume: string; pledge: string } }[] };
  recentProofs: { node: string; period: number; blockNumber: string; reward: string }[];
  recentFaults: { node: string; period: number; blockNumber: string; slashed: string }[];
}

const EVENTS = /* GraphQL */ `subscription { proofSubmitted { blockNumber } }`;
const FAULTS = /* GraphQL */ `subscription { faultReported { blockNumber } }`;
const FILES = /* GraphQL */ `subscription { fileStored { fileHash } }`;
const SLOTS = /* GraphQL */ `subscription { slotChanged { status } }`;

/** Reloads at most once per burst of events (a block can carry many proofs). */
function useDebounced(fn: () => void, ms = 250) {
  const timer = useRef<number | undefined>(undefined);
  return () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(fn, ms) as unknown as number;
  };
}

export function Overview() {
  const q = useQuery<Data>(QUERY, {});
  const reload = useDebounced(q.reload);
  const live = useSubscription(EVENTS, {}, reload, q.reload);
  useSubscription(FAULTS, {}, reload, reload);
  useSubscription(FILES, {}, reload, reload);
  useSubscription(SLOTS, {}, reload, reload);
  const d = q.data;
  const marks = useMemo<Mark[]>(() => d ? [
    ...d.recentProofs.map((p) => ({ row: p.node, block: Number(p.blockNumber), kind: "proof" as const, title: `period ${p.period} proved at block ${p.blockNumber}` })),
    ...d.recentFaults.map((f) => ({ row: f.node, block: Number(f.blockNumber), kind: "fault" as const, title: `period ${f.period} missed, reported at block ${f.blockNumber}` })),
  ] : [], [d]);
  if (!d) return <Pending error={q.error} retry={q.reload} what="The overview could not be loaded." />;
  const o = d.overview;
  const nodes = d.nodes.edges.map((e) => e.node);
  return (
    <div data-testid="overview">
      <h1>Network overview <LiveBadge state={live} /></h1>
      <div class="stats">
        <Stat name="height" label="Indexed height" value={o.height === null ? "—" : group(o.height)} />
        <Stat name="nodes-online" label="Nodes online" value={o.nodesOnline} sub={`of ${o.nodes} registered`} />
        <Stat name="pledged" label="Total pledged" value={tokens(o.totalPledged, 2)} />
        <Stat name="stored" label="Total stored" value={bytes(o.volumeUsed)} sub={`of ${bytes(o.totalVolume)} offered`} />
        <Stat name="files" label="Files" value={group(o.files)} sub={`with a live deal · ${group(o.deals)} deals`} />
        <Stat name="holdings" label="Copies held" value={group(o.holdings)} sub={`accepted · ${group(o.offers)} offers open`} />
        <Stat name="proofs" label="Proofs" value={group(o.proofsRecent)} sub={`last ${group(o.window)} blocks · ${group(o.proofs)} in all`} />
        <Stat name="faults" label="Faults" value={group(o.faultsRecent)} sub={`last ${group(o.window)} blocks · ${group(o.faults)} in all`} />
      </div>
      <Section title="Proofs and faults per node">
        <Timeline label="proofs and faults per node over block height" rows={nodes.map((n) => ({ key: n.address, href: routes.node(n.address) }))} marks={marks} />
      </Section>
      <Section title="Storage used per node">
        <Bars label="storage used per node" items={nodes.map((n) => ({ key: n.address, href: routes.node(n.address), used: BigInt(n.volume) - BigInt(n.restVolume), total: BigInt(n.volume) }))} />
      </Section>
      <div class="columns">
        <Section title="Newest proofs">
          <Table testid="recent-proofs" empty="No proofs yet." head={["block", "node", "period", "reward"]}
            rows={d.recentProofs.slice(0, 10).map((p) => [group(p.blockNumber), <NodeLink address={p.node} />, group(p.period), tokens(p.reward)])} />
        </Section>
        <Section title="Newest faults">
          <Table testid="recent-faults" empty="No faults reported." head={["block", "node", "period", "slashed"]}
            rows={d.recentFaults.slice(0, 10).map((f) => [group(f.blockNumber), <NodeLink address={f.node} />, group(f.period), tokens(f.slashed)])} />
        </Section>
      </div>
      <Section title="Nodes">
        <Table testid="nodes" empty="No nodes registered." head={["node", "status", "used", "volume", "pledge"]}
          rows={nodes.map((n) => [<NodeLink address={n.address} />, n.status, bytes(BigInt(n.volume) - BigInt(n.restVolume)), bytes(n.volume), tokens(n.pledge, 2)])} />
      </Section>
    </div>
  );
}
