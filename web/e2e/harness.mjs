// Shared pieces of the console's end-to-end tests: Debian's chromium through playwright-core
// (no browser download), sign-in through the console's own form, axe-core and screenshots.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

export const BASE = process.env.CONSOLE_URL || "http://127.0.0.1:7071/console/";
export const SHOTS = new URL("../test-results/screenshots/", import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

export const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_FLAGS, headless: true });
}

export async function newPage(browser) {
  const context = await browser.newContext({ locale: "nl-NL", timezoneId: "Europe/Amsterdam", viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** Signs in with the console's dev sign-in form, as a person would. */
export async function signIn(page, { role, clientId, email, mfa = true }) {
  await page.goto(BASE);
  await page.getByLabel("Rol").selectOption(role);
  if (clientId) await page.getByLabel("Nummer van de opdrachtgever").fill(String(clientId));
  if (email) await page.getByLabel("Geverifieerd e-mailadres").fill(email);
  const box = page.getByLabel(/Meteen met tweede factor/);
  if (await box.count()) await box.setChecked(mfa);
  await page.getByRole("button", { name: "Aanmelden" }).click();
  await page.getByRole("navigation", { name: "Hoofdmenu" }).waitFor();
}

export const axeCounts = { pages: 0, serious: 0 };

/** axe-core over the page as it stands: no serious or critical WCAG 2.1 A/AA violation. */
export async function checkAxe(page, name) {
  // Fluent UI's focus manager (Tabster) puts aria-hidden <i tabindex="0" data-tabster-dummy> sentinels
  // around groups; they hand focus on at once and never hold it, so axe's aria-hidden-focus does not apply.
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .exclude("[data-tabster-dummy]").analyze();
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  axeCounts.pages += 1;
  axeCounts.serious += bad.length;
  assert.deepEqual(bad.map((v) => `${name}: ${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`), []);
}

export async function shot(page, name) {
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

/** A dev token straight from the host, for arranging data the way another user would. */
export async function devToken(request, body) {
  const res = await request.post(new URL("dev-token", BASE).href, { data: body });
  assert.equal(res.status(), 200);
  return (await res.json()).access_token;
}

export async function apiGet(request, token, path) {
  const res = await request.get(new URL(`../api/${path}`, BASE).href, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status(), 200, `${path}: ${res.status()}`);
  return res.json();
}

export async function apiPost(request, token, path, data) {
  const res = await request.post(new URL(`../api/${path}`, BASE).href, { data, headers: { Authorization: `Bearer ${token}` } });
  assert.ok([200, 201].includes(res.status()), `${path}: ${res.status()}`);
  return res.json();
}
