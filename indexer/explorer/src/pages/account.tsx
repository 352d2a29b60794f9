/** One address (EVM or DSP): its DSP binding, node, files owned, balances (user space, channels, rewards), DNS names. */
import { bytes, group, height, short, tokens } from "../format";
import { useQuery } from "../gql";
import { routes } from "../search";
import { AccountLink, Facts, FileLink, Mono, NodeLink, Pending, Section, Table } from "../ui";

const QUERY = /* GraphQL */ `
  query Account($a: String!) {
    account(address: $a) {
      evm dspAddress boundAt filesOwned liveDeals
      node { address status pledge rewards }
      space { totalBytes usedBytes expiredHeight balance }
      channels { channelId sender recipient deposit collected status closesAt }
      dnsHeaders { name desc expiredHeight live }
      dnsNames { name header url link expiredHeight deleted fileHash }
    }
  }
`;
const FILES = /* GraphQL */ `
  query Owned($o: String!) { deals(owner: $o, first: 50) { edges { node { dealId seq fileHash realFileSize state storedBlock holders { node } } } pageInfo { hasNextPage } } }
`;

interface Account {
  evm: string; dspAddress: string | null; boundAt: string | null; filesOwned: number; liveDeals: number;
  node: { address: string; status: string; pledge: string; rewards: string } | null;
  space: { totalBytes: string; usedBytes: string; expiredHeight: string; balance: string } | null;
  channels: { channelId: string; sender: string; recipient: string; deposit: string; collected: string; status: string; closesAt: string }[];
  dnsHeaders: { name: string; desc: string; expiredHeight: string; live: boolean }[];
  dnsNames: { name: string; header: string; url: string; link: string; expiredHeight: string; deleted: boolean; fileHash: string | null }[];
}
interface Owned {
  deals: { edges: { node: { dealId: string; seq: number; fileHash: string; realFileSize: string; state: string; storedBlock: string; holders: { node: string }[] } }[]; pageInfo: { hasNextPage: boolean } };
}

export function AccountPage({ address }: { address: string }) {
  const q = useQuery<{ account: Account }>(QUERY, { a: address });
  const a = q.data?.account;
  const owned = useQuery<Owned>(FILES, { o: a?.evm }, !!a);
  if (!a) return <Pending error={q.error} retry={q.reload} what={`The chain has no trace of ${address}.`} />;
  const sending = a.channels.filter((c) => c.sender === a.evm && c.status !== "Settled");
  const locked = sending.reduce((s, c) => s + BigInt(c.deposit) - BigInt(c.collected), 0n);
  const deals = owned.data?.deals;
  return (
    <div data-testid="account">
      <h1>Account <Mono>{a.evm}</Mono></h1>
      <Facts rows={[
        ["EVM address", <Mono>{a.evm}</Mono>],
        ["DSP address", a.dspAddress ? <span><Mono>{a.dspAddress}</Mono> (bound at block {group(a.boundAt!)})</span> : "not bound in the AccountRegistry"],
        ["FS node", a.node ? <span><NodeLink address={a.node.address} full /> ({a.node.status})</span> : "no"],
        ["Files owned", `${group(a.filesOwned)} (${group(a.liveDeals)} live deals)`],
      ]} />
      <Section title="Balances">
        <Facts rows={[
          ["User space", a.space ? `${tokens(a.space.balance)} · ${bytes(a.space.usedBytes)} used of ${bytes(a.space.totalBytes)} until block ${group(a.space.expiredHeight)}` : "none"],
          ["In open channels", `${tokens(locked)} in ${sending.length} channel${sending.length === 1 ? "" : "s"} it pays from`],
          ...(a.node ? [["Node pledge", tokens(a.node.pledge)], ["Node rewards to claim", tokens(a.node.rewards)]] as [string, string][] : []),
        ]} />
      </Section>
      <Section title="Files owned">
        <Table testid="files-owned" empty="Owns no file." head={["file", "deal", "size", "stored at", "state", "holders"]}
          rows={(deals?.edges ?? []).map(({ node: d }) => [<FileLink hash={d.fileHash} />, <Mono title={d.dealId}>{short(d.dealId)}{d.seq ? ` #${d.seq + 1}` : ""}</Mono>,
            bytes(d.realFileSize), group(d.storedBlock), d.state, group(d.holders.length)])} />
        {deals?.pageInfo.hasNextPage && <p class="more">First 50 shown.</p>}
      </Section>
      <Section title="Payment channels">
        <Table testid="channels" empty="No channels." head={["channel", "role", "counterparty", "deposit", "collected", "status"]}
          rows={a.channels.map((c) => {
            const sender = c.sender === a.evm;
            const other = sender ? c.recipient : c.sender;
            return [<Mono title={c.channelId}>{c.channelId.slice(0, 12)}…</Mono>, sender ? "pays" : "is paid", <AccountLink address={other} />, tokens(c.deposit), tokens(c.collected), c.status];
          })} />
      </Section>
      <Section title="DNS">
        <Table testid="headers" empty="Owns no header." head={["header", "description", "expires at", "state"]}
          rows={a.dnsHeaders.map((h) => [<a href={routes.header(h.name)}>{h.name}</a>, h.desc, height(h.expiredHeight), h.live ? "live" : "expired"])} />
        <Table testid="names" empty="Owns no name." head={["name", "link", "expires at"]}
          rows={a.dnsNames.map((n) => [<a href={routes.name(n.header, n.url)}>{n.name}</a>, n.fileHash ? <FileLink hash={n.fileHash} /> : <Mono>{n.link}</Mono>, n.deleted ? "deleted" : height(n.expiredHeight)])} />
      </Section>
    </div>
  );
}
