/**
 * `npm run build`: the explorer into indexer/explorer/dist, which the indexer serves at / beside
 * GraphQL (indexer/graphql/static.ts). Relative asset and GraphQL paths, so the build works at any
 * mount point. `npx vite --config indexer/explorer/vite.config.ts` serves it with live reload,
 * GraphQL proxied to an indexer on 127.0.0.1:4350.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import preact from "@preact/preset-vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  plugins: [preact()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", modulePreload: { polyfill: false } },
  server: { proxy: { "/graphql": "http://127.0.0.1:4350" } },
});
