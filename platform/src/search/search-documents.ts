import type { EntityManager } from '@mikro-orm/postgresql';
import type { SearchableProduct } from '@dawa/plugin-sdk';
import { ProductEntity, type Product } from '../catalog/product.entity.js';
import { barcodesOf } from '../catalog/product-writer.js';
import type { TenantRef } from '../tenancy/tenant-ref.js';

/**
 * Products as a search plugin indexes them. The catalogue's `genericName` already carries strengths ("Amoxycillin
 * 500mg + Clavulanic Acid 125mg"), so it is the plugin's composition; the plugin's generic name is the ingredients.
 */
export function searchableProduct(product: Product, barcodes: string[]): SearchableProduct {
  return {
    id: product.id,
    name: product.name,
    genericName: product.ingredients.map((ingredient) => ingredient.name).join(' + '),
    composition: product.genericName,
    manufacturer: product.manufacturer,
    barcodes,
    active: product.status === 'active',
  };
}

/** The tenant's products with these ids, as they are now; ids of deleted products are simply absent. */
export async function searchableProducts(em: EntityManager, tenant: TenantRef, ids: string[]): Promise<SearchableProduct[]> {
  if (!ids.length) return [];
  const products = await em.find(ProductEntity, { id: { $in: ids } });
  const barcodes = await barcodesOf(
    em,
    tenant,
    products.map((p) => p.id),
  );
  return products.map((product) => searchableProduct(product, barcodes.get(product.id) ?? []));
}
