/** The frame (header, search box, footer) and the route table. */
import { useErrorBoundary, useState } from "preact/hooks";
import { useQuery } from "./gql";
import { AccountPage } from "./pages/account";
import { DnsPage, NamePage } from "./pages/dns";
import { FilePage } from "./pages/file";
import { NodePage } from "./pages/node";
import { Overview } from "./pages/overview";
import { SearchPage } from "./pages/search";
import { ScanPage } from "./pages/scan";
import { useRoute } from "./router";
import { routes } from "./search";
import { NotFound } from "./ui";

function SearchBox() {
  const [text, setText] = useState("");
  return (
    <form class="search" role="search" onSubmit={(e) => {
      e.preventDefault();
      if (text.trim()) location.hash = routes.search(text);
    }}>
      <input name="q" aria-label="search" placeholder="File hash, DSP or EVM address, dsp url" value={text}
        onInput={(e) => setText((e.target as HTMLInputElement).value)} spellcheck={false} autocomplete="off" />
      <button type="submit">Search</button>
    </form>
  );
}

function Page({ route }: { route: string[] }) {
  const [first = "", a, b] = route;
  switch (first) {
    case "":
      return <Overview />;
    case "file":
      if (a) return <FilePage key={a} hash={a.toLowerCase()} />;
      break;
    case "node":
      if (a) return <NodePage key={a} address={a.toLowerCase()} />;
      break;
    case "account":
      if (a) return <AccountPage key={a} address={a} />;
      break;
    case "dns":
      return <DnsPage key={a ?? ""} header={a} />;
    case "name":
      if (a && b !== undefined) return <NamePage key={`${a}://${b}`} header={a} url={b} />;
      break;
    case "scan":
      return <ScanPage />;
    case "search":
      if (a) return <SearchPage text={a} />;
      break;
  }
  return <NotFound what={`There is no page at #/${route.join("/")}.`} />;
}

/** A page that throws shows this instead of a blank screen; other pages still work. */
function Guarded({ route }: { route: string[] }) {
  const [error, reset] = useErrorBoundary();
  if (error) {
    return (
      <section class="failure" role="alert">
        <h1>This page failed</h1>
        <p>{String((error as Error)?.message ?? error)}</p>
        <button type="button" onClick={reset}>Try again</button>
      </section>
    );
  }
  return <Page route={route} />;
}

function Footer() {
  const q = useQuery<{ status: { chainId: number; blockNumber: string | null } }>(`{ status { chainId blockNumber } }`, {});
  const s = q.data?.status;
  return (
    <footer>
      <span>DSP SCAN{s ? ` · chain ${s.chainId} · indexed to block ${s.blockNumber ?? "—"}` : ""}</span>
      <a href="./graphql">GraphQL (GraphiQL)</a>
    </footer>
  );
}

export function App() {
  const route = useRoute();
  return (
    <>
      <header>
        <a class="brand" href="#/">DSP SCAN</a>
        <nav><a href="#/">Overview</a><a href="#/dns">DNS</a><a href="#/scan">SCAN servers</a></nav>
        <SearchBox />
      </header>
      <main key={route.join("/")}><Guarded route={route} /></main>
      <Footer />
    </>
  );
}
