import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { Ctx } from "../context";
import { useTokens } from "../api/client";
import Exits from "./Exits";

const EXIT = { id: "e1", client_id: 1, choice: "retain", status: "notice_given", requested_at: "2026-11-30T09:00:00+00:00",
  effective_date: "2027-01-31", waiting_reason: null, export: null, destroyed_at: null };
const VIEWER = { id: "v1", client_id: 1, status: "active", period_start: "2026-02-01", period_end: "2027-01-31",
  fee_invoice: "KA-2026-0001", renewed_until: null };

function renderAs(role: string, clientId: number | null, ops: string[]) {
  const session = { role, clientId, token: async () => "t", stepUp: async () => "t", signOut: async () => {} };
  useTokens(session);
  return render(
    <FluentProvider theme={webLightTheme}>
      <Ctx.Provider value={{ session, caps: {}, can: (op) => ops.includes(op) }}><Exits /></Ctx.Provider>
    </FluentProvider>,
  );
}

afterEach(() => vi.restoreAllMocks());

it("lists the exits the API gives and opens one; a client admin sees its own viewer account", async () => {
  const fetch = vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
    const url = String(input);
    const body = url.startsWith("/api/exits") ? { items: [EXIT], next: "n1" } : { items: [VIEWER], next: null };
    return new Response(JSON.stringify(body));
  });
  renderAs("Client.Admin", 1, ["exit_create", "exit_cancel", "viewer_accounts"]);
  const exits = await screen.findByRole("table", { name: "Exits" });
  expect(String(fetch.mock.calls.find((c) => String(c[0]).startsWith("/api/exits"))![0])).toBe("/api/exits?limit=50");
  expect(within(exits).getByText("Opgezegd, wacht op de ingangsdatum")).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Meer laden" })).toBeInTheDocument();
  await userEvent.click(within(exits).getByRole("button", { name: "Exit van opdrachtgever 1 bekijken" }));
  expect(screen.getByRole("heading", { name: "Exit van opdrachtgever 1" })).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Intrekken" })).toBeInTheDocument();
  const viewers = await screen.findByRole("table", { name: "Kijkaccounts" });
  expect(within(viewers).getByText("KA-2026-0001")).toBeInTheDocument();
  expect(within(viewers).getByText("Actief")).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Verlengen" })).toBeNull();
});

it("says so when there are no exits", async () => {
  vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response(JSON.stringify({ items: [], next: null })));
  renderAs("Privacy.Staff", null, ["viewer_accounts"]);
  expect(await screen.findByText("Geen exits.")).toBeInTheDocument();
  expect(await screen.findByText("Geen kijkaccounts.")).toBeInTheDocument();
  expect(screen.queryByRole("heading", { name: "Opzegging doorgeven" })).toBeNull();
});

it("asks the API for the export's link: not built yet says so, built follows the storage link", async () => {
  let built = false;
  const fetch = vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
    const url = String(input);
    if (url.startsWith("/api/exits/e1/export")) {
      return built ? new Response(JSON.stringify({ url: "http://127.0.0.1:10000/exports/e1.zip?sig=x", expires_at: "x" }))
        : new Response(JSON.stringify({ status: "being_prepared" }), { status: 202 });
    }
    return new Response(JSON.stringify(url.startsWith("/api/exits") ? { items: [EXIT], next: null } : { items: [], next: null }));
  });
  const clicked: string[] = [];
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) { clicked.push(this.href); });
  renderAs("Client.Admin", 1, ["exit_export"]);
  await userEvent.click(await screen.findByRole("button", { name: "Exit van opdrachtgever 1 bekijken" }));
  await userEvent.click(screen.getByRole("button", { name: "Export downloaden" }));
  expect(await screen.findByTestId("export-note")).toHaveTextContent("De export wordt voorbereid");
  expect(clicked).toEqual([]);
  built = true;
  await userEvent.click(screen.getByRole("button", { name: "Export downloaden" }));
  await vi.waitFor(() => expect(clicked).toEqual(["http://127.0.0.1:10000/exports/e1.zip?sig=x"]));
  expect(screen.queryByTestId("export-note")).toBeNull();
  const asked = fetch.mock.calls.map((c) => String(c[0])).filter((u) => u.includes("/export"));
  expect(asked.every((u) => !u.includes("download"))).toBe(true);
});
