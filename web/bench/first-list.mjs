// Time to the first rendered work list in headless Chromium: from opening the console (signed in)
// to the first row of Werkvoorraad. Prints one JSON line. Used by bench/bench_console.py.
import { launch, newPage, BASE } from "../e2e/harness.mjs";

const browser = await launch();
const runs = [];
try {
  const page = await newPage(browser);
  const tokenRes = await page.request.post(new URL("dev-token", BASE).href, { data: { role: "Privacy.Officer", mfa: true } });
  const token = (await tokenRes.json()).access_token;
  await page.goto(BASE); // warm the caches once, as a returning user has them
  for (let i = 0; i < Number(process.env.RUNS || 5); i++) {
    let listBytes = 0;
    const onResponse = async (r) => { if (r.url().includes("/api/dsar?")) listBytes += (await r.body()).length; };
    page.on("response", onResponse);
    await page.evaluate((t) => sessionStorage.setItem("privacy-console-dev", JSON.stringify({ req: { role: "Privacy.Officer", mfa: true }, token: t })), token);
    const started = Date.now();
    await page.goto(new URL("werkvoorraad", BASE).href);
    await page.getByTestId("werklijst").locator("tbody tr").first().waitFor({ timeout: 60_000 });
    const ms = Date.now() - started;
    const rows = await page.getByTestId("werklijst").locator("tbody tr").count();
    page.off("response", onResponse);
    runs.push({ ms, rows, listBytes });
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ runs }));
