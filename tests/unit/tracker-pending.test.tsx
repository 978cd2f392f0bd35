import { act, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { PendingActions } from "@/components/PendingActions";
import { offlineQueueItem } from "@/utils/background/tracker/items";
import { enqueue } from "@/utils/background/tracker/queue";

describe("PendingActions", () => {
  it("renders nothing while nothing waits", async () => {
    const { container } = render(<PendingActions />);
    await act(async () => {});
    expect(container.textContent).toBe("");
  });

  it("lists what waits for the network, and updates live as it completes", async () => {
    await enqueue("cancel", "b1", "Intro call", new Error("Failed to fetch"));
    await enqueue("confirm", "b2", "Demo", new Error("Failed to fetch"));
    render(<PendingActions />);
    expect(await screen.findByRole("heading", { name: "Waiting for a connection" })).toBeTruthy();
    const items = screen.getAllByRole("listitem").map((li) => li.textContent);
    expect(items).toEqual(["Cancel “Intro call”", "Confirm “Demo” in Google Calendar"]);
    await act(async () => {
      await offlineQueueItem.setValue([]);
    });
    expect(screen.queryByRole("heading", { name: "Waiting for a connection" })).toBeNull();
  });
});
