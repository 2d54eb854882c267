export interface SearchHit {
  id: string;
  name: string;
  genericName: string | null;
  manufacturer: string | null;
  packSize: number;
  baseUnit: string;
  barcodes: string[];
  schedule: string;
  prescriptionRequired: boolean;
  mrp: number;
  match: string;
  inStock?: number;
}

export interface Batch {
  id: string;
  batchNo: string;
  expiry: string;
  expiryStatus: 'ok' | 'near_expiry' | 'do_not_sell' | 'expired';
  quantity: number;
  mrp: number;
}

export interface CartLine {
  product: SearchHit;
  /** The batch FEFO will take first, shown so the cashier picks the right box off the shelf. */
  batch?: Batch;
  /** Base units (tablets, ml): one pack unless changed. */
  quantity: number;
}

export interface PaymentLine {
  method: 'cash' | 'card' | 'upi' | 'mpesa' | 'other';
  amount: string;
  gateway: boolean;
  /** The customer's phone, for an M-Pesa line through the gateway: the PIN prompt goes to it. */
  phone?: string;
}

/** FEFO pricing as the API does it: each unit at its batch's MRP, pro rata for loose units of a pack. */
export function estimateLine(line: CartLine): number {
  const mrp = line.batch?.mrp ?? line.product.mrp;
  return Math.round((line.quantity * mrp) / line.product.packSize);
}
