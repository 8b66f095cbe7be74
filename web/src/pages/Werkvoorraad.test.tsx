import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { Ctx } from "../context";
import { useTokens } from "../api/client";
import Werkvoorraad from "./Werkvoorraad";

function row(id: string, overrides: Record<string, unknown> = {}) {
  return { id, type: "access", status: "received", status_group: "open", subject_email: `${id}@debiteur.nl`, client_id: 2,
    deadline_owner: "controller", channel: "email", received_at: "2026-11-30T09:00:00+00:00", target_date: "2026-12-20",
    due_date: "2099-01-02", extended_due_date: null, export_available: false, ...overrides };
}

function renderAs(role: string, ops: string[]) {
  const session = { role, clientId: null, token: async () => "t", stepUp: async () => "t", signOut: async () => {} };
  useTokens(session);
  return render(
    <FluentProvider theme={webLightTheme}>
      <MemoryRouter>
        <Ctx.Provider value={{ session, caps: {}, can: (op) => ops.includes(op) }}>
          <Werkvoorraad />
        </Ctx.Provider>
      </MemoryRouter>
    </FluentProvider>,
  );
}

afterEach(() => vi.restoreAllMocks());

it("shows one page of the work list with deadlines and owners, and loads the next page on request", async () => {
  const fetch = vi.spyOn(globalThis, "fetch")
    .mockResolvedValueOnce(new Response(JSON.stringify({ items: [row("a"), row("b", { deadline_owner: "incassotool", client_id: null })], next: "c1" })))
    .mockResolvedValueOnce(new Response(JSON.stringify({ items: [row("c", { due_date: "2020-01-01" })], next: null })));
  renderAs("Privacy.Staff", []);
  const table = await screen.findByRole("table", { name: "Verzoeken van betrokkenen" });
  expect(within(table).getAllByRole("row")).toHaveLength(3);
  expect(within(table).getByText("Opdrachtgever 2")).toBeInTheDocument();
  expect(within(table).getByText("Incassotool")).toBeInTheDocument();
  expect(String(fetch.mock.calls[0][0])).toBe("/api/dsar?group=open&limit=50");
  await userEvent.click(screen.getByRole("button", { name: "Meer laden" }));
  expect(await within(table).findByText(/te laat/)).toBeInTheDocument();
  expect(String(fetch.mock.calls[1][0])).toBe("/api/dsar?group=open&limit=50&cursor=c1");
  expect(screen.queryByRole("button", { name: "Meer laden" })).toBeNull();
  expect(screen.queryByRole("heading", { name: "Verzoek innemen" })).toBeNull();
});

it("offers intake only where the API allows it", async () => {
  vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response(JSON.stringify({ items: [], next: null })));
  renderAs("Privacy.Staff", ["dsar_create"]);
  expect(await screen.findByRole("heading", { name: "Verzoek innemen" })).toBeInTheDocument();
  expect(await screen.findByText("Geen verzoeken.")).toBeInTheDocument();
});
