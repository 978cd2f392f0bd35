// The demo's welcome page: what to try, with every local URL. Values are escaped: the page is
// generated HTML, and even local URLs are data.
import type { Stack } from "./stack.ts";

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** Renders the welcome page for a running stack. */
export function welcomeHtml({ stack, extensionId }: { stack: Stack; extensionId: string }): string {
  const { urls } = stack.emulators;
  const link = (href: string, text = href) => `<a href="${esc(href)}">${esc(text)}</a>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark">
<title>LeadsCalendar demo</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}
code,kbd{background:rgba(127,127,127,.15);padding:0 .3em;border-radius:4px}
.sample{font-size:1.2rem;border:1px dashed currentColor;padding:.5rem 1rem;display:inline-block}
li{margin:.3rem 0}
</style></head><body>
<h1>LeadsCalendar — local demo</h1>
<p>Everything here is local: Google, PayPal, Binance Pay and Mercado Pago are emulators on this machine,
and the Worker runs in workerd with a local D1 database. No account is needed.</p>
<h2>Try this</h2>
<ol>
<li>Open the popup: the LeadsCalendar toolbar icon (pin it from the puzzle-piece menu), or <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>L</kbd>.</li>
<li>Sign in with Google — the emulator's account chooser and consent page appear; pick the demo account.</li>
<li>Fill in a title and a time and press <b>Create &amp; pay</b>. A tentative event is created and the checkout page opens.</li>
<li>Pay with PayPal, Binance Pay or Mercado Pago on the checkout page (each opens its emulated buyer page).</li>
<li>Watch the booking turn <b>Confirmed</b> in the popup, with a notification; the event becomes confirmed.</li>
<li>Select this text, right-click it and choose <b>Book this time</b>:
<p class="sample">Intro call next Tuesday 3pm EST</p></li>
<li>Leave a booking unpaid to see reminders, then expiry (hold length is in the options page).</li>
</ol>
<h2>Local services</h2>
<ul>
<li>Popup: ${link(`chrome-extension://${extensionId}/popup.html`)}</li>
<li>Options: ${link(`chrome-extension://${extensionId}/options.html`)}</li>
<li>Worker: ${link(stack.workerUrl)} (${link(`${stack.workerUrl}/healthz`, "health")})</li>
<li>Google emulator: ${link(urls.google)}</li>
<li>PayPal emulator: ${link(urls.paypal)}</li>
<li>Binance Pay emulator: ${link(urls.binance)}</li>
<li>Mercado Pago emulator: ${link(urls.mercadopago)}</li>
<li>Emulator state (every order, payment, event and webhook delivery): ${link(`${urls.google}/__emulator/state`)}</li>
</ul>
<p>Stop everything with <kbd>Ctrl</kbd>+<kbd>C</kbd> in the terminal.</p>
</body></html>
`;
}
