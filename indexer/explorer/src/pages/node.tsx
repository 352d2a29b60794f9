/**
 * One FS node: pledge, volume, its ledger account (rate, periods proved, fault), its proof set, the
 * deals it holds and was offered (state, periods proved and missed in each), its periods proved and
 * missed over block height, faults, rewards. Live.
 */
import { bytes, group, short, tokens } from "../format";
import { useQuery } from "../gql";
import { useSubscription } from "../live";
import { Bars, Timeline, type Mark } from "../plots";
import { AccountLink, Facts, FileLink, LiveBadge, Mono, Pending, Section, Table } from "../ui";
import { slotState } from "./file";

const QUERY = /* GraphQL */ `
  query Node($a: String!) {
    node(address: $a) {
      address hostAddr volume restVolume serviceTime liveFiles status pledge slashed registeredAt proofCount faultCount filesHeld offers
      rate provenPeriods faultedPeriod period
      proofSet { total live pieceCount livePieces schedulePeriod scheduleDeadline }
      deals(first: 100) {
        edges { node { dealId seq fileHash status reason offeredUntil rate paid escrow periodsProven periodsMissed deal { owner realFileSize state } } }
        pageInfo { hasNextPage }
      }
    }
    rewards(node: $a) { unclaimed claimed earned claims { to amount blockNumber txHash } }
    recentProofs(node: $a, first: 100) { period blockNumber reward challenged skipped txHash }
    recentFaults(node: $a, first: 100) { period blockNumber slashed reporter txHash }
  }
`;

interface Slot {
  dealId: string; seq: number; fileHash: string; status: string; reason: string | null; offeredUntil: string; rate: string | null; paid: string | null;
  escrow: string; periodsProven: number; periodsMissed: number; deal: { owner: string; realFileSize: string; state: string };
}
interface Data {
  node: {
    address: string; hostAddr: string; volume: string; restVolume: string; serviceTime: string; liveFiles: string; status: string; pledge: string;
    slashed: string; registeredAt: string; proofCount: number; faultCount: number; filesHeld: number; offers: number;
    rate: string; provenPeriods: number; faultedPeriod: number | null; period: number;
    proofSet: { total: string; live: string; pieceCount: number; livePieces: number; schedulePeriod: number | null; scheduleDeadline: string | null };
    deals: { edges: { node: Slot }[]; pageInfo: { hasNextPage: boolean } };
  };
  rewards: { unclaimed: string; claimed: string; earned: string; claims: { to: string; amount: string; blockNumber: string; txHash: string }[] };
  recentProofs: { period: number; blockNumber: string; reward: string; challenged: number; skipped: number; txHash: string }[];
  recentFaults: { period: number; blockNumber: string; slashed: string; reporter: string; txHash: string }[];
}

const PROOFS = /* GraphQL */ `subscription($n: String) { proofSubmitted(node: $n) { blockNumber } }`;
const FAULTS = /* GraphQL */ `subscription($n: String) { faultReported(node: $n) { blockNumber } }`;
const SLOTS = /* GraphQL */ `subscription($n: String) { slotChanged(node: $n) { status } }`;

export function NodePage({ address }: { address: string }) {
  const q = useQuery<Data>(QUERY, { a: address });
  const live = useSubscription(PROOFS, { n: address }, q.reload, q.reload);
  useSubscription(FAULTS, { n: address }, q.reload, q.reload);
  useSubscription(SLOTS, { n: address }, q.reload, q.reload);
  const d = q.data;
  if (!d) return <Pending error={q.error} retry={q.reload} what={`No FS node ${address} has registered on this chain.`} />;
  const n = d.node;
  const used = BigInt(n.volume) - BigInt(n.restVolume);
  const slots = n.deals.edges.map((e) => e.node);
  const held = slots.filter((s) => s.status === "active");
  const marks: Mark[] = [
    ...d.recentProofs.map((p) => ({ row: "proved", block: Number(p.blockNumber), kind: "proof" as const, title: `period ${p.period} proved at block ${p.blockNumber}` })),
    ...d.recentFaults.map((f) => ({ row: "missed", block: Number(f.blockNumber), kind: "fault" as const, title: `period ${f.period} missed, reported at block ${f.blockNumber}` })),
  ];
  return (
    <div data-testid="node">
      <h1>FS node <Mono>{n.address}</Mono> <LiveBadge state={live} /></h1>
      <p class={n.status === "Active" ? "badge ok" : "badge gone"}>{n.status}</p>
      <Facts rows={[
        ["Account", <AccountLink address={n.address} full />],
        ["Address (libp2p)", <Mono>{n.hostAddr}</Mono>],
        ["Pledge", `${tokens(n.pledge)}${BigInt(n.slashed) > 0n ? ` (${tokens(n.slashed)} slashed)` : ""}`],
        ["Volume", `${bytes(used)} used, ${bytes(n.restVolume)} free of ${bytes(n.volume)}`],
        ["Deals held", `${group(n.filesHeld)}${n.offers ? `, ${group(n.offers)} offered and not answered` : ""}`],
        ["Periods proved / faults", `${group(n.proofCount)} / ${group(n.faultCount)}`],
        ["Next period", n.faultedPeriod === null ? `${group(n.period)}` : `${group(n.period)} (missed period ${group(n.faultedPeriod)}: its deals are open to recovery until it proves again)`],
        ["Rate", `${tokens(n.rate)} per proved period`],
        ["Proof set", `${group(n.proofSet.livePieces)} pieces, ${group(n.proofSet.live)} leaves${n.proofSet.pieceCount !== n.proofSet.livePieces ? ` (${group(n.proofSet.pieceCount - n.proofSet.livePieces)} removed pieces, ${group(BigInt(n.proofSet.total) - BigInt(n.proofSet.live))} leaves, still weighted until compacted)` : ""}`],
        ["Rewards", `${tokens(d.rewards.earned)} earned, ${tokens(d.rewards.claimed)} claimed, ${tokens(d.rewards.unclaimed)} to claim`],
        ["Registered at block", group(n.registeredAt)],
        ["Service time", `${group(n.serviceTime)} blocks`],
      ]} />
      <Bars label="volume used" items={[{ key: n.address, used, total: BigInt(n.volume) }]} />
      <Section title="Periods proved and missed">
        <Timeline label="this node's proved and missed periods over block height" rows={[{ key: "proved" }, { key: "missed" }]} marks={marks} />
        <Table testid="node-periods" empty="No period closed yet." head={["block", "period", "outcome", "reward / slashed", "leaves checked", "transaction"]}
          rows={[
            ...d.recentProofs.map((p) => ({ block: p.blockNumber, row: [group(p.blockNumber), group(p.period), <span class="proof" data-kind="proof">proved</span>, tokens(p.reward), `${p.challenged}${p.skipped ? ` (${p.skipped} skipped)` : ""}`, <Mono title={p.txHash}>{p.txHash.slice(0, 12)}…</Mono>] })),
            ...d.recentFaults.map((f) => ({ block: f.blockNumber, row: [group(f.blockNumber), group(f.period), <span class="fault" data-kind="fault">missed</span>, `−${tokens(f.slashed)}`, "—", <Mono title={f.txHash}>{f.txHash.slice(0, 12)}…</Mono>] })),
          ].sort((a, b) => Number(BigInt(b.block) - BigInt(a.block))).slice(0, 40).map((x) => x.row)} />
      </Section>
      <Section title="Files held">
        <Table testid="files-held" empty="Holds no file." head={["file", "deal", "size", "owner", "periods proved / missed", "rate per period", "paid"]}
          rows={held.map((s) => [<FileLink hash={s.fileHash} />, <Mono title={s.dealId}>{short(s.dealId)}</Mono>, bytes(s.deal.realFileSize), <AccountLink address={s.deal.owner} />,
            `${group(s.periodsProven)} / ${group(s.periodsMissed)}`, s.rate === null ? "—" : tokens(s.rate), s.paid === null ? "—" : tokens(s.paid)])} />
      </Section>
      <Section title="Deals">
        <Table testid="node-deals" empty="Was never offered a deal." head={["file", "deal", "slot", "deal state", "periods proved / missed", "paid", "escrow"]}
          rows={slots.map((s) => [<FileLink hash={s.fileHash} />, <Mono title={s.dealId}>{short(s.dealId)}</Mono>, <span data-status={s.status}>{slotState(s)}</span>, s.deal.state,
            `${group(s.periodsProven)} / ${group(s.periodsMissed)}`, s.paid === null ? "—" : tokens(s.paid), tokens(s.escrow)])} />
        {n.deals.pageInfo.hasNextPage && <p class="more">First 100 shown.</p>}
      </Section>
      <Section title="Newest proofs">
        <Table testid="node-proofs" empty="No proofs yet." head={["block", "period", "reward"]}
          rows={d.recentProofs.slice(0, 20).map((p) => [group(p.blockNumber), group(p.period), tokens(p.reward)])} />
      </Section>
      <Section title="Faults">
        <Table testid="node-faults" empty="No faults reported." head={["block", "period", "slashed", "reported by"]}
          rows={d.recentFaults.map((f) => [group(f.blockNumber), group(f.period), tokens(f.slashed), <AccountLink address={f.reporter} />])} />
      </Section>
      <Section title="Reward claims">
        <Table testid="claims" empty="No rewards claimed." head={["block", "amount", "to"]}
          rows={d.rewards.claims.map((c) => [group(c.blockNumber), tokens(c.amount), <AccountLink address={c.to} />])} />
      </Section>
    </div>
  );
}
