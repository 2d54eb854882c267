import type { Migration } from '../migration.js';

/**
 * Extensions are per database: pg_trgm (trigram similarity, for typo-tolerant search) and fuzzystrmatch
 * (levenshtein, to rank spelling corrections) are installed once, in `public`, and used by every tenant schema.
 */
export const searchExtensions: Migration = {
  name: '0002-search-extensions',
  up: () => [
    'create extension if not exists pg_trgm with schema public',
    'create extension if not exists fuzzystrmatch with schema public',
  ],
};
