#!/usr/bin/env node
// The one entry point behind `npm start`, `npm test`, `npm run tenants` and `npm run bench`.
// It must run on whatever Node the machine has (Node 20 on our machines), so it is plain JavaScript
// and uses only the standard library. It makes the workspace ready (Node 24, dependencies, build)
// and then hands over to the compiled TypeScript entry for the command.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const NODE_MAJOR = 24;
const toolsDir = join(root, '.tools', `node${NODE_MAJOR}`);
const provisionedNode = join(toolsDir, 'node_modules', 'node', 'bin', 'node');

const commands = {
  start: ['tenants/dist/src/dev-server.js'],
  test: ['platform/dist/src/dev/run-test-suite.js'],
  tenants: ['tenants/dist/src/cli.js'],
  bench: ['load-tests/dist/src/run-benchmarks.js'],
  build: null,
};

function log(message) {
  process.stderr.write(`[dawa] ${message}\n`);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function nodeIsModern(version) {
  const [major, minor] = version.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 17);
}

// MikroORM 7 needs Node >= 22.17. When the system Node is older we install Node 24 from the npm
// registry's `node` package (the only place we may download from) and re-run this script with it.
function ensureNode() {
  if (nodeIsModern(process.versions.node)) return;
  if (!existsSync(provisionedNode)) {
    log(`Node ${process.versions.node} is too old; installing Node ${NODE_MAJOR} into .tools/ ...`);
    mkdirSync(toolsDir, { recursive: true });
    writeFileSync(join(toolsDir, 'package.json'), JSON.stringify({ name: 'dawa-node-toolchain', private: true }));
    const status = run('npm', ['install', '--no-audit', '--no-fund', '--no-save', `node@${NODE_MAJOR}`], { cwd: toolsDir });
    if (status !== 0 || !existsSync(provisionedNode)) {
      log('Could not install Node from the npm registry. Install Node 24 and run the command again.');
      process.exit(1);
    }
  }
  const env = { ...process.env, PATH: `${dirname(provisionedNode)}:${process.env.PATH}` };
  const result = spawnSync(provisionedNode, process.argv.slice(1), { stdio: 'inherit', env });
  process.exit(result.status ?? 1);
}

function fingerprint(files) {
  const hash = createHash('sha256');
  for (const file of files) {
    const path = join(root, file);
    hash.update(file);
    if (existsSync(path)) hash.update(readFileSync(path));
  }
  return hash.digest('hex');
}

function ensureDependencies() {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const files = ['package.json', 'package-lock.json', ...manifest.workspaces.map((w) => `${w}/package.json`)];
  const stampFile = join(root, 'node_modules', '.dawa-install-stamp');
  const wanted = `${process.versions.node.split('.')[0]}:${fingerprint(files)}`;
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === wanted) return;
  log('Installing dependencies ...');
  // Not `npm ci`: npm drops other platforms' optional packages (nx's native binaries) from the lock file and
  // `npm ci` then refuses it. `npm install` still installs exactly the locked versions.
  const status = run('npm', ['install', '--no-audit', '--no-fund']);
  if (status !== 0) process.exit(status);
  writeFileSync(stampFile, `${process.versions.node.split('.')[0]}:${fingerprint(files)}`);
}

function build() {
  // tsc -b is incremental: an unchanged workspace builds in about a second.
  const status = run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b']);
  if (status !== 0) {
    log('The TypeScript build failed (see above).');
    process.exit(status);
  }
}

const consoleDir = join(root, 'admin-console');
const consoleStamp = join(consoleDir, 'out', '.dawa-build-stamp');

/** Every file `next build` reads from the console's sources, in a stable order. */
function consoleSources() {
  const walk = (dir) =>
    readdirSync(join(root, dir), { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((entry) => (entry.isDirectory() ? walk(`${dir}/${entry.name}`) : [`${dir}/${entry.name}`]));
  const dirs = ['app', 'src', 'public'].filter((d) => existsSync(join(consoleDir, d))).map((d) => `admin-console/${d}`);
  const files = ['package.json', 'next.config.mjs', 'tsconfig.json'].map((f) => `admin-console/${f}`);
  return [...dirs.flatMap(walk), ...files, 'package-lock.json'];
}

// `next build` takes a minute or more on a busy machine, so it runs only when the console's sources changed since
// the last export; checking costs a hash of a few dozen files. DAWA_SKIP_CONSOLE_BUILD=1 skips it outright.
function buildConsole() {
  if (!existsSync(consoleDir) || process.env.DAWA_SKIP_CONSOLE_BUILD === '1') return;
  // Taken before the build, so an edit made while next builds is not stamped as built. (When next normalises
  // tsconfig.json, the next run builds once more and then it is stable.)
  const sources = fingerprint(consoleSources());
  if (existsSync(consoleStamp) && readFileSync(consoleStamp, 'utf8') === sources) return;
  log('Building the admin console (next build) ...');
  const next = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  const status = run(process.execPath, [next, 'build'], { cwd: consoleDir, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (status !== 0) {
    log('The admin console build failed (see above).');
    process.exit(status);
  }
  writeFileSync(consoleStamp, sources);
}

function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || !(command in commands)) {
    log(`usage: node scripts/dawa.mjs <${Object.keys(commands).join('|')}> [args]`);
    process.exit(2);
  }
  ensureNode();
  ensureDependencies();
  build();
  buildConsole();
  const entry = commands[command];
  if (!entry) return;
  const result = spawnSync(process.execPath, ['--enable-source-maps', join(root, entry[0]), ...rest], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exit(result.status ?? (result.signal ? 1 : 0));
}

main();
