import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestApp, type TestApp } from '@dawa/platform/testing';
import { chromium, type Browser, type Page } from 'playwright-core';

const consoleRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CONSOLE_BUILD = join(consoleRoot, 'out');
/** Git-ignored; the test prints where the screenshots went. */
export const SCREENSHOTS = resolve(consoleRoot, '..', 'test-artifacts', 'admin-console');
/** Debian's Chromium: the tests never download a browser. */
export const CHROMIUM = process.env.DAWA_CHROMIUM ?? '/usr/bin/chromium';

/** The real API serving the built console, as `npm start` does; `env` adds settings such as vendor fakes' addresses. */
export async function startConsoleApp(env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  if (!existsSync(join(CONSOLE_BUILD, 'index.html'))) {
    throw new Error(`The console is not built (${CONSOLE_BUILD}): run node scripts/dawa.mjs build.`);
  }
  return startTestApp({ DAWA_CONSOLE_DIR: CONSOLE_BUILD, ...env });
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set DAWA_CHROMIUM).`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Signs in through the console's own login page. */
export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A CSS colour as the browser computes it, for comparing with the tenant's hex branding. */
export function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * axe-core (pinned in package.json) run in the page against WCAG 2.x level A rules: missing labels, unnamed buttons,
 * bad ARIA, images without text. Colour contrast (AA) is left out: it depends on each chain's own colours.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: source });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag21a'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}
