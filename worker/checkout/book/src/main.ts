import "./style.css";
import { readEmbedded, typeIdFromPath } from "./api";
import { startPage } from "./page";

/**
 * The browser's zone. Temporal names it without Intl, whose first object loads ICU's locale data
 * (see format.ts); browsers without Temporal pay that here.
 */
function localZone(): string {
  const temporal = (globalThis as { Temporal?: { Now: { timeZoneId(): string } } }).Temporal;
  return temporal ? temporal.Now.timeZoneId() : Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const root = document.getElementById("root");
if (root)
  void startPage(root, {
    typeId: typeIdFromPath(window.location.pathname),
    embedded: readEmbedded(document),
    lang: new URLSearchParams(window.location.search).get("lang"),
    zone: localZone(),
  });
