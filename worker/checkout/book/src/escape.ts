// Escaping for markup the Worker writes (html.ts's string DOM, the page's title): no DOM types, so
// the Worker's code can import it too.

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
const entity = (c: string) => ENTITIES[c] ?? c;

/** Text content: nothing in it can start markup. */
export const escapeText = (s: string): string => s.replace(/[&<>]/g, entity);

/** A double-quoted attribute value (text escaping plus the quote). */
export const escapeAttr = (s: string): string => s.replace(/[&<>"]/g, entity);
