/**
 * One File Hash: its deals (one per owner that stored it, and again for a deal stored anew after it
 * closed) with their state and slots (offered, accepted, released, withdrawn), who holds it now with
 * each holder's periods proved and missed and its last proof, the proof and fault timeline of its
 * holders (live), whitelists, DNS names, download.
 */
import { useMemo } from "preact/hooks";
import { bytes, group, height, PRIVILEGE, short, STORAGE_TYPE, text, tokens } from "../format";
import { useQuery } from "../gql";
import { useSubscription } from "../live";
import { Timeline, type Mark } from "../plots";
import { routes } from "../search";
import { AccountLink, Facts, LiveBadge, Mono, NodeLink, Pending, Section, Table } from "../ui";

const SLOT = `node status reason replaced escrow rate paid left pieceId firstPeriod lastPeriod offeredUntil hostAddr periodsProven periodsMissed
  lastProof { blockNumber period }`;

const QUERY = /* GraphQL */ `
  query File($h: String!) {
    file(hash: $h) {
      fileHash valid storedBlock dealCount liveDeals owners
      holders { dealId ${SLOT} }
      deals {
        dealId seq owner fileDesc privilege copyNum storageType encrypted share valid state refund refunded underReplicated
        blockNum blockSize realFileSize proveInterval expiredHeight storedBlock endedBlock leafCount dataRoot blocksRoot deposit
        slots { ${SLOT} }
        candidates(unused: true)
        whitelist { addr fromHeight toHeight }
      }
      dnsNames { name header url owner expiredHeight }
    }
    recentProofs(fileHash: $h, first: 100) { node period blockNumber reward challenged txHash }
    recentFaults(fileHash: $h, first: 100) { node period reporter blockNumber slashed txHash }
  }
`;

interface Slot {
  node: string; status: string; reason: string | null; replaced: string | null; escrow: string; rate: string | null; paid: string | null; left: string | null;
  pieceId: number | null; firstPeriod: number | null; lastPeriod: number | null; offeredUntil: string; hostAddr: string | null;
  periodsProven: number; periodsMissed: number; lastProof: { blockNumber: string; period: number } | null;
}
interface Deal {
  dealId: string; seq: number; owner: string; fileDesc: string; privilege: number; copyNum: number; storageType: number; encrypted: boolean; share: boolean;
  valid: boolean; state: string; refund: string | null; refunded: string; underReplicated: boolean; blockNum: string; blockSize: string; realFileSize: string;
  proveInterval: string; expiredHeight: string; storedBlock: string; endedBlock: string | null; leafCount: string; dataRoot: string; blocksRoot: string;
  deposit: string; slots: Slot[]; candidates: string[]; whitelist: { addr: string; fromHeight: string; toHeight: string }[];
}
interface Data {
  file: {
    fileHash: string; valid: boolean; storedBlock: string; dealCount: number; liveDeals: number; owners: string[];
    holders: (Slot & { dealId: string })[]; deals: Deal[];
    dnsNames: { name: string; header: string; url: string; owner: string; expiredHeight: string }[];
  };
  recentProofs: { node: string; period: number; blockNumber: string; reward: string; challenged: number; txHash: string }[];
  recentFaults: { node: string; period: number; reporter: string; blockNumber: string; slashed: string; txHash: string }[];
}

const PROOFS = /* GraphQL */ `subscription($h: String) { proofSubmitted(fileHash: $h) { blockNumber } }`;
const FAULTS = /* GraphQL */ `subscription($h: String) { faultReported(fileHash: $h) { blockNumber } }`;
const SLOTS = /* GraphQL */ `subscription($h: String) { slotChanged(fileHash: $h) { status } }`;
const DEALS = /* GraphQL */ `subscription($h: String) { fileStored(fileHash: $h) { dealId } }`;

type Event = { kind: "proof" | "fault"; node: string; block: string; amount: string; tx: string; detail: string };

/** What a slot is, in a word or two: offered until a block, accepted, or how it ended. */
export function slotState(s: Pick<Slot, "status" | "reason" | "offeredUntil">) {
  if (s.status === "offered") return `offered until ${group(s.offeredUntil)}`;
  if (s.status === "active") return "accepted";
  return `${s.status}: ${s.reason ?? "—"}`;
}

const proofs = (s: Slot) => `${group(s.periodsProven)} / ${group(s.periodsMissed)}`;
const lastProof = (s: Slot) => (s.lastProof ? `block ${group(s.lastProof.blockNumber)} (period ${s.lastProof.period})` : "none yet");

function DealSection({ deal: d, fileHash }: { deal: Deal; fileHash: string }) {
  return (
    <section class="deal" data-testid="deal" data-deal={d.dealId} data-state={d.state}>
      <h3>
        Deal <Mono title={d.dealId}>{short(d.dealId, 8)}</Mono>{d.seq > 0 ? ` (stored again, #${d.seq + 1})` : ""} by <AccountLink address={d.owner} />{" "}
        <span class={d.valid ? "badge ok" : "badge gone"} data-testid="deal-state">{d.state}{d.underReplicated ? " · under-replicated" : ""}</span>
      </h3>
      <Facts rows={[
        ["Description", d.fileDesc && d.fileDesc !== "0x" ? <span title={d.fileDesc}>{text(d.fileDesc)}</span> : "—"],
        ["Size", `${bytes(d.realFileSize)} (${group(d.blockNum)} blocks of ${bytes(d.blockSize)}, ${group(d.leafCount)} PDP leaves)`],
        ["Copies", `${d.copyNum + 1}`],
        ["Privilege / storage", `${PRIVILEGE[d.privilege] ?? String(d.privilege)} / ${STORAGE_TYPE[d.storageType] ?? String(d.storageType)}`],
        ["Encrypted / shared", `${d.encrypted ? "yes" : "no"} / ${d.share ? "yes" : "no"}`],
        ["Stored at block", group(d.storedBlock)],
        [d.endedBlock ? "Ended at block" : "Expires at block", d.endedBlock ? group(d.endedBlock) : height(d.expiredHeight)],
        ["Proofs", `at most ${group(d.proveInterval)} blocks apart (one proof per holder per period)`],
        ["Deposit", `${tokens(d.deposit)}${BigInt(d.refunded) > 0n ? `, ${tokens(d.refunded)} of unfilled slots refunded` : ""}${d.refund !== null ? `, ${tokens(d.refund)} refunded at the end` : ""}`],
        ["Data root (PDP)", <Mono>{d.dataRoot}</Mono>],
        ["Blocks root", <Mono>{d.blocksRoot}</Mono>],
      ]} />
      <Table testid="slots" empty="No node was offered a slot." head={["node", "slot", "periods proved / missed", "last proof", "rate per period", "paid", "escrow"]}
        rows={d.slots.map((s) => [
          <NodeLink address={s.node} />,
          <span data-status={s.status}>{slotState(s)}{s.replaced ? <> (took over from <NodeLink address={s.replaced} />)</> : null}</span>,
          proofs(s),
          lastProof(s),
          s.rate === null ? "—" : tokens(s.rate),
          s.paid === null ? "—" : tokens(s.paid),
          tokens(s.escrow),
        ])} />
      {d.candidates.length > 0 && <p>Recovery candidates not offered yet: {d.candidates.map((c) => <span key={c}><NodeLink address={c} /> </span>)}</p>}
      {(d.privilege === 2 || d.whitelist.length > 0) && (
        <Table testid="whitelist" empty="Nobody is on the whitelist." head={["address", "from block", "to block"]}
          rows={d.whitelist.map((w) => [<AccountLink address={w.addr} />, group(w.fromHeight), group(w.toHeight)])} />
      )}
      <p class="more"><Mono>{`dsp file download ${fileHash} <out>`}</Mono></p>
    </section>
  );
}

export function FilePage({ hash }: { hash: string }) {
  const q = useQuery<Data>(QUERY, { h: hash });
  const live = useSubscription(PROOFS, { h: hash }, q.reload, q.reload);
  useSubscription(FAULTS, { h: hash }, q.reload, q.reload);
  useSubscription(SLOTS, { h: hash }, q.reload, q.reload);
  useSubscription(DEALS, { h: hash }, q.reload, q.reload);
  const d = q.data;
  const events = useMemo<Event[]>(() => d ? [
    ...d.recentProofs.map((p) => ({ kind: "proof" as const, node: p.node, block: p.blockNumber, amount: tokens(p.reward), tx: p.txHash, detail: `period ${p.period} proved, ${p.challenged} leaves checked` })),
    ...d.recentFaults.map((f) => ({ kind: "fault" as const, node: f.node, block: f.blockNumber, amount: `−${tokens(f.slashed)}`, tx: f.txHash, detail: `period ${f.period} missed` })),
  ].sort((a, b) => Number(BigInt(b.block) - BigInt(a.block))) : [], [d]);
  if (!d) return <Pending error={q.error} retry={q.reload} what={`No file ${hash} on this chain.`} />;
  const f = d.file;
  const rows = [...new Set([...f.holders.map((h) => h.node), ...events.map((e) => e.node)])];
  const marks: Mark[] = events.map((e) => ({ row: e.node, block: Number(e.block), kind: e.kind, title: `${e.kind} at block ${e.block}` }));
  const deals = [...f.deals].sort((a, b) => Number(BigInt(b.storedBlock) - BigInt(a.storedBlock)));
  return (
    <div data-testid="file">
      <h1>File <Mono>{f.fileHash}</Mono> <LiveBadge state={live} /></h1>
      <p class={f.valid ? "badge ok" : "badge gone"}>{f.valid ? "stored" : "no live deal"}</p>
      <Facts rows={[
        ["Deals", `${group(f.liveDeals)} live of ${group(f.dealCount)}`],
        ["Owners", f.owners.length ? <span>{f.owners.map((o) => <span key={o}><AccountLink address={o} full /> </span>)}</span> : "—"],
        ["First stored at block", group(f.storedBlock)],
        ["Download", <span><Mono>{`dsp file download ${f.fileHash} <out>`}</Mono> · link <a class="mono" href={`dsp://file?hash=${f.fileHash}`}>{`dsp://file?hash=${f.fileHash}`}</a></span>],
      ]} />
      <Section title="Holders">
        <Table testid="holders" empty="No node holds it." head={["node", "deal", "last proof", "periods proved / missed", "rate per period", "paid", "address"]}
          rows={f.holders.map((h) => [
            <NodeLink address={h.node} />,
            <Mono title={h.dealId}>{short(h.dealId)}</Mono>,
            lastProof(h),
            proofs(h),
            h.rate === null ? "—" : tokens(h.rate),
            h.paid === null ? "—" : tokens(h.paid),
            <Mono>{h.hostAddr ?? "—"}</Mono>,
          ])} />
      </Section>
      <Section title="Deals">
        {deals.map((deal) => <DealSection key={`${deal.dealId}/${deal.seq}`} deal={deal} fileHash={f.fileHash} />)}
      </Section>
      <Section title="Proofs and faults of its holders">
        <Timeline label="proved and missed periods of this file's holders over block height" rows={rows.map((n) => ({ key: n, href: routes.node(n) }))} marks={marks} />
        <Table testid="timeline-events" empty="No proofs or faults yet." head={["block", "event", "node", "amount", "detail", "transaction"]}
          rows={events.map((e) => [group(e.block), <span class={e.kind} data-kind={e.kind}>{e.kind}</span>, <NodeLink address={e.node} />, e.amount, e.detail, <Mono title={e.tx}>{e.tx.slice(0, 12)}…</Mono>])} />
      </Section>
      <Section title="DNS names">
        <Table testid="dns-names" empty="No DNS name points to this file." head={["name", "owner", "expires at"]}
          rows={f.dnsNames.map((n) => [<a href={routes.name(n.header, n.url)}>{n.name}</a>, <AccountLink address={n.owner} />, height(n.expiredHeight)])} />
      </Section>
    </div>
  );
}
