// Runs in Node before the workerd test pool: starts the provider emulators on free ports and hands
// their URLs and credentials to the tests (`inject("emulators")`). Webhooks from these emulators go
// to a closed port: workerd tests drive the Worker directly; webhook round trips live in ../roundtrip.
import type { TestProject } from "vitest/node";
import { startEmulators } from "../../emulators/src/index.ts";

export default async function setup(project: TestProject) {
  const emulators = await startEmulators({
    port: 0,
    quiet: true,
    paypalWebhookUrl: "http://127.0.0.1:9/webhooks/paypal",
  });
  project.provide("emulators", { urls: emulators.urls, credentials: emulators.credentials });
  return () => emulators.close();
}
