/** DNS: headers and names as registered, a header's names, and the resolution of one header://url. */
import { useState } from "preact/hooks";
import { height } from "../format";
import { useQuery } from "../gql";
import { routes } from "../search";
import { AccountLink, Facts, FileLink, Mono, Pending, Section, Table } from "../ui";

interface Name { name: string; header: string; url: string; owner: string; link: string; expiredHeight: string; deleted: boolean; fileHash: string | null }
interface Header { name: string; owner: string; desc: string; expiredHeight: string; reserved: boolean; live: boolean }
const NAME_FIELDS = "name header url owner link expiredHeight deleted fileHash";

const LIST = /* GraphQL */ `
  query Dns($header: String) {
    dnsHeaders(first: 100) { edges { node { name owner desc expiredHeight reserved live } } pageInfo { hasNextPage } }
    dnsNames(header: $header, first: 100) { edges { node { ${NAME_FIELDS} } } pageInfo { hasNextPage } }
    status { blockNumber }
  }
`;

function Resolver() {
  const [text, setText] = useState("");
  return (
    <form class="inline" onSubmit={(e) => {
      e.preventDefault();
      const i = text.indexOf("://");
      location.hash = i > 0 ? routes.name(text.slice(0, i), text.slice(i + 3)) : routes.name("dsp", text);
    }}>
      <input aria-label="name to resolve" placeholder="header://url (dsp:// if no header)" value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
      <button type="submit">Resolve</button>
    </form>
  );
}

const nameRows = (names: Name[], now: bigint) => names.map((n) => [
  <a href={routes.name(n.header, n.url)}>{n.name}</a>,
  n.fileHash ? <FileLink hash={n.fileHash} /> : <Mono>{n.link || "—"}</Mono>,
  <AccountLink address={n.owner} />,
  height(n.expiredHeight),
  n.deleted ? "deleted" : BigInt(n.expiredHeight) <= now ? "expired" : "registered",
]);

/** #/dns: every header and name; #/dns/<header>: the names under one header. */
export function DnsPage({ header }: { header?: string }) {
  const q = useQuery<{ dnsHeaders: { edges: { node: Header }[]; pageInfo: { hasNextPage: boolean } }; dnsNames: { edges: { node: Name }[]; pageInfo: { hasNextPage: boolean } }; status: { blockNumber: string | null } }>(LIST, { header: header ?? null });
  const d = q.data;
  if (!d) return <Pending error={q.error} retry={q.reload} what="DNS could not be loaded." />;
  const now = BigInt(d.status.blockNumber ?? 0);
  const headers = d.dnsHeaders.edges.map((e) => e.node);
  const names = d.dnsNames.edges.map((e) => e.node);
  const h = header !== undefined ? headers.find((x) => x.name === header) : undefined;
  return (
    <div data-testid="dns">
      <h1>{header !== undefined ? <>DNS header <Mono>{header}</Mono></> : "DNS"}</h1>
      <Resolver />
      {header === undefined && (
        <Section title="Headers">
          <Table testid="headers" empty="No headers registered." head={["header", "owner", "description", "expires at", "state"]}
            rows={headers.map((x) => [<a href={routes.header(x.name)}>{x.name}</a>, <AccountLink address={x.owner} />, x.desc, x.reserved ? "never (reserved)" : height(x.expiredHeight), x.live || x.reserved ? "live" : "expired or deleted"])} />
        </Section>
      )}
      {h && <Facts rows={[["Owner", <AccountLink address={h.owner} full />], ["Description", h.desc || "—"], ["Expires at", h.reserved ? "never (reserved)" : height(h.expiredHeight)], ["State", h.live || h.reserved ? "live" : "expired or deleted"]]} />}
      <Section title={header !== undefined ? "Names" : "Names (first 100)"}>
        <Table testid="names" empty="No names." head={["name", "link", "owner", "expires at", "state"]} rows={nameRows(names, now)} />
      </Section>
    </div>
  );
}

const RESOLVE = /* GraphQL */ `
  query Resolve($header: String!, $url: String!) {
    resolve(header: $header, url: $url) { name link owner desc expiredHeight file { fileHash valid liveDeals } }
  }
`;

/** #/name/<header>/<url>: what the name resolves to at the indexed height, or why it does not. */
export function NamePage({ header, url }: { header: string; url: string }) {
  const q = useQuery<{ resolve: { name: string; link: string; owner: string; desc: string; expiredHeight: string; file: { fileHash: string; valid: boolean; liveDeals: number } | null } }>(RESOLVE, { header, url });
  const r = q.data?.resolve;
  if (!r) return <Pending error={q.error} retry={q.reload} what={`The name ${header}://${url} does not resolve.`} />;
  return (
    <div data-testid="name">
      <h1>DNS name <Mono>{r.name}</Mono></h1>
      <Facts rows={[
        ["Resolves to", <Mono>{r.link}</Mono>],
        ["File", r.file ? <FileLink hash={r.file.fileHash} full /> : "not a file link"],
        ["Owner", <AccountLink address={r.owner} full />],
        ["Description", r.desc || "—"],
        ["Expires at block", height(r.expiredHeight)],
        ["Header", <a href={routes.header(header)}>{header}</a>],
      ]} />
    </div>
  );
}
