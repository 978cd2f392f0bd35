import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { beforeEach, describe, expect, it } from "vitest";
import { HostWebhooksSection } from "@/components/HostWebhooksSection";
import type { HostDelivery, HostWebhookView } from "@/utils/api/host-webhooks";
import { type HostWebhooksClient, setHostWebhooksClientFactory } from "@/utils/host-webhooks/client";
import { useHostWebhooksStore } from "@/utils/host-webhooks/store";
import { WorkerApiError } from "@/utils/worker-client";

// The options page's "Webhooks" section against a fake Worker admin API.

const delivery = (n: number, over: Partial<HostDelivery> = {}): HostDelivery => ({
  id: `evt_${n}`,
  bookingId: `b-${n}`,
  type: "booking.paid",
  status: "delivered",
  attempts: 1,
  lastStatus: 200,
  lastError: null,
  nextAttemptAt: null,
  createdAt: "2030-01-02T15:04:00.000Z",
  deliveredAt: "2030-01-02T15:04:01.000Z",
  ...over,
});

function fakeApi(opts: { url?: string | null; deliveries?: HostDelivery[]; fail?: unknown } = {}) {
  const state = {
    view: { url: opts.url ?? null, updatedAt: opts.url ? "2030-01-01T00:00:00.000Z" : null } as HostWebhookView,
    deliveries: opts.deliveries ?? [],
    puts: [] as string[],
    replays: [] as string[],
    rotations: 0,
    secrets: 0,
  };
  const newSecret = () => `whsec_secret${++state.secrets}`;
  const client: HostWebhooksClient = {
    get: async () => {
      if (opts.fail) throw opts.fail;
      return { ...state.view };
    },
    setUrl: async (url) => {
      state.puts.push(url);
      const first = state.view.url === null;
      state.view = { url, updatedAt: "2030-01-03T00:00:00.000Z" };
      return first ? { ...state.view, secret: newSecret() } : { ...state.view };
    },
    clear: async () => {
      state.view = { url: null, updatedAt: null };
      return { ...state.view };
    },
    rotate: async () => {
      state.rotations++;
      return { ...state.view, secret: newSecret() };
    },
    deliveries: async (cursor) => {
      const start = cursor ? Number(cursor) : 0;
      const items = state.deliveries.slice(start, start + 2);
      return { items, nextCursor: start + 2 < state.deliveries.length ? String(start + 2) : null };
    },
    replay: async (id) => {
      state.replays.push(id);
      const d = state.deliveries.find((x) => x.id === id) as HostDelivery;
      return { ...d, status: "pending", attempts: 0, nextAttemptAt: "2030-01-03T00:00:00.000Z" };
    },
  };
  setHostWebhooksClientFactory(async () => client);
  return state;
}

beforeEach(() => {
  useHostWebhooksStore.setState({
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
  });
});

describe("options: webhooks section", () => {
  it("shows the URL and the deliveries with status and attempts, axe-clean", async () => {
    fakeApi({
      url: "https://crm.example.com/hooks",
      deliveries: [
        delivery(1, {
          type: "booking.cancelled",
          status: "pending",
          attempts: 3,
          lastStatus: 500,
          lastError: "the receiver answered HTTP 500",
          nextAttemptAt: "2030-01-02T16:00:00.000Z",
        }),
        delivery(2),
      ],
    });
    const { container } = render(<HostWebhooksSection />);
    const input = (await screen.findByLabelText("Receiver URL")) as HTMLInputElement;
    expect(input.value).toBe("https://crm.example.com/hooks");
    const table = screen.getByRole("table", { name: "Deliveries" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(2);
    const first = within(rows[0] as HTMLElement);
    expect(first.getByRole("rowheader").textContent).toBe("booking.cancelled");
    expect(first.getByText("Pending")).toBeTruthy();
    expect(first.getByText("3")).toBeTruthy();
    expect(first.getByText("the receiver answered HTTP 500")).toBeTruthy();
    // Dates in the user's language (Intl), never raw ISO strings.
    expect(container.textContent).not.toContain("2030-01-02T");
    expect(within(rows[1] as HTMLElement).getByText("Delivered")).toBeTruthy();
    expect(screen.getByRole("button", { name: "New secret" })).toBeTruthy();
    expect((await axe.run(container)).violations.map((v) => v.id)).toEqual([]);
  });

  it("checks the URL as it is typed and sends nothing invalid", async () => {
    const api = fakeApi();
    const user = userEvent.setup();
    render(<HostWebhooksSection />);
    const input = await screen.findByLabelText("Receiver URL");
    await user.type(input, "http://crm.example.com/hooks");
    expect(screen.getByRole("alert").textContent).toContain("must start with https://");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    await user.click(screen.getByRole("button", { name: "Save webhook" }));
    expect(api.puts).toEqual([]);
    expect(document.activeElement).toBe(input);
    await user.clear(input);
    await user.type(input, "https://user:pw@crm.example.com/");
    expect(screen.getByRole("alert").textContent).toContain("user name or password");
    await user.clear(input);
    await user.type(input, "http://127.0.0.1:8080/hooks");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(input.getAttribute("aria-invalid")).toBeNull();
  });

  it("shows the secret once, with a copy button; a reload never shows it again", async () => {
    const api = fakeApi();
    const user = userEvent.setup();
    const { unmount } = render(<HostWebhooksSection />);
    await user.type(await screen.findByLabelText("Receiver URL"), "https://crm.example.com/hooks");
    await user.click(screen.getByRole("button", { name: "Save webhook" }));
    const box = await screen.findByRole("region", { name: "Signing secret — shown only now" });
    expect(within(box).getByText("whsec_secret1")).toBeTruthy();
    await user.click(within(box).getByRole("button", { name: "Copy secret" }));
    // user-event's clipboard stands in for the browser's.
    expect(await navigator.clipboard.readText()).toBe("whsec_secret1");
    expect(within(box).getByRole("status").textContent).toContain("Secret copied.");
    expect(api.puts).toEqual(["https://crm.example.com/hooks"]);

    await user.click(screen.getByRole("button", { name: "New secret" }));
    await waitFor(() => expect(screen.getByText("whsec_secret2")).toBeTruthy());
    expect(screen.queryByText("whsec_secret1")).toBeNull();

    unmount();
    useHostWebhooksStore.setState({ secret: null, url: "", status: "loading" });
    render(<HostWebhooksSection />);
    await screen.findByLabelText("Receiver URL");
    expect(screen.queryByText(/whsec_/)).toBeNull();
  });

  it("replays a delivery and pages back through older ones", async () => {
    const api = fakeApi({
      url: "https://crm.example.com/hooks",
      deliveries: [delivery(1, { status: "failed", attempts: 9 }), delivery(2), delivery(3, { type: "booking.held" })],
    });
    const user = userEvent.setup();
    render(<HostWebhooksSection />);
    const replay = await screen.findAllByRole("button", { name: /^Replay: / });
    expect(replay).toHaveLength(2);
    await user.click(replay[0] as HTMLElement);
    expect(api.replays).toEqual(["evt_1"]);
    const rows = () => within(screen.getByRole("table")).getAllByRole("row").slice(1);
    await waitFor(() => expect(within(rows()[0] as HTMLElement).getByText("Pending")).toBeTruthy());
    await user.click(screen.getByRole("button", { name: "Show older" }));
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(within(rows()[2] as HTMLElement).getByRole("rowheader").textContent).toBe("booking.held");
    expect(screen.queryByRole("button", { name: "Show older" })).toBeNull();
  });

  it("says why it shows no form: another account, no host, a Worker refusal", async () => {
    fakeApi({ fail: new WorkerApiError(403, "forbidden", "not the host") });
    render(<HostWebhooksSection />);
    expect(await screen.findByText("Only the Worker's host account can set webhooks.")).toBeTruthy();
  });

  it("a URL the Worker refuses shows the Worker's words", async () => {
    fakeApi();
    const user = userEvent.setup();
    render(<HostWebhooksSection />);
    await screen.findByLabelText("Receiver URL");
    useHostWebhooksStore.setState({ url: "https://crm.example.com/hooks" });
    const { hostWebhooksClient } = await import("@/utils/host-webhooks/client");
    const client = await hostWebhooksClient();
    client.setUrl = async () => {
      throw new WorkerApiError(400, "invalid_request", "url must start with https://");
    };
    await user.click(screen.getByRole("button", { name: "Save webhook" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "The Worker did not accept it: url must start with https://",
    );
  });
});
