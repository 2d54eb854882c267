import { provisionElasticsearch } from './elasticsearch-distribution.js';
import { startElasticsearchNode, type ElasticsearchNode } from './elasticsearch-node.js';

/**
 * The Elasticsearch node a test file runs against: DAWA_TEST_ELASTICSEARCH_URL when set (a node you already run),
 * otherwise a throw-away node from the provisioned distribution, started once for the file and stopped after it.
 */
export class TestCluster {
  private node?: ElasticsearchNode;
  private started?: string;

  get url(): string {
    if (!this.started) throw new Error('The test cluster has not been started (call start() in a before hook)');
    return this.started;
  }

  async start(): Promise<void> {
    const given = process.env.DAWA_TEST_ELASTICSEARCH_URL;
    if (given) {
      this.started = given;
      return;
    }
    this.node = await startElasticsearchNode(provisionElasticsearch());
    this.started = this.node.url;
  }

  async stop(): Promise<void> {
    await this.node?.stop();
  }

  /** A raw request to the node, for what the plugin does not expose (mappings, a foreign index). */
  async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  }
}
