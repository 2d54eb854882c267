#!/usr/bin/env node
// Installs Temporal's time-skipping test server into <repo>/.tools/temporal-test-server/<version>/ once. The SDK's
// `TestWorkflowEnvironment.createTimeSkipping()` would download a native build from temporal.download, which is not a
// package registry; the same server is published on Maven Central as the Java SDK's `io.temporal:temporal-test-server`
// (a JVM program), so Maven fetches it with its dependencies (checksums verified) and a small wrapper runs it on the
// system JDK 17. Plain JavaScript on the standard library, so that .ci/run can call it before the TypeScript build and
// the workflow tests can call it when the server is missing.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Java SDK release whose test server the tests run; any release speaks the same API to the TypeScript SDK. */
export const TEMPORAL_TEST_SERVER_VERSION = '1.38.0';
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const home = join(root, '.tools', 'temporal-test-server');
const installDir = join(home, TEMPORAL_TEST_SERVER_VERSION);
/** The executable handed to the SDK (`server.executable: { type: 'existing-path', path }`). */
export const temporalTestServer = join(installDir, 'temporal-test-server');

// slf4j-nop: the server logs through SLF4J and would otherwise print a warning about a missing binding on every start.
const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.dawa</groupId>
  <artifactId>temporal-test-server-provisioning</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${TEMPORAL_TEST_SERVER_VERSION}</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-nop</artifactId>
      <version>1.7.36</version>
    </dependency>
  </dependencies>
</project>
`;

// The SDK runs the executable as `<path> <port> [extraArgs...]` and waits for the port to accept connections; the
// Java server's main class takes the same arguments. `exec` keeps the JVM as the process the SDK stops.
const WRAPPER = `#!/bin/sh
# Temporal's time-skipping test server ${TEMPORAL_TEST_SERVER_VERSION} (Maven Central), installed by scripts/provision-temporal-test-server.mjs.
exec "\${JAVA_HOME:+\$JAVA_HOME/bin/}java" -cp "$(dirname "$0")/lib/*" io.temporal.testserver.TestServer "$@"
`;

function log(message) {
  process.stderr.write(`[temporal-test-server] ${message}\n`);
}

/** The path of the test server's wrapper, installing the server first when it is not there yet. */
export function ensureTemporalTestServer() {
  if (existsSync(temporalTestServer)) return temporalTestServer;
  mkdirSync(home, { recursive: true });
  // Fetched beside the target and renamed into place, so an interrupted or concurrent run never leaves half a tree.
  const staging = mkdtempSync(join(home, '.install-'));
  try {
    log(`fetching io.temporal:temporal-test-server:${TEMPORAL_TEST_SERVER_VERSION} from Maven Central into ${installDir}`);
    writeFileSync(join(staging, 'pom.xml'), POM);
    const mvn = spawnSync(
      'mvn',
      [
        '-q',
        '-B',
        '-C',
        '-Dstyle.color=never',
        `${DEPENDENCY_PLUGIN}:copy-dependencies`,
        '-DincludeScope=runtime',
        `-DoutputDirectory=${join(staging, 'lib')}`,
      ],
      // Maven's output goes to stderr: stdout carries only the path, which callers read.
      { cwd: staging, stdio: ['ignore', 2, 2] },
    );
    if (mvn.error || mvn.status !== 0) {
      const why = mvn.error ? mvn.error.message : `exit code ${mvn.status}`;
      throw new Error(`mvn copy-dependencies failed (${why}); install Maven and a JDK 17 (.ci/run does) and try again`);
    }
    rmSync(join(staging, 'pom.xml'));
    writeFileSync(join(staging, 'temporal-test-server'), WRAPPER);
    chmodSync(join(staging, 'temporal-test-server'), 0o755);
    try {
      renameSync(staging, installDir);
    } catch (error) {
      // Another run got there first: its tree is as good as ours.
      if (!existsSync(temporalTestServer)) throw error;
    }
    return temporalTestServer;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${ensureTemporalTestServer()}\n`);
  } catch (error) {
    log(error.message);
    process.exit(1);
  }
}
