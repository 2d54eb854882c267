import { after, before } from 'node:test';
import { storageContract, testTenant } from '@dawa/plugin-sdk/testing';
import s3 from '../src/index.js';
import { startS3Server, type S3Server } from './support/s3-server.js';

// The SDK's storage contract against a real S3-compatible server; the host points the plugin at it (baseUrl).
let server: S3Server;
before(async () => {
  server = await startS3Server();
  await server.createBucket('dawa-contract');
});
after(() => server?.stop());

storageContract(s3, {
  tenant: testTenant('KE'),
  get config() {
    return { bucket: 'dawa-contract', region: server.region, accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey };
  },
  startFake: async () => ({ baseUrl: server.endpoint, stop: async () => undefined }),
});
