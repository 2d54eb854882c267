/**
 * The `search` extension point: the product catalogue of one tenant in a search engine. What `index` has accepted is
 * searchable when it resolves (read-your-writes), so a product saved in the back office is found by the next search.
 */
export interface SearchProvider {
  /** Adds or replaces products by id. */
  index(products: readonly SearchableProduct[]): Promise<void>;
  /** Removing ids that are not indexed is not an error. */
  remove(productIds: readonly string[]): Promise<void>;
  /** Matches brand, generic name, composition and barcodes, tolerating typos ("paracetmol", "augmntin"). */
  search(query: ProductSearchQuery): Promise<ProductSearchResult>;
}

export interface SearchableProduct {
  id: string;
  name: string;
  genericName: string;
  /** Ingredients with strengths: "Amoxycillin 500mg + Clavulanic Acid 125mg". */
  composition: string;
  manufacturer: string;
  barcodes: readonly string[];
  active: boolean;
}

export interface ProductSearchQuery {
  text: string;
  /** At most 100; 20 when absent. */
  limit?: number;
  includeInactive?: boolean;
}

export interface ProductSearchResult {
  /** Best match first. */
  hits: Array<{ id: string; score: number }>;
  /** A corrected query when the engine has one ("did you mean"). */
  suggestion?: string;
}
