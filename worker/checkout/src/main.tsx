import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { ManageApp } from "./manage/ManageApp";

// One bundle, two pages: /pay/:checkoutId (checkout) and /manage/:token (the lead's manage page).
const root = document.getElementById("root");
if (root)
  createRoot(root).render(
    <StrictMode>{window.location.pathname.startsWith("/manage/") ? <ManageApp /> : <App />}</StrictMode>,
  );
