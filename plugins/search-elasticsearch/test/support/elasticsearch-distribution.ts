import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The newest 8.x release of the integ-test-zip distribution; the plugin's client is pinned to 8.x to match. */
export const ELASTICSEARCH_VERSION = '8.19.21';

const ARTIFACT = `org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ELASTICSEARCH_VERSION}:zip`;

/** `<repo>/.tools`, beside the provisioned Node toolchain (this file runs from `dist/test/support/`). */
const TOOLS = fileURLToPath(new URL('../../../../../.tools/', import.meta.url));

export const elasticsearchHome = join(TOOLS, `elasticsearch-${ELASTICSEARCH_VERSION}`);

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : `exit code ${result.status}`;
    throw new Error(`${command} ${args.join(' ')} failed (${why}); Elasticsearch ${ELASTICSEARCH_VERSION} could not be provisioned`);
  }
}

/**
 * Makes sure `.tools/elasticsearch-<version>/` holds the Elasticsearch integ-test distribution (a plain zip, no bundled
 * JDK: it runs on the system JDK 17). Maven fetches it from Maven Central with checksum verification; the zip is
 * unpacked beside its final place and renamed into it, so an interrupted or concurrent run never leaves half a tree.
 */
export function provisionElasticsearch(): string {
  if (existsSync(join(elasticsearchHome, 'bin', 'elasticsearch'))) return elasticsearchHome;
  mkdirSync(TOOLS, { recursive: true });
  const staging = mkdtempSync(join(TOOLS, 'elasticsearch-download-'));
  try {
    process.stderr.write(`Provisioning Elasticsearch ${ELASTICSEARCH_VERSION} into ${elasticsearchHome} ...\n`);
    run(
      'mvn',
      [
        '-q',
        '-B',
        '-C',
        '-Dstyle.color=never',
        'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy',
        `-Dartifact=${ARTIFACT}`,
        `-DoutputDirectory=${staging}`,
      ],
      staging,
    );
    run('unzip', ['-q', `elasticsearch-${ELASTICSEARCH_VERSION}.zip`], staging);
    try {
      renameSync(join(staging, `elasticsearch-${ELASTICSEARCH_VERSION}`), elasticsearchHome);
    } catch (error) {
      // Another run got there first: its tree is as good as ours.
      if (!existsSync(join(elasticsearchHome, 'bin', 'elasticsearch'))) throw error;
    }
    return elasticsearchHome;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
