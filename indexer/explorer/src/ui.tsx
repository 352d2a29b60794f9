/** Small pieces every page uses: links to keys, a definition list, a table, stat cards, states. */
import type { ComponentChildren } from "preact";
import { short } from "./format";
import type { GqlError } from "./gql";
import type { LiveState } from "./live";
import { routes } from "./search";

export const FileLink = ({ hash, full }: { hash: string; full?: boolean }) => <a class="mono" href={routes.file(hash)} title={hash}>{full ? hash : short(hash)}</a>;
export const NodeLink = ({ address, full }: { address: string; full?: boolean }) => <a class="mono" href={routes.node(address)} title={address}>{full ? address : short(address)}</a>;
export const AccountLink = ({ address, full }: { address: string; full?: boolean }) => <a class="mono" href={routes.account(address)} title={address}>{full ? address : short(address)}</a>;
export const Mono = ({ children, title }: { children: ComponentChildren; title?: string }) => <span class="mono" title={title}>{children}</span>;

export function Facts({ rows }: { rows: [string, ComponentChildren][] }) {
  return (
    <dl class="facts">
      {rows.map(([k, v]) => [<dt key={`${k}-t`}>{k}</dt>, <dd key={`${k}-d`}>{v}</dd>])}
    </dl>
  );
}

export function Table({ head, rows, empty, testid }: { head: string[]; rows: ComponentChildren[][]; empty: string; testid?: string }) {
  if (!rows.length) return <p class="empty" data-testid={testid}>{empty}</p>;
  return (
    <div class="scroll">
      <table data-testid={testid}>
        <thead><tr>{head.map((h) => <th key={h}>{h}</th>)}</tr></thead>
        <tbody>{rows.map((r, i) => <tr key={i}>{r.map((c, j) => <td key={j}>{c}</td>)}</tr>)}</tbody>
      </table>
    </div>
  );
}

export function Stat({ name, label, value, sub }: { name: string; label: string; value: ComponentChildren; sub?: ComponentChildren }) {
  return (
    <div class="stat" data-stat={name}>
      <div class="label">{label}</div>
      <div class="value">{value}</div>
      {sub && <div class="sub">{sub}</div>}
    </div>
  );
}

export const Section = ({ title, children, extra }: { title: string; children: ComponentChildren; extra?: ComponentChildren }) => (
  <section><h2>{title}{extra}</h2>{children}</section>
);

export const Loading = () => <p class="loading" aria-busy="true">Loading…</p>;

export function NotFound({ what, detail }: { what: string; detail?: string }) {
  return (
    <section class="not-found" data-testid="not-found">
      <h1>Not found</h1>
      <p>{what}</p>
      {detail && <p class="detail">{detail}</p>}
      <p><a href="#/">Back to the overview</a></p>
    </section>
  );
}

export function Failure({ error, retry }: { error: GqlError; retry: () => void }) {
  return (
    <section class="failure" role="alert">
      <h1>Something went wrong</h1>
      <p>{error.message}</p>
      <button type="button" onClick={retry}>Try again</button>
    </section>
  );
}

/** Not found, a failure, or loading: what a page shows while it has no data. */
export function Pending({ error, retry, what }: { error?: GqlError; retry: () => void; what: string }) {
  if (error?.notFound) return <NotFound what={what} detail={error.message} />;
  if (error) return <Failure error={error} retry={retry} />;
  return <Loading />;
}

export const LiveBadge = ({ state }: { state: LiveState }) => (
  <span class={`live ${state}`} data-live={state} title="updates arrive as the chain moves">{state === "live" ? "● live" : state === "connecting" ? "○ connecting" : "○ offline"}</span>
);
