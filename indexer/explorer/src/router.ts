/**
 * Hash routes (#/file/0x..): the server serves one page whatever the route, and a link works
 * pasted anywhere. A route is its path segments, decoded.
 */
import { useEffect, useState } from "preact/hooks";

export function currentRoute(): string[] {
  const path = location.hash.replace(/^#\/?/, "");
  return path ? path.split("/").map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  }) : [];
}

export function useRoute(): string[] {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const on = () => {
      setRoute(currentRoute());
      window.scrollTo(0, 0);
    };
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  return route;
}

/** Goes to `hash` without leaving a history entry (a search result replaces the search). */
export function replaceRoute(hash: string) {
  location.replace(hash);
}
