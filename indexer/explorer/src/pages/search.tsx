/**
 * #/search/<text>: sends the search to the page it names. Addresses are asked of the server
 * first, so an FS node's address (EVM or DSP) opens its node page and any other its account page;
 * so is a 0x + 64 hex, which may be a dealId (its File Hash's page opens) rather than a File Hash.
 */
import { useEffect, useState } from "preact/hooks";
import { gql, GqlError } from "../gql";
import { replaceRoute } from "../router";
import { classify, routes } from "../search";
import { Failure, Loading, NotFound } from "../ui";

const ACCOUNT = /* GraphQL */ `query Who($a: String!) { account(address: $a) { evm node { address } } }`;
const DEAL = /* GraphQL */ `query Deal($d: String!) { deal(id: $d) { fileHash } }`;

/** The File Hash of the deal `hash` names, or `hash` itself when no deal has that id. */
async function fileOf(hash: string) {
  try {
    return (await gql<{ deal: { fileHash: string } }>(DEAL, { d: hash })).deal.fileHash;
  } catch (e) {
    if (e instanceof GqlError && e.notFound) return hash;
    throw e;
  }
}

async function target(text: string): Promise<string> {
  const q = classify(text);
  switch (q.kind) {
    case "file":
      return routes.file(q.link ? q.hash : await fileOf(q.hash));
    case "name":
      return routes.name(q.header, q.url);
    case "evm":
    case "dsp": {
      const { account } = await gql<{ account: { evm: string; node: { address: string } | null } }>(ACCOUNT, { a: q.address });
      return account.node ? routes.node(account.node.address) : routes.account(account.evm);
    }
    default:
      throw new GqlError(`"${q.text}" is not a file hash (0x + 64 hex digits), an EVM address (0x + 40), a DSP address or a dsp url (header://url).`, 40000);
  }
}

export function SearchPage({ text }: { text: string }) {
  const [error, setError] = useState<GqlError>();
  const [round, setRound] = useState(0);
  useEffect(() => {
    setError(undefined);
    let live = true;
    target(text).then((hash) => live && replaceRoute(hash), (e) => live && setError(e instanceof GqlError ? e : new GqlError(String(e))));
    return () => {
      live = false;
    };
  }, [text, round]);
  if (!error) return <Loading />;
  if (error.notFound || error.code === 40000) return <NotFound what={`Nothing on this chain matches “${text}”.`} detail={error.message} />;
  return <Failure error={error} retry={() => setRound((r) => r + 1)} />;
}
