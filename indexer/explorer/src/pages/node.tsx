/** One FS node: pledge, volume, files held, proofs and faults over block height (per file), rewards. Live. */
import { bytes, group, tokens } from "../format";
import { useQuery } from "../gql";
import { useSubscription } from "../live";
import { Bars, Timeline, type Mark } from "../plots";
import { routes } from "../search";
import { AccountLink, Facts, FileLink, LiveBadge, Mono, Pending, Section, Table } from "../ui";

const QUERY = /* GraphQL */ `
  query Node($a: String!) {
    node(address: $a) { address hostAddr volume restVolume serviceTime liveFiles status pledge slashed registeredAt proofCount faultCount filesHeld }
    rewards(node: $a) { unclaimed claimed earned claims { to amount blockNumber txHash } }
    files(holder: $a, first: 50) { edges { node { fileHash realFileSize owner } } pageInfo { hasNextPage } }
    recentProofs(node: $a, first: 100) { fileHash blockNumber reward }
    recentFaults(node: $a, first: 100) { fileHash blockNumber slashed reporter }
  }
`;

interface Data {
  node: {
    address: string; hostAddr: string; volume: string; restVolume: string; serviceTime: string; liveFiles: string; status: string; pledge: string;
    slashed: string; registeredAt: string; proofCount: number; faultCount: number; filesHeld: number;
  };
  rewards: { unclaimed: string; claimed: string; earned: string; claims: { to: string; amount: string; blockNumber: string; txHash: string }[] };
  files: { edges: { node: { fileHash: string; realFileSize: string; owner: string } }[]; pageInfo: { hasNextPage: boolean } };
  recentProofs: { fileHash: string; blockNumber: string; reward: string }[];
  recentFaults: { fileHash: string; blockNumber: string; slashed: string; reporter: string }[];
}

const PROOFS = /* GraphQL */ `subscription($n: String) { proofSubmitted(node: $n) { blockNumber } }`;
const FAULTS = /* GraphQL */ `subscription($n: String) { faultReported(node: $n) { blockNumber } }`;

export function NodePage({ address }: { address: string }) {
  const q = useQuery<Data>(QUERY, { a: address });
  const live = useSubscription(PROOFS, { n: address }, q.reload, q.reload);
  useSubscription(FAULTS, { n: address }, q.reload, q.reload);
  const d = q.data;
  if (!d) return <Pending error={q.error} retry={q.reload} what={`No FS node ${address} has registered on this chain.`} />;
  const n = d.node;
  const used = BigInt(n.volume) - BigInt(n.restVolume);
  const marks: Mark[] = [
    ...d.recentProofs.map((p) => ({ row: p.fileHash, block: Number(p.blockNumber), kind: "proof" as const, title: `proof at block ${p.blockNumber}` })),
    ...d.recentFaults.map((f) => ({ row: f.fileHash, block: Number(f.blockNumber), kind: "fault" as const, title: `fault at block ${f.blockNumber}` })),
  ];
  const rows = [...new Set(marks.map((m) => m.row))].map((h) => ({ key: h, href: routes.file(h) }));
  return (
    <div data-testid="node">
      <h1>FS node <Mono>{n.address}</Mono> <LiveBadge state={live} /></h1>
      <p class={n.status === "Active" ? "badge ok" : "badge gone"}>{n.status}</p>
      <Facts rows={[
        ["Account", <AccountLink address={n.address} full />],
        ["Address (libp2p)", <Mono>{n.hostAddr}</Mono>],
        ["Pledge", `${tokens(n.pledge)}${BigInt(n.slashed) > 0n ? ` (${tokens(n.slashed)} slashed)` : ""}`],
        ["Volume", `${bytes(used)} used, ${bytes(n.restVolume)} free of ${bytes(n.volume)}`],
        ["Files held", `${group(n.filesHeld)}`],
        ["Proofs / faults", `${group(n.proofCount)} / ${group(n.faultCount)}`],
        ["Rewards", `${tokens(d.rewards.earned)} earned, ${tokens(d.rewards.claimed)} claimed, ${tokens(d.rewards.unclaimed)} to claim`],
        ["Registered at block", group(n.registeredAt)],
        ["Service time", `${group(n.serviceTime)} blocks`],
      ]} />
      <Bars label="volume used" items={[{ key: n.address, used, total: BigInt(n.volume) }]} />
      <Section title="Proofs and faults per file">
        <Timeline label="this node's proofs and faults per file over block height" rows={rows} marks={marks} />
      </Section>
      <Section title="Files held">
        <Table testid="files-held" empty="Holds no file." head={["file", "size", "owner"]}
          rows={d.files.edges.map(({ node: f }) => [<FileLink hash={f.fileHash} />, bytes(f.realFileSize), <AccountLink address={f.owner} />])} />
        {d.files.pageInfo.hasNextPage && <p class="more">First 50 shown.</p>}
      </Section>
      <Section title="Newest proofs">
        <Table testid="node-proofs" empty="No proofs yet." head={["block", "file", "reward"]}
          rows={d.recentProofs.slice(0, 20).map((p) => [group(p.blockNumber), <FileLink hash={p.fileHash} />, tokens(p.reward)])} />
      </Section>
      <Section title="Faults">
        <Table testid="node-faults" empty="No faults reported." head={["block", "file", "slashed", "reported by"]}
          rows={d.recentFaults.map((f) => [group(f.blockNumber), <FileLink hash={f.fileHash} />, tokens(f.slashed), <AccountLink address={f.reporter} />])} />
      </Section>
      <Section title="Reward claims">
        <Table testid="claims" empty="No rewards claimed." head={["block", "amount", "to"]}
          rows={d.rewards.claims.map((c) => [group(c.blockNumber), tokens(c.amount), <AccountLink address={c.to} />])} />
      </Section>
    </div>
  );
}
