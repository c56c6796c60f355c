import { defineConfig } from "tsup";

// ESM only (DESIGN.md): every runtime dependency stays external, and the local
// server's optional peers are only ever reached through the ./local entry.
export default defineConfig({
  entry: { index: "src/index.ts", "local/index": "src/local/index.ts", "schema/index": "src/schema/index.ts", "testing/index": "src/testing/index.ts", "next/index": "src/next/index.ts", "whatsapp/index": "src/whatsapp/index.ts", cli: "src/cli.ts" },
  format: ["esm"],
  dts: { entry: { index: "src/index.ts", "local/index": "src/local/index.ts", "schema/index": "src/schema/index.ts", "testing/index": "src/testing/index.ts", "next/index": "src/next/index.ts", "whatsapp/index": "src/whatsapp/index.ts" } },
  sourcemap: true,
  clean: true,
  target: "node22",
  platform: "node",
  splitting: true,
});
