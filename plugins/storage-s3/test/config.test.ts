import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePluginConfig, PluginConfigError, redactSecrets } from '@dawa/plugin-sdk';
import s3 from '../src/index.js';

const valid = { bucket: 'dawa-files', region: 'ap-south-1', accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG' };

function refusedFields(config: Record<string, unknown>): string[] {
  try {
    parsePluginConfig(s3, config);
  } catch (error) {
    assert.ok(error instanceof PluginConfigError);
    return error.issues.map((issue) => issue.field);
  }
  return [];
}

describe('storage-s3 configuration', () => {
  it('keeps the secret access key secret and puts objects at the bucket root unless told otherwise', () => {
    assert.deepEqual(s3.secretFields, ['secretAccessKey']);
    assert.equal(redactSecrets(s3.configSchema, valid).secretAccessKey, '[redacted]');
    assert.equal(parsePluginConfig(s3, valid).prefix, '');
    assert.equal(s3.baseUrl!(parsePluginConfig(s3, valid)), '', 'AWS itself: the SDK picks the regional endpoint');
    assert.equal(s3.baseUrl!(parsePluginConfig(s3, { ...valid, endpoint: 'https://minio.example.com' })), 'https://minio.example.com');
  });

  it('refuses what S3 would refuse, and a prefix that could climb out of its folder', () => {
    assert.deepEqual(refusedFields({ ...valid, bucket: 'Dawa_Files' }), ['bucket']);
    assert.deepEqual(refusedFields({ ...valid, endpoint: 'ftp://files.example.com' }), ['endpoint']);
    assert.deepEqual(refusedFields({ ...valid, secretAccessKey: undefined }), ['secretAccessKey']);
    for (const prefix of ['dawa', '/dawa/', '../other/', 'dawa//', 'a/../b/']) {
      assert.deepEqual(refusedFields({ ...valid, prefix }), ['prefix'], prefix);
    }
    assert.deepEqual(refusedFields({ ...valid, prefix: 'dawa/production/' }), []);
  });
});
