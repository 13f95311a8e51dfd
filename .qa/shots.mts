// scratch QA: screenshots of the console and dashboard as a user sees them
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { resolveChromium, CHROMIUM_ARGS } from "../test/support/chromium.js";
const url = "http://127.0.0.1:47050";
const creds = JSON.parse(readFileSync("/work/wt40/data/dev-credentials.json", "utf8"));
const bin = await resolveChromium();
const browser = await chromium.launch({ executablePath: bin.executablePath, env: { ...process.env, ...bin.env }, args: CHROMIUM_ARGS });
for (const [w, hgt] of [[1366, 768], [390, 844]]) {
  const page = await browser.newPage({ viewport: { width: w, height: hgt } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(`${url}/console`);
  await page.fill("#token", creds.agentTokens.xiaomei);
  await page.click("#login-form button[type=submit]");
  await page.waitForTimeout(2000);
  await page.screenshot({ path: `/work/an/qa/console-${w}.png` });
  const claim = page.locator("button", { hasText: "领取" }).first();
  if (await claim.count()) { await claim.click(); await page.waitForTimeout(1500); await page.screenshot({ path: `/work/an/qa/console-claimed-${w}.png` }); }
  const d = await browser.newPage({ viewport: { width: w, height: hgt } });
  d.on("pageerror", (e) => errors.push("dash " + String(e)));
  await d.goto(`${url}/dashboard`);
  await d.fill("#token", creds.adminToken);
  await d.click("#login-form button[type=submit]");
  await d.waitForTimeout(3000);
  await d.screenshot({ path: `/work/an/qa/dashboard-${w}.png`, fullPage: w > 400 });
  console.log(w, "errors:", errors);
}
await browser.close();
