// The console end to end, against a real `privacy serve` with demo data (see tests/e2e/test_console.py).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { BASE, apiGet, apiPost, axeCounts, checkAxe, devToken, launch, newPage, shot, signIn } from "./harness.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => {
  await browser?.close();
  console.log(`axe: ${axeCounts.pages} page checks, ${axeCounts.serious} serious or critical violations`);
});

const OFFICER = { role: "Privacy.Officer" };

async function visitAll(page, prefix) {
  const links = await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link").all();
  const names = [];
  for (const link of links) names.push(await link.textContent());
  for (const name of names) {
    await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name }).click();
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    // Loaded: no spinner left (every section's data has come or failed visibly).
    await page.waitForFunction(() => !document.querySelector('[role="progressbar"]') && !document.body.innerText.includes("Laden…"));
    await checkAxe(page, `${prefix}/${name}`);
    await shot(page, `${prefix}-${name.toLowerCase().replace(/[^a-z]+/g, "-")}`);
  }
  return names;
}

describe("signing in, every page, axe and screenshots", () => {
  test("the officer sees every page and the demo's requests with their deadlines", async () => {
    const page = await newPage(browser);
    await page.goto(BASE);
    await checkAxe(page, "aanmelden");
    await shot(page, "aanmelden");
    await signIn(page, OFFICER);
    const rows = page.getByTestId("werklijst").getByRole("row");
    await rows.nth(1).waitFor();
    assert.ok((await rows.count()) > 1, "the work list shows the demo's open requests");
    await assert.doesNotReject(page.getByText(/Op schema|Let op|te laat/i).first().waitFor());
    const names = await visitAll(page, "fg");
    for (const expected of ["Werkvoorraad", "Datalekken", "Register", "Bewaartermijnen", "Back-ups", "DPIA's", "Klachten", "Overzicht", "Jaarverslag"])
      assert.ok(names.includes(expected), `${expected} in the officer's menu`);
    await page.getByRole("link", { name: "Overzicht" }).click();
    await page.locator(".recharts-surface").first().waitFor();
    await page.close();
  });

  test("a staff member handles requests but cannot change a policy", async () => {
    const page = await newPage(browser);
    await signIn(page, { role: "Privacy.Staff" });
    // The same pages as the officer's (checked there with axe), fewer of them: the menu follows the API's roles.
    const names = await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link").allTextContents();
    assert.ok(names.includes("Werkvoorraad") && names.includes("Datalekken") && !names.includes("Back-ups"), names.join(", "));
    await shot(page, "medewerker-werkvoorraad");
    await page.getByRole("link", { name: "Bewaartermijnen" }).click();
    await page.getByRole("table", { name: "Bewaarbeleid" }).waitFor();
    assert.equal(await page.getByLabel(/Termijn in maanden/).count(), 0, "only the officer edits policies");
    await page.close();
  });

  test("a subject sees Mijn gegevens over /me/*", async () => {
    const page = await newPage(browser);
    await signIn(page, { role: "Privacy.Subject", email: process.env.DEMO_SUBJECT || "demo.prospect@example.com" });
    await page.getByRole("heading", { name: "Mijn gegevens" }).waitFor();
    const names = await visitAll(page, "betrokkene");
    assert.deepEqual(names, ["Mijn gegevens"]);
    await page.close();
  });
});

describe("client isolation", () => {
  test("a client admin sees only its own client's requests, and another client's request is not found", async () => {
    const page = await newPage(browser);
    const officer = await devToken(page.request, { role: "Privacy.Officer", mfa: true });
    const all = (await apiGet(page.request, officer, "dsar?group=open&limit=500")).items;
    const mine = all.filter((r) => r.client_id === 1);
    const other = all.find((r) => r.client_id !== null && r.client_id !== 1);
    assert.ok(mine.length > 0 && other, "the demo has requests of client 1 and of another client");
    await signIn(page, { role: "Client.Admin", clientId: 1 });
    await page.getByTestId("werklijst").getByRole("row").nth(1).waitFor();
    const owners = await page.getByTestId("werklijst").locator("tbody tr td:last-child").allTextContents();
    assert.ok(owners.length >= 1 && owners.every((o) => o === "Opdrachtgever 1"), owners.join(", "));
    const names = await visitAll(page, "opdrachtgever");
    assert.ok(!names.includes("Datalekken") && !names.includes("Register"));
    // Its own request shows its letters, but not the addresses they went to.
    await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Werkvoorraad" }).click();
    await page.getByTestId("werklijst").getByRole("link").first().click();
    const letters = page.getByTestId("brieven");
    await letters.getByRole("row").nth(1).waitFor();
    const to = await letters.locator("tbody tr td:nth-child(2)").allTextContents();
    assert.ok(to.every((t) => t === "Betrokkene" || t === "Opdrachtgever"), to.join(", "));
    await checkAxe(page, "opdrachtgever/verzoek");
    await shot(page, "opdrachtgever-verzoek-brieven");
    await page.goto(new URL(`werkvoorraad/${other.id}`, BASE).href);
    await page.getByText("Niet gevonden").waitFor();
    assert.equal(await page.getByText(other.subject_email).count(), 0);
    await page.close();
  });
});

describe("exits", () => {
  test("a client admin gives notice and sees its own exit and viewer accounts, never another client's", async () => {
    const page = await newPage(browser);
    const staff = await devToken(page.request, { role: "Privacy.Staff", mfa: true });
    const other = await apiPost(page.request, staff, "exits", { client_id: 2, choice: "delete" });
    await signIn(page, { role: "Client.Admin", clientId: 1 });
    await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Exits en kijkaccounts" }).click();
    await page.getByLabel("Keuze").selectOption("retain");
    await page.getByRole("button", { name: "Opzeggen" }).click();
    await page.getByTestId("exit").getByText("Bewaren met kijkaccount").waitFor();
    const clients = page.getByTestId("exits").locator("tbody tr td:first-child");
    await clients.first().waitFor();
    assert.deepEqual([...new Set(await clients.allTextContents())], ["1"]);
    assert.equal(await page.getByText(other.id).count(), 0);
    await page.getByRole("heading", { name: "Kijkaccounts", exact: true }).waitFor();
    await page.waitForFunction(() => !document.querySelector('[role="progressbar"]') && !document.body.innerText.includes("Laden…"));
    await checkAxe(page, "opdrachtgever/exit");
    await shot(page, "opdrachtgever-exit");
    await page.close();
    // The officer's list has both clients' exits.
    const fg = await newPage(browser);
    await signIn(fg, OFFICER);
    await fg.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Exits en kijkaccounts" }).click();
    await fg.getByTestId("exits").locator("tbody tr").nth(1).waitFor();
    const all = await fg.getByTestId("exits").locator("tbody tr td:first-child").allTextContents();
    assert.ok(all.includes("1") && all.includes("2"), all.join(", "));
    await fg.waitForFunction(() => !document.querySelector('[role="progressbar"]') && !document.body.innerText.includes("Laden…"));
    await checkAxe(fg, "fg/exits");
    await shot(fg, "fg-exits-lijst");
    await fg.close();
  });
});

describe("work", () => {
  test("a request from intake to export", async () => {
    const page = await newPage(browser);
    await signIn(page, OFFICER);
    const email = process.env.DEMO_OWN_SUBJECT || "demo.prospect@example.com";
    await page.getByLabel("Soort verzoek").selectOption("access");
    await page.getByLabel("E-mailadres van de betrokkene").fill(email);
    await page.getByLabel("Kanaal").selectOption("letter"); // by letter: the identity still needs checking
    await page.getByRole("button", { name: "Innemen" }).click();
    await page.getByRole("status").getByRole("link").click();
    await page.getByTestId("status").waitFor();
    await page.getByTestId("status").getByText("Wacht op identiteitscontrole").waitFor();
    await page.getByLabel("Identiteitscontrole").selectOption("phone_callback");
    await page.getByRole("button", { name: "Identiteit vastleggen" }).click();
    await page.getByText("Vastgelegd: identiteit gecontroleerd.").waitFor();
    await page.getByRole("button", { name: "Uitvoeren en afhandelen" }).click();
    await page.getByText("Vastgelegd: uitgevoerd en beantwoord.").waitFor();
    await page.getByTestId("status").getByText("Afgehandeld").waitFor();
    // The letters the suite wrote on the way, with their Dutch type; the FG sees the address.
    const letters = page.getByTestId("brieven");
    await letters.getByText("gegevens klaar om te downloaden", { exact: true }).waitFor();
    await letters.getByText("ontvangstbevestiging", { exact: true }).waitFor();
    await letters.getByText(`Betrokkene (${email})`).first().waitFor();
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Pakket downloaden" }).click();
    assert.match((await download).suggestedFilename(), /^verzoek-.*\.zip$/);
    await checkAxe(page, "verzoek");
    await shot(page, "fg-verzoek-afgehandeld");
    await page.close();
  });

  test("a breach from intake to the AP report", async () => {
    const page = await newPage(browser);
    await signIn(page, OFFICER);
    await page.getByRole("link", { name: "Datalekken" }).click();
    await page.getByLabel("Wat is er gebeurd?").fill("USB-stick met betalingsoverzichten verloren in de trein");
    await page.getByRole("button", { name: "Melden", exact: true }).click();
    await page.getByRole("status").getByRole("link").click();
    await page.getByText(/AP-termijn: nog 7\d u|AP-termijn: nog 6\d u/).waitFor();
    await page.getByLabel("Gegevenscontext (DPC, 1–4)").selectOption("3");
    await page.getByLabel("Identificeerbaarheid (EI)").selectOption("1");
    await page.getByRole("button", { name: "Beoordelen" }).click();
    await page.getByTestId("ernst").waitFor();
    assert.match(await page.getByTestId("ernst").textContent(), /Ernst: Hoog/);
    await page.getByRole("button", { name: "Besluit: volg de beoordeling" }).click();
    await page.getByText("Vastgelegd: besluit van de FG.").waitFor();
    await page.getByRole("button", { name: "Meldformulier opstellen" }).click();
    const report = page.getByTestId("ap-melding");
    await report.waitFor();
    assert.match(await report.inputValue(), /Melding datalek aan de Autoriteit Persoonsgegevens/);
    await page.getByLabel("Kenmerk van de AP").fill("AP-2026-12345");
    await page.getByRole("button", { name: "Melding aan de AP vastleggen" }).click();
    await page.getByTestId("tijdlijn").getByText(/Melding aan autoriteit persoonsgegevens \(kenmerk AP-2026-12345\)/).waitFor();
    await checkAxe(page, "datalek");
    await shot(page, "fg-datalek-gemeld");
    await page.close();
  });

  test("the officer edits a retention policy; it becomes a new version", async () => {
    const page = await newPage(browser);
    await signIn(page, OFFICER);
    await page.getByRole("link", { name: "Bewaartermijnen" }).click();
    const months = page.getByLabel("Termijn in maanden (account_logs)");
    const changed = String(Number(await months.inputValue()) + 6);
    await months.fill(changed);
    await page.getByLabel("Reden van de wijziging (account_logs)").fill("Incidentonderzoek vraagt anderhalf jaar");
    await page.getByRole("button", { name: "Opslaan" }).click();
    await page.getByText("Beleid opgeslagen als nieuwe versie.").waitFor();
    await page.getByRole("row", { name: /account_logs/ }).getByText(/^v[2-9]/).waitFor();
    assert.equal(await page.getByLabel("Termijn in maanden (account_logs)").inputValue(), changed);
    await shot(page, "fg-bewaartermijn-gewijzigd");
    await page.close();
  });
});

describe("MFA step-up", () => {
  test("without MFA the API's claims challenge asks for the second factor, then the page loads", async () => {
    const page = await newPage(browser);
    const challenged = page.waitForResponse((r) => r.url().includes("/api/dsar") && r.status() === 401);
    await signIn(page, { ...OFFICER, mfa: false });
    const res = await challenged;
    assert.match(res.headers()["www-authenticate"], /insufficient_claims/);
    const dialog = page.getByRole("alertdialog", { name: "Tweede factor nodig" });
    await dialog.waitFor();
    await checkAxe(page, "stap-op");
    await shot(page, "mfa-stap-op");
    await dialog.getByRole("button", { name: "Tweede factor bevestigen" }).click();
    await page.getByTestId("werklijst").getByRole("row").nth(1).waitFor();
    await page.close();
  });
});

describe("the work list in pages", () => {
  test("with more open requests than one page, Meer laden shows the next page and no request twice", async () => {
    const page = await newPage(browser);
    const staff = await devToken(page.request, { role: "Privacy.Staff", mfa: true });
    const before = (await apiGet(page.request, staff, "dsar?group=open&limit=500")).items.length;
    for (let i = before; i < 65; i++)
      await apiPost(page.request, staff, "dsar", { type: "access", subject: { email: `pagina${i}@example.nl` }, channel: "email" });
    const open = (await apiGet(page.request, staff, "dsar?group=open&limit=500")).items.map((r) => r.id);
    assert.ok(open.length > 50 && open.length <= 100, `${open.length} open requests`);
    await signIn(page, OFFICER);
    const rows = page.getByTestId("werklijst").locator("tbody tr");
    await rows.nth(49).waitFor();
    assert.equal(await rows.count(), 50, "the first page only");
    await page.getByRole("button", { name: "Meer laden" }).click();
    await rows.nth(open.length - 1).waitFor();
    assert.equal(await rows.count(), open.length);
    const shown = await page.getByTestId("werklijst").locator("tbody tr a").evaluateAll((as) => as.map((a) => a.getAttribute("href").split("/").pop()));
    assert.deepEqual(shown, open, "every open request once, in the API's order");
    assert.equal(await page.getByRole("button", { name: "Meer laden" }).count(), 0, "the last page has no next");
    await checkAxe(page, "fg/werkvoorraad-meer");
    await shot(page, "fg-werkvoorraad-meer-geladen");
    await page.close();
  });
});
