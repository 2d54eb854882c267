import type { OutboxMessage } from '../outbox/outbox.service.js';

/**
 * Emitted in the transaction of every product write (create, update, deactivate, delete, import batch). It carries
 * ids only: whoever handles it reads the products as they are then, so late or repeated deliveries converge on the
 * current catalogue instead of replaying stale copies.
 */
export const PRODUCTS_CHANGED = 'catalog.products-changed';

export interface ProductsChanged {
  productIds: string[];
}

export const productsChanged = (productIds: string[]): OutboxMessage<ProductsChanged> => ({
  topic: PRODUCTS_CHANGED,
  payload: { productIds },
});
