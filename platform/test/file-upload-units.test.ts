import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Problem } from '../src/common/problem.js';
import { sniffContentType } from '../src/files/content-sniffer.js';
import { checkUpload } from '../src/files/upload-check.js';
import { sampleFiles } from './support/file-fixtures.js';

const latin1 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const MiB = 1_048_576;

function refusal(run: () => unknown): Problem {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof Problem, `expected a Problem, got ${String(error)}`);
    return error;
  }
  assert.fail('the upload was accepted');
}

describe('content sniffing', () => {
  it('recognises JPEG, PNG, WebP, HEIC and PDF by their bytes', () => {
    assert.deepEqual(
      Object.values(sampleFiles).map((file) => sniffContentType(file)),
      ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf'],
    );
    assert.equal(sniffContentType(latin1('\0\0\0\x1cftypmif1\0\0\0\0mif1heic')), 'image/heic', 'HEIF as some Android cameras write it');
  });

  it('recognises nothing else, however it is named', () => {
    const others = {
      gif: latin1('GIF89a\x01\x00'),
      html: latin1('<!doctype html><script>alert(1)</script>'),
      svg: latin1('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      wav: latin1('RIFF\x24\0\0\0WAVEfmt '),
      avif: latin1('\0\0\0\x1cftypavif\0\0\0\0'),
      mp4: latin1('\0\0\0\x18ftypisom\0\0\0\0'),
      zip: latin1('PK\x03\x04'),
      truncatedJpeg: new Uint8Array([0xff, 0xd8]),
      empty: new Uint8Array(),
    };
    for (const [name, file] of Object.entries(others)) assert.equal(sniffContentType(file), undefined, name);
  });
});

describe('upload check', () => {
  it('stores a file under the type its bytes show, accepting the names clients use for it', () => {
    assert.equal(checkUpload(sampleFiles.jpeg, 'image/jpeg', MiB), 'image/jpeg');
    assert.equal(checkUpload(sampleFiles.jpeg, 'IMAGE/JPG', MiB), 'image/jpeg');
    assert.equal(checkUpload(sampleFiles.heic, 'image/heif', MiB), 'image/heic');
    assert.equal(checkUpload(sampleFiles.pdf, 'application/pdf; name="rx.pdf"', MiB), 'application/pdf');
  });

  it('refuses a file that is not what it was sent as', () => {
    const problem = refusal(() => checkUpload(sampleFiles.png, 'image/jpeg', MiB));
    assert.equal(problem.status, 415);
    assert.equal(problem.details.type, 'https://dawa.health/problems/file-type-mismatch');
    assert.match(problem.details.detail!, /sent as image\/jpeg but its contents are image\/png/);
  });

  it('refuses types other than images and PDF, even when declared honestly', () => {
    const problem = refusal(() => checkUpload(latin1('<html></html>'), 'text/html', MiB));
    assert.equal(problem.status, 415);
    assert.equal(problem.details.type, 'https://dawa.health/problems/unsupported-file-type');
  });

  it('refuses a file over the size cap and an empty one', () => {
    const big = new Uint8Array(MiB + 1);
    big.set(sampleFiles.jpeg);
    assert.equal(checkUpload(big.subarray(0, MiB), 'image/jpeg', MiB), 'image/jpeg', 'exactly the cap is allowed');
    const tooBig = refusal(() => checkUpload(big, 'image/jpeg', MiB));
    assert.equal(tooBig.status, 413);
    assert.equal(tooBig.details.maxBytes, MiB);
    assert.equal(refusal(() => checkUpload(new Uint8Array(), 'image/jpeg', MiB)).status, 400);
  });
});
