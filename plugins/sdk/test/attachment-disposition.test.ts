import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attachmentDisposition } from '../src/index.js';

describe('attachmentDisposition', () => {
  it('names the download exactly for current browsers and in plain ASCII for old ones', () => {
    assert.equal(
      attachmentDisposition('invoice INV-7.pdf'),
      `attachment; filename="invoice INV-7.pdf"; filename*=UTF-8''invoice%20INV-7.pdf`,
    );
    assert.equal(
      attachmentDisposition('दवा (1).pdf'),
      `attachment; filename="___ (1).pdf"; filename*=UTF-8''%E0%A4%A6%E0%A4%B5%E0%A4%BE%20%281%29.pdf`,
    );
  });

  it('cannot be made to close the quoted name or start another header', () => {
    const header = attachmentDisposition('a".pdf"; filename="evil.exe\r\nSet-Cookie: x=1');
    assert.equal(
      header,
      `attachment; filename="a_.pdf_; filename=_evil.exeSet-Cookie: x=1"; filename*=UTF-8''a%22.pdf%22%3B%20filename%3D%22evil.exeSet-Cookie%3A%20x%3D1`,
    );
    assert.doesNotMatch(header, /[\r\n]/);
  });
});
