import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Problem } from '../src/common/problem.js';
import { multipartBoundary, parseMultipartForm } from '../src/prescriptions/multipart-form.js';

const body = (...lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');
const refused = (run: () => unknown, detail: RegExp) =>
  assert.throws(run, (error: unknown) => error instanceof Problem && error.status === 400 && detail.test(error.message));

describe('multipart/form-data bodies', () => {
  it('finds the boundary, quoted or not, among other parameters', () => {
    assert.equal(multipartBoundary('multipart/form-data; boundary=----WebKitFormBoundary7MA4'), '----WebKitFormBoundary7MA4');
    assert.equal(multipartBoundary('Multipart/Form-Data; charset=utf-8; boundary="a b:c"'), 'a b:c');
    assert.equal(multipartBoundary('multipart/form-data'), undefined);
    assert.equal(multipartBoundary('application/json'), undefined);
  });

  it('splits fields and files, keeping binary bodies byte for byte', () => {
    const binary = '\xff\xd8\xff\r\n--notTheBoundary\r\n\x00';
    const parts = parseMultipartForm(
      body(
        'preamble is ignored',
        '--XyZ',
        'Content-Disposition: form-data; name="metadata"',
        '',
        '{"storeId":"x"}',
        '--XyZ',
        'Content-Disposition: form-data; name="file"; filename="rx \\"1\\".jpg"',
        'Content-Type: image/jpeg',
        '',
        binary,
        '--XyZ--',
        '',
      ),
      'XyZ',
    );
    assert.deepEqual(
      parts.map((p) => [p.name, p.filename, p.contentType]),
      [
        ['metadata', undefined, undefined],
        ['file', 'rx "1".jpg', 'image/jpeg'],
      ],
    );
    assert.equal(parts[0].body.toString(), '{"storeId":"x"}');
    assert.deepEqual(parts[1].body, Buffer.from(binary, 'latin1'));
  });

  it('refuses bodies that do not follow the format with a 400 saying why', () => {
    refused(() => parseMultipartForm(body('no boundary here'), 'XyZ'), /does not occur/);
    refused(() => parseMultipartForm(body('--XyZ', 'Content-Disposition: form-data; name="a"', '', 'cut off'), 'XyZ'), /closing boundary/);
    refused(() => parseMultipartForm(body('--XyZ', 'Content-Type: text/plain', '', 'x', '--XyZ--'), 'XyZ'), /no form-data name/);
    refused(() => parseMultipartForm(body('--XyZ', 'Content-Disposition: form-data; name="a"'), 'XyZ'), /no end to its headers/);
    const many = Array.from({ length: 9 }, (_, i) => `--XyZ\r\nContent-Disposition: form-data; name="p${i}"\r\n\r\nv`).join('\r\n');
    refused(() => parseMultipartForm(Buffer.from(`${many}\r\n--XyZ--`), 'XyZ'), /more than 8 parts/);
  });
});
