// Google-specific control routes: kill refresh tokens the way a revoked grant, a password change
// or six months of disuse does at Google, so clients meet `invalid_grant` on their next refresh.
import type { Hono } from "hono";
import type { State } from "./state.ts";
import { isObject, readJson } from "./util.ts";

export function googleControlRoutes(app: Hono, state: State): void {
  // Body `{email}` kills that account's refresh tokens (and access tokens minted from them),
  // `{token}` one refresh token; `{}` every refresh token.
  app.post("/__emulator/google/refresh-tokens/revoke", async (c) => {
    const { value } = await readJson(c);
    const b = isObject(value) ? value : {};
    const st = state.google;
    let revoked = 0;
    for (const [token, grant] of [...st.refresh]) {
      const match =
        (typeof b.token === "string" && token === b.token) ||
        (typeof b.email === "string" && grant.email === b.email) ||
        (b.token === undefined && b.email === undefined);
      if (!match) continue;
      st.refresh.delete(token);
      revoked++;
      for (const [t, a] of [...st.access])
        if (a.email === grant.email && a.clientId === grant.clientId) st.access.delete(t);
    }
    return c.json({ revoked });
  });
}
