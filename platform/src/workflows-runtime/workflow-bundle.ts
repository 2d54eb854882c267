import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowsPath } from '@dawa/workflows';

const compiledDir = dirname(workflowsPath);
const cacheDir = join(compiledDir, '..', 'workflow-bundle');
let memo: Promise<WorkflowBundleWithSourceMap> | undefined;

function compiledFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return compiledFiles(path);
      return name.endsWith('.js') ? [path] : [];
    });
}

/** Changes whenever the workflow code or the SDK it is bundled with changes. */
function fingerprint(): string {
  const hash = createHash('sha256');
  const sdk = createRequire(import.meta.url)('@temporalio/workflow/package.json') as { version: string };
  hash.update(sdk.version);
  for (const file of compiledFiles(compiledDir)) hash.update(file).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

async function loadOrBundle(): Promise<WorkflowBundleWithSourceMap> {
  const file = join(cacheDir, `${fingerprint()}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const bundle = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
  mkdirSync(cacheDir, { recursive: true });
  // Written beside and renamed into place: processes bundling at the same time never read half a file.
  const staging = `${file}.${process.pid}.tmp`;
  writeFileSync(staging, JSON.stringify(bundle));
  renameSync(staging, file);
  return bundle;
}

/**
 * The workers' workflow code, bundled by webpack from the compiled `@dawa/workflows` (the SDK runs it in an isolated
 * context). Bundling takes seconds, so the bundle is kept under workflows/dist keyed by a hash of the code: every
 * process (each test file, each worker) after the first loads it from there.
 */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  memo ??= loadOrBundle();
  return memo;
}
