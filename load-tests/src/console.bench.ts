import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createPlatform } from '@dawa/platform';
import { seedDemoData } from '@dawa/tenants/dist/src/demo-data.js';
import { demoManifest } from '@dawa/tenants/dist/src/manifest.js';
import { provisionManifest } from '@dawa/tenants/dist/src/provision-manifest.js';
import { chromium } from 'playwright-core';
import { benchDatabase } from './bench-setup.js';

export interface ConsoleBenchOptions {
  dataDir: string;
  root: string;
  runs: number;
}

/**
 * The admin console in headless Chromium (Debian's, never downloaded) against the API serving its static export:
 * what the first visit downloads (JS bytes, raw and gzipped), and the POS screen's time to interactive — from
 * navigation start until the scan box is enabled and focused (it waits for the store), so a scanned barcode would sell.
 * Each run is a fresh browser profile (cold cache) with the cashier already signed in.
 */
export async function consoleBenchmark(options: ConsoleBenchOptions) {
  const consoleDir = join(options.root, 'admin-console', 'out');
  if (!existsSync(join(consoleDir, 'index.html'))) throw new Error('Build the console first: node scripts/dawa.mjs build');
  const database = await benchDatabase(options.dataDir);
  const platform = await createPlatform({ env: { ...database.env, DAWA_CONSOLE_DIR: consoleDir, LOG_LEVEL: 'silent' }, worker: true });
  const browser = await chromium.launch({ executablePath: process.env.DAWA_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const manifest = demoManifest('sanjeevani');
    await provisionManifest(platform, manifest, 'console benchmark');
    const url = await platform.listen(0);
    await seedDemoData(url, manifest);
    const cashier = manifest.users.find((u) => u.roles.includes('cashier'))!;

    const firstLoad = await browser.newContext();
    const page = await firstLoad.newPage();
    const scripts: Array<Promise<{ raw: number; gzip: number }>> = [];
    page.on('response', (response) => {
      if (response.url().endsWith('.js')) scripts.push(response.body().then((b) => ({ raw: b.length, gzip: gzipSync(b).length })));
    });
    await page.goto(`${url}/sanjeevani/`);
    await page.getByLabel('Email').waitFor();
    const sizes = await Promise.all(scripts);
    await firstLoad.close();

    const timesMs: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      const login = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-tenant': manifest.slug },
        body: JSON.stringify({ email: cashier.email, password: cashier.password }),
      });
      const tokens = (await login.json()) as { accessToken: string; refreshToken: string };
      const context = await browser.newContext();
      const session = JSON.stringify({ ...tokens, expiresAt: Date.now() + 600_000 });
      // Page code as strings: this package compiles without the DOM typings.
      await context.addInitScript(`localStorage.setItem('dawa:tenant:sanjeevani:session', ${JSON.stringify(session)})`);
      const pos = await context.newPage();
      await pos.goto(`${url}/sanjeevani/#/pos`);
      const handle = await pos.waitForFunction(
        // The scan box is enabled and focused only once the store is known: from then on a scan sells.
        `document.activeElement?.getAttribute('aria-label') === 'Scan or search products' ? performance.now() : undefined`,
        undefined,
        { polling: 'raf', timeout: 60_000 },
      );
      timesMs.push(Math.round((await handle.jsonValue()) as number));
      await context.close();
    }
    const sorted = [...timesMs].sort((a, b) => a - b);
    return {
      firstLoadJs: {
        files: sizes.length,
        rawBytes: sizes.reduce((n, s) => n + s.raw, 0),
        gzipBytes: sizes.reduce((n, s) => n + s.gzip, 0),
      },
      posTimeToInteractiveMs: {
        runs: timesMs,
        median: sorted[Math.floor(sorted.length / 2)],
        min: sorted[0],
        max: sorted[sorted.length - 1],
      },
    };
  } finally {
    await browser.close();
    await platform.close();
    await database.stop();
  }
}
