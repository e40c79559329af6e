/** The page's entry: one client and one query cache for the whole page. */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createRoot } from "react-dom/client";
import { createHostupClient } from "@contractgen/billing-clients/hostup";
import { Account, SavedCards } from "./app.tsx";

// Served from the page's own origin in the tests (loopback, so plain http is allowed).
const client = createHostupClient({ baseUrl: location.origin, apiKey: "demo-key" });
const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });

createRoot(document.getElementById("root")!).render(
  <QueryClientProvider client={queryClient}>
    <h1>Billing</h1>
    <SavedCards client={client} />
    <Account client={client} accountId="acct_missing" />
  </QueryClientProvider>,
);
