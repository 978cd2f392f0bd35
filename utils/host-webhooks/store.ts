import { create } from "zustand";
import { type HostDelivery, type HostWebhookView, type WebhookUrlIssue, webhookUrlIssue } from "../api/host-webhooks";
import type { SectionStatus } from "../booking-page/store";
import { AuthRequiredError } from "../google/auth";
import type { MessageKey } from "../message-key";
import { WorkerApiError } from "../worker-client";
import { hostWebhooksClient } from "./client";

/** The words for each URL issue, checked as the host types. */
export const URL_ISSUE_KEYS: Record<WebhookUrlIssue, MessageKey> = {
  format: "hwErrUrlFormat",
  length: "hwErrUrlLength",
  credentials: "hwErrUrlCredentials",
  scheme: "hwErrUrlScheme",
};

interface HostWebhooksState {
  status: SectionStatus;
  view: HostWebhookView | null;
  url: string;
  urlError: MessageKey | null;
  /** The signing secret from the answer that generated it: shown until the page closes, never again. */
  secret: string | null;
  deliveries: HostDelivery[];
  nextCursor: string | null;
  busy: boolean;
  /** Why the last action failed: an i18n key and, for a refused body, the Worker's words. */
  actionError: { key: MessageKey; detail?: string } | null;
  saved: boolean;
  load(): Promise<void>;
  setUrl(url: string): void;
  save(): Promise<boolean>;
  clear(): Promise<void>;
  rotate(): Promise<void>;
  more(): Promise<void>;
  replay(id: string): Promise<void>;
}

function statusOf(e: unknown): SectionStatus {
  if (e instanceof AuthRequiredError) return "signedOut";
  if (e instanceof WorkerApiError && e.status === 403) return "notHost";
  if (e instanceof WorkerApiError && e.status === 401) return "signedOut";
  if (e instanceof WorkerApiError && e.status === 404) return "absent";
  return "error";
}

const failure = (e: unknown) =>
  e instanceof WorkerApiError && e.status === 400
    ? { key: "hwErrRefused" as const, detail: e.message }
    : { key: "hwErrAction" as const };

/** The options page's "Webhooks" section: the receiver, the secret shown once, the deliveries. */
export const useHostWebhooksStore = create<HostWebhooksState>((set, get) => {
  /** Runs one action with the busy flag, reporting its failure. */
  async function act(fn: () => Promise<void>): Promise<boolean> {
    set({ busy: true, actionError: null, saved: false });
    try {
      await fn();
      set({ busy: false });
      return true;
    } catch (e) {
      set({ busy: false, actionError: failure(e) });
      return false;
    }
  }
  async function refreshDeliveries() {
    const page = await (await hostWebhooksClient()).deliveries();
    set({ deliveries: page.items, nextCursor: page.nextCursor });
  }
  return {
    status: "loading",
    view: null,
    url: "",
    urlError: null,
    secret: null,
    deliveries: [],
    nextCursor: null,
    busy: false,
    actionError: null,
    saved: false,
    async load() {
      try {
        const client = await hostWebhooksClient();
        const [view, page] = await Promise.all([client.get(), client.deliveries()]);
        set({
          status: "ready",
          view,
          url: get().url || (view.url ?? ""),
          deliveries: page.items,
          nextCursor: page.nextCursor,
        });
      } catch (e) {
        set({ status: statusOf(e) });
      }
    },
    setUrl(url) {
      const issue = url.trim() === "" ? null : webhookUrlIssue(url.trim());
      set({ url, urlError: issue ? URL_ISSUE_KEYS[issue] : null, saved: false, actionError: null });
    },
    async save() {
      const url = get().url.trim();
      const issue = webhookUrlIssue(url);
      if (issue) {
        set({ urlError: url === "" ? "hwErrUrlMissing" : URL_ISSUE_KEYS[issue] });
        return false;
      }
      return act(async () => {
        const view = await (await hostWebhooksClient()).setUrl(url);
        set({ view, url: view.url ?? url, secret: view.secret ?? get().secret, saved: true });
      });
    },
    async clear() {
      await act(async () => {
        const view = await (await hostWebhooksClient()).clear();
        set({ view, url: "", secret: null });
        await refreshDeliveries();
      });
    },
    async rotate() {
      await act(async () => {
        const view = await (await hostWebhooksClient()).rotate();
        set({ view, secret: view.secret ?? null });
      });
    },
    async more() {
      const cursor = get().nextCursor;
      if (!cursor) return;
      await act(async () => {
        const page = await (await hostWebhooksClient()).deliveries(cursor);
        set({ deliveries: [...get().deliveries, ...page.items], nextCursor: page.nextCursor });
      });
    },
    async replay(id) {
      await act(async () => {
        const row = await (await hostWebhooksClient()).replay(id);
        set({ deliveries: get().deliveries.map((d) => (d.id === id ? row : d)) });
      });
    },
  };
});
