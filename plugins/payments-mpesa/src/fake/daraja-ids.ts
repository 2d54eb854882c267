import { randomBytes, randomInt } from 'node:crypto';
import { darajaTimestamp } from '../nairobi-time.js';

const CAPITALS_AND_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function capitalsAndDigits(length: number): string {
  return Array.from({ length }, () => CAPITALS_AND_DIGITS[randomInt(CAPITALS_AND_DIGITS.length)]).join('');
}

/** Ids shaped like the ones Daraja hands out, unique within one fake. */
export class DarajaIds {
  private sequence = 0;

  /** `ws_CO_` + Nairobi DDMMYYYYHHmmss + a three-digit sequence + the payer's phone, as current sandbox ids read. */
  checkoutRequestId(phone: string, at: Date): string {
    const t = darajaTimestamp(at);
    const ddmmyyyy = `${t.slice(6, 8)}${t.slice(4, 6)}${t.slice(0, 4)}`;
    return `ws_CO_${ddmmyyyy}${t.slice(8)}${String(this.next() % 1000).padStart(3, '0')}${phone}`;
  }

  /** `29115-34620561-1` */
  merchantRequestId(): string {
    return `${randomInt(10_000, 100_000)}-${randomInt(10_000_000, 100_000_000)}-${this.next()}`;
  }

  /** Ten capitals and digits, starting with a letter: `NLJ7RT61SV`. */
  receipt(): string {
    return `${CAPITALS_AND_DIGITS[randomInt(26)]}${capitalsAndDigits(9)}`;
  }

  /** `AG_20191219_00005797af5d7d75f652` */
  conversationId(at: Date): string {
    return `AG_${darajaTimestamp(at).slice(0, 8)}_${randomBytes(10).toString('hex')}`;
  }

  accessToken(): string {
    return randomBytes(21).toString('base64url');
  }

  /** The `requestId` in Daraja's error bodies. */
  requestId(): string {
    return `${randomInt(1000, 10_000)}-${randomInt(1_000_000, 10_000_000)}-${this.next()}`;
  }

  private next(): number {
    return ++this.sequence;
  }
}
