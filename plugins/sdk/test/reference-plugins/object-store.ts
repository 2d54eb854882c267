import {
  definePlugin,
  hmacDigest,
  PLUGIN_API_VERSION,
  safeEqual,
  secret,
  tenantObjectKey,
  z,
  type StorageProvider,
} from '../../src/index.js';
import type { VendorFake } from '../../src/testing/index.js';
import { startFakeServer } from '../../src/fakes/index.js';

// A minimal object store and the plugin for it: a worked example that the storage contract suite really checks.

const signed = (token: string, method: string, path: string, expires: string) =>
  hmacDigest('sha256', token, `${method}\n${path}\n${expires}`, 'hex');

export function startObjectStoreFake(token: string): Promise<VendorFake> {
  const objects = new Map<string, { body: Buffer; contentType: string; metadata: Record<string, string> }>();
  return startFakeServer(({ method, path, query, headers, body }) => {
    const expires = query.get('expires') ?? '';
    const presigned =
      expires && Number(expires) > Date.now() / 1000 && safeEqual(query.get('signature') ?? '', signed(token, method, path, expires));
    if (headers.authorization !== `Bearer ${token}` && !presigned) return { status: 403 };
    const key = decodeURIComponent(path.replace(/^\/o\//, ''));
    const stored = objects.get(key);
    if (method === 'PUT') {
      const metadata = Object.fromEntries(
        Object.entries(headers)
          .filter(([name]) => name.startsWith('x-meta-'))
          .map(([name, value]) => [name.slice('x-meta-'.length), String(value)]),
      );
      objects.set(key, { body, contentType: String(headers['content-type']), metadata });
      return { status: 201 };
    }
    if (method === 'DELETE') return { status: objects.delete(key) ? 204 : 404 };
    if (!stored) return { status: 404 };
    return {
      status: 200,
      headers: { 'content-type': stored.contentType, 'x-metadata': JSON.stringify(stored.metadata) },
      body: stored.body,
    };
  });
}

export default definePlugin({
  name: 'storage-reference',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  countries: 'any',
  configSchema: z.object({ endpoint: z.url(), token: secret(z.string().min(8)) }),
  baseUrl: (config) => config.endpoint,
  provides: {
    storage: ({ tenant, config, http, clock }): StorageProvider => {
      const path = (key: string) => `/o/${tenantObjectKey(tenant.id, key).split('/').map(encodeURIComponent).join('/')}`;
      const auth = { authorization: `Bearer ${config.token}` };
      const presign = (method: string, key: string, seconds: number) => {
        const expires = String(Math.floor(clock.now().getTime() / 1000) + seconds);
        return `${http.baseUrl}${path(key)}?expires=${expires}&signature=${signed(config.token, method, path(key), expires)}`;
      };
      return {
        async put(key, body, { contentType, metadata = {} }) {
          const meta = Object.fromEntries(Object.entries(metadata).map(([name, value]) => [`x-meta-${name}`, value]));
          await http.request({ method: 'PUT', path: path(key), body, headers: { ...auth, ...meta, 'content-type': contentType } });
          return { key, size: body.length, contentType, metadata: { ...metadata } };
        },
        async get(key) {
          const response = await http.request({ method: 'GET', path: path(key), headers: auth });
          if (response.status === 404) return null;
          const contentType = response.headers['content-type'];
          return {
            key,
            size: response.body.length,
            contentType,
            metadata: JSON.parse(response.headers['x-metadata']),
            body: response.body,
          };
        },
        async delete(key) {
          await http.request({ method: 'DELETE', path: path(key), headers: auth });
        },
        presignGet: async (key, { expiresInSeconds }) => presign('GET', key, expiresInSeconds),
        presignPut: async (key, { expiresInSeconds }) => presign('PUT', key, expiresInSeconds),
      };
    },
  },
});
