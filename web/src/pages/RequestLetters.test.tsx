import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { useTokens } from "../api/client";
import { RequestLetters } from "./RequestLetters";

function letter(id: string, overrides: Record<string, unknown> = {}) {
  return { id, type: "dsar.acknowledged", title: "ontvangstbevestiging", status: "queued",
    created_at: "2026-11-30T09:00:00+00:00", sent_at: null, recipient_kind: "subject", recipient: null,
    language: "nl", subject_line: "Wij hebben uw verzoek ontvangen", text: "Geachte heer Jansen,", ...overrides };
}

afterEach(() => vi.restoreAllMocks());

function show() {
  useTokens({ token: async () => "t", stepUp: async () => "t" });
  return render(<FluentProvider theme={webLightTheme}><RequestLetters id="r1" version={1} /></FluentProvider>);
}

it("lists a request's letters as the API gives them, and follows next", async () => {
  const fetch = vi.spyOn(globalThis, "fetch")
    .mockResolvedValueOnce(new Response(JSON.stringify({ items: [letter("a"),
      letter("b", { type: "dsar.forwarded_to_controller", title: "doorzending aan de verwerkingsverantwoordelijke", recipient_kind: "client", recipient: "1" })], next: "n1" })))
    .mockResolvedValueOnce(new Response(JSON.stringify({ items: [letter("c", { title: "verklaring van verwijdering", sent_at: "2026-12-01T10:00:00+00:00", status: "sent" })], next: null })));
  show();
  const table = await screen.findByRole("table", { name: "Brieven bij dit verzoek" });
  expect(String(fetch.mock.calls[0][0])).toBe("/api/dsar/r1/letters?limit=20");
  // No address from the API (a client's or the subject's view): only who it went to.
  expect(within(table).getByText("Betrokkene")).toBeInTheDocument();
  expect(within(table).getByText("Opdrachtgever 1")).toBeInTheDocument();
  expect(within(table).getAllByText("Klaar voor verzending")).toHaveLength(2);
  expect(within(table).getAllByText("nog niet gemeld")).toHaveLength(2);
  await userEvent.click(screen.getByRole("button", { name: "Meer brieven laden" }));
  expect(await within(table).findByText("verklaring van verwijdering")).toBeInTheDocument();
  expect(String(fetch.mock.calls[1][0])).toBe("/api/dsar/r1/letters?limit=20&cursor=n1");
  expect(within(table).getAllByRole("row")).toHaveLength(4);
  const sent = within(table).getAllByRole("row")[3];
  expect(within(sent).getByText("Verzonden")).toBeInTheDocument();
  expect(within(sent).queryByText("nog niet gemeld")).toBeNull();
  expect(screen.queryByRole("button", { name: "Meer brieven laden" })).toBeNull();
});

it("says so when a request has no letters yet", async () => {
  vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response(JSON.stringify({ items: [], next: null })));
  show();
  expect(await screen.findByText("Nog geen brieven.")).toBeInTheDocument();
});
