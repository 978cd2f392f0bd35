import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { build, defineConfig, type Plugin } from "vite";

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
const safeInScript = (code: string) => code.replaceAll("</script", "<\\/script");

/** The placeholder index.html has for the classic script that checks the Worker's first drawing. */
const CHECK_SLOT = "<!-- lc-first-drawing-check -->";

/** `entry` bundled and minified as one classic script (an IIFE: it must run while the page is parsed). */
async function classicScript(entry: string): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: "warn",
    build: {
      write: false,
      minify: true,
      lib: { entry: fileURLToPath(new URL(entry, import.meta.url)), formats: ["iife"], name: "lcCheck" },
    },
  });
  const chunk = (Array.isArray(out) ? out : [out])
    .flatMap((o) => ("output" in o ? o.output : []))
    .find((c) => c.type === "chunk");
  if (chunk?.type !== "chunk") throw new Error(`no script built from ${entry}`);
  return safeInScript(chunk.code.trim());
}

/**
 * Inlines the page's script and stylesheet into its HTML: on a slow mobile link each extra
 * file costs a round trip before the first slots can show. The inlined code is then allowed by
 * hash in a Content-Security-Policy meta tag, so no other script can run on the page.
 */
function inlineIntoHtml(): Plugin {
  return {
    name: "lc-inline-into-html",
    apply: "build",
    enforce: "post",
    transformIndexHtml: {
      order: "post",
      async handler(html, ctx) {
        const bundle = ctx.bundle ?? {};
        let script = "";
        let style = "";
        for (const [name, out] of Object.entries(bundle)) {
          if (out.type === "chunk" && out.isEntry) script = safeInScript(out.code);
          else if (out.type === "asset" && name.endsWith(".css")) style = String(out.source);
          else continue;
          delete bundle[name];
        }
        const check = await classicScript("./src/early-entry.ts");
        const classic = [sha256(check)];
        const csp = [
          "default-src 'none'",
          `script-src ${[sha256(script), ...classic].join(" ")}`,
          `style-src ${sha256(style)}`,
          "connect-src 'self'",
          "img-src 'self' data:",
          "base-uri 'none'",
          "form-action 'none'",
        ].join("; ");
        // Replacer functions: minified code is full of `$&`-like sequences a replacement string would expand.
        return (
          html
            .replace(/\s*<script type="module"[^>]*src="[^"]+"[^>]*><\/script>/, "")
            .replace(/\s*<link rel="stylesheet"[^>]*>/, "")
            .replace(CHECK_SLOT, () => `<script>${check}</script>`)
            .replace(
              /<meta charset="utf-8" \/>/,
              (m) => `${m}\n    <meta http-equiv="Content-Security-Policy" content="${csp}" />`,
            )
            // In the head: the Worker sends everything before the page's data at once, so the browser
            // compiles the script while the slots are computed (a module script still runs after parsing).
            .replace(
              "</head>",
              () => `    <style>${style}</style>\n    <script type="module">${script}</script>\n  </head>`,
            )
        );
      },
    },
  };
}

// The public booking page (/book/:typeId): no framework, everything in one HTML file that the
// Worker serves with the type and its first free slots embedded.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/book-page/",
  plugins: [inlineIntoHtml()],
  build: {
    outDir: fileURLToPath(new URL("../../public/book-page/", import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
