// A few lines of DOM building instead of a framework: React alone is more than this page's whole
// first-load budget (60 KB gzipped). Text always goes in as text nodes, never as markup.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** What `h` builds with: the browser's document, or the Worker's string DOM (html.ts) while {@link drawWith} runs. */
export type Builder = Pick<Document, "createElement" | "createTextNode">;
let builder: Builder | null = null;

/**
 * Runs `draw` with `h` building through `b` (synchronously: the Worker draws a page's first view
 * on its string DOM with the page's own view functions, and no other drawing can interleave).
 */
export function drawWith<T>(b: Builder, draw: () => T): T {
  const before = builder;
  builder = b;
  try {
    return draw();
  } finally {
    builder = before;
  }
}
const doc = (): Builder => builder ?? document;

/**
 * `h("button", { type: "button", onclick: f }, "Pay")`: an element with attributes (`on*` keys
 * become listeners; `false`/`null` leave an attribute out) and children (strings become text).
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs | null = null,
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = doc().createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, "");
    else if (v !== false && v !== null && v !== undefined) el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

/** Appends children (nested arrays flattened; empty values skipped). */
export function append(el: Node, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "object" ? c : doc().createTextNode(String(c)));
  }
}

/** Replaces every child of `el`. */
export function replace(el: Node, ...children: (Child | Child[])[]): void {
  while (el.firstChild) el.removeChild(el.firstChild);
  append(el, children);
}
