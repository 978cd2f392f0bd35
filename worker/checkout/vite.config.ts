import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The hosted checkout page: one static bundle in the Worker's assets at /checkout/, served by the
// Worker for every /pay/:checkoutId (the page reads the id from its own URL).
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/checkout/",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("../public/checkout/", import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
  },
});
