/** One file: its FileInfo, holders with their last proof, the proof and fault timeline (live), whitelist, DNS names, download. */
import { useMemo } from "preact/hooks";
import { bytes, group, height, PRIVILEGE, STORAGE_TYPE, text, tokens } from "../format";
import { useQuery } from "../gql";
import { useSubscription } from "../live";
import { Timeline, type Mark } from "../plots";
import { routes } from "../search";
import { AccountLink, Facts, LiveBadge, Mono, NodeLink, Pending, Section, Table } from "../ui";

const QUERY = /* GraphQL */ `
  query File($h: String!) {
    file(hash: $h) {
      fileHash owner fileDesc privilege copyNum storageType encrypted share valid endReason refund underReplicated
      blockNum blockSize realFileSize proveInterval proveTimes challengeCount proofWindow expiredHeight storedBlock
      leafCount dataRoot blocksRoot deposit dnsUrl
      holders { node active started proofsDone proofsLeft escrow nextChallenge replaced hostAddr lastProof { blockNumber } }
      candidates(unused: true)
      whitelist { addr fromHeight toHeight }
      dnsNames { name header url owner expiredHeight }
    }
    recentProofs(fileHash: $h, first: 100) { node blockNumber challengeHeight reward txHash }
    recentFaults(fileHash: $h, first: 100) { node reporter blockNumber missedChallenge slashed txHash }
  }
`;

interface Holder {
  node: string; active: boolean; started: boolean; proofsDone: string; proofsLeft: string; escrow: string; nextChallenge: string;
  replaced: string | null; hostAddr: string | null; lastProof: { blockNumber: string } | null;
}
interface Data {
  file: {
    fileHash: string; owner: string; fileDesc: string; privilege: number; copyNum: number; storageType: number; encrypted: boolean; share: boolean;
    valid: boolean; endReason: string | null; refund: string | null; underReplicated: boolean; blockNum: string; blockSize: string; realFileSize: string;
    proveInterval: string; proveTimes: string; challengeCount: number; proofWindow: number; expiredHeight: string; storedBlock: string;
    leafCount: string; dataRoot: string; blocksRoot: string; deposit: string; dnsUrl: string;
    holders: Holder[]; candidates: string[];
    whitelist: { addr: string; fromHeight: string; toHeight: string }[];
    dnsNames: { name: string; header: string; url: string; owner: string; expiredHeight: string }[];
  };
  recentProofs: { node: string; blockNumber: string; challengeHeight: string; reward: string; txHash: string }[];
  recentFaults: { node: string; reporter: string; blockNumber: string; missedChallenge: string; slashed: string; txHash: string }[];
}

const PROOFS = /* GraphQL */ `subscription($h: String) { proofSubmitted(fileHash: $h) { blockNumber } }`;
const FAULTS = /* GraphQL */ `subscription($h: String) { faultReported(fileHash: $h) { blockNumber } }`;

type Event = { kind: "proof" | "fault"; node: string; block: string; amount: string; tx: string; detail: string };

export function FilePage({ hash }: { hash: string }) {
  const q = useQuery<Data>(QUERY, { h: hash });
  const live = useSubscription(PROOFS, { h: hash }, q.reload, q.reload);
  useSubscription(FAULTS, { h: hash }, q.reload, q.reload);
  const d = q.data;
  const events = useMemo<Event[]>(() => d ? [
    ...d.recentProofs.map((p) => ({ kind: "proof" as const, node: p.node, block: p.blockNumber, amount: tokens(p.reward), tx: p.txHash, detail: `challenge at ${group(p.challengeHeight)}` })),
    ...d.recentFaults.map((f) => ({ kind: "fault" as const, node: f.node, block: f.blockNumber, amount: `−${tokens(f.slashed)}`, tx: f.txHash, detail: `missed the challenge at ${group(f.missedChallenge)}` })),
  ].sort((a, b) => Number(BigInt(b.block) - BigInt(a.block))) : [], [d]);
  if (!d) return <Pending error={q.error} retry={q.reload} what={`No file ${hash} on this chain.`} />;
  const f = d.file;
  const rows = [...new Set([...f.holders.map((h) => h.node), ...events.map((e) => e.node)])];
  const marks: Mark[] = events.map((e) => ({ row: e.node, block: Number(e.block), kind: e.kind, title: `${e.kind} at block ${e.block}` }));
  return (
    <div data-testid="file">
      <h1>File <Mono>{f.fileHash}</Mono> <LiveBadge state={live} /></h1>
      <p class={f.valid ? "badge ok" : "badge gone"}>{f.valid ? "stored" : `ended: ${f.endReason ?? "invalid"}`}{f.underReplicated ? " · under-replicated" : ""}</p>
      <Facts rows={[
        ["Description", f.fileDesc && f.fileDesc !== "0x" ? <span title={f.fileDesc}>{text(f.fileDesc)}</span> : "—"],
        ["Owner", <AccountLink address={f.owner} full />],
        ["Size", `${bytes(f.realFileSize)} (${group(f.blockNum)} blocks of ${bytes(f.blockSize)})`],
        ["Copies", `${f.copyNum + 1} (${f.copyNum} besides the primary)`],
        ["Privilege", PRIVILEGE[f.privilege] ?? String(f.privilege)],
        ["Storage", STORAGE_TYPE[f.storageType] ?? String(f.storageType)],
        ["Encrypted / shared", `${f.encrypted ? "yes" : "no"} / ${f.share ? "yes" : "no"}`],
        ["Stored at block", group(f.storedBlock)],
        ["Expires at block", height(f.expiredHeight)],
        ["Proofs", `every ${group(f.proveInterval)} blocks, ${group(f.proveTimes)} in all; ${f.challengeCount} leaves per challenge, ${f.proofWindow} blocks to answer`],
        ["Deposit", tokens(f.deposit)],
        ...(f.refund !== null ? [["Refunded", tokens(f.refund)] as [string, string]] : []),
        ["Data root (PDP)", <Mono>{f.dataRoot}</Mono>],
        ["Blocks root", <Mono>{f.blocksRoot}</Mono>],
        ["Download", <span><Mono>{`dsp file download ${f.fileHash} <out>`}</Mono> · link <a class="mono" href={`dsp://file?hash=${f.fileHash}`}>{`dsp://file?hash=${f.fileHash}`}</a></span>],
      ]} />
      <Section title="Holders">
        <Table testid="holders" empty="No holders." head={["node", "state", "last proof", "proofs done / left", "escrow", "next challenge", "address"]}
          rows={f.holders.map((h) => [
            <NodeLink address={h.node} />,
            h.active ? (h.started ? "proving" : "assigned") : "dropped",
            h.lastProof ? `block ${group(h.lastProof.blockNumber)}` : "none yet",
            `${group(h.proofsDone)} / ${group(h.proofsLeft)}`,
            tokens(h.escrow),
            h.active ? group(h.nextChallenge) : "—",
            <Mono>{h.hostAddr ?? "—"}</Mono>,
          ])} />
        {f.candidates.length > 0 && <p>Recovery candidates: {f.candidates.map((c) => <span key={c}><NodeLink address={c} /> </span>)}</p>}
      </Section>
      <Section title="Proofs and faults">
        <Timeline label="proofs and faults of this file over block height" rows={rows.map((n) => ({ key: n, href: routes.node(n) }))} marks={marks} />
        <Table testid="timeline-events" empty="No proofs or faults yet." head={["block", "event", "node", "amount", "detail", "transaction"]}
          rows={events.map((e) => [group(e.block), <span class={e.kind} data-kind={e.kind}>{e.kind}</span>, <NodeLink address={e.node} />, e.amount, e.detail, <Mono title={e.tx}>{e.tx.slice(0, 12)}…</Mono>])} />
      </Section>
      <Section title="Whitelist">
        <Table testid="whitelist" empty={f.privilege === 2 ? "Nobody is on the whitelist." : "Not a whitelisted file."} head={["address", "from block", "to block"]}
          rows={f.whitelist.map((w) => [<AccountLink address={w.addr} />, group(w.fromHeight), group(w.toHeight)])} />
      </Section>
      <Section title="DNS names">
        <Table testid="dns-names" empty="No DNS name points to this file." head={["name", "owner", "expires at"]}
          rows={f.dnsNames.map((n) => [<a href={routes.name(n.header, n.url)}>{n.name}</a>, <AccountLink address={n.owner} />, height(n.expiredHeight)])} />
      </Section>
    </div>
  );
}
