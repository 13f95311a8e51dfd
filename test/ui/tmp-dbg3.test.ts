import { it } from "vitest";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "./support.js";
it("dbg3", async () => {
  const dir = "/tmp/x34/chr";
  for (let k = 0; k < 3; k++) {
    const b = await chromium.launch({ executablePath: `${dir}/chromium`, env: { ...process.env, LD_LIBRARY_PATH: `${dir}/lib`, FONTCONFIG_FILE: `${dir}/fonts.conf`, LANG: "en_US.UTF-8", LC_ALL: "en_US.UTF-8" }, headless: true, args: CHROMIUM_ARGS });
    const page = await (await b.newContext()).newPage();
    await page.setContent('<body><p id="p">hello world</p><input id="t"></body>').catch((e) => console.log("RESULT err", e.message.slice(0, 80)));
    await page.fill("#t", "abc").catch(() => {});
    console.log("RESULT", await page.evaluate(() => document.body.innerText).catch(() => "closed"), await page.inputValue("#t").catch(() => "closed"));
    await b.close();
  }
}, 90000);
