import { ident } from '../../sql.js';
import type { Migration } from '../migration.js';

/**
 * The chain's catalogue (products, barcodes, the spelling-correction word list), catalogue imports, and stock:
 * batches per store with an append-only ledger of every movement, and transfers between stores.
 */
export const catalogStock: Migration = {
  name: '0002-catalog-stock',
  up: (schema) => {
    const s = ident(schema);
    return [
      `create table ${s}.product (
        id uuid primary key,
        name text not null,
        generic_name text not null default '',
        ingredients jsonb not null default '[]',
        composition_key text not null default '',
        manufacturer text not null default '',
        dosage_form text not null,
        pack_size integer not null check (pack_size > 0),
        base_unit text not null,
        schedule text not null,
        tax_class text not null,
        hsn_code text,
        kra_item_class text,
        mrp bigint check (mrp >= 0),
        reorder_level integer not null default 0 check (reorder_level >= 0),
        status text not null default 'active' check (status in ('active', 'inactive')),
        import_key text not null,
        search_vector tsvector not null default ''::tsvector,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`,
      `create unique index product_import_key on ${s}.product (import_key)`,
      `create index product_composition_idx on ${s}.product (composition_key) where composition_key <> ''`,
      // No pending list (fastupdate): a bulk import would otherwise leave up to 4 MB of unsorted entries that every
      // search scans until vacuum merges them. The catalogue is read far more than written.
      `create index product_search_idx on ${s}.product using gin (search_vector) with (fastupdate = off)`,
      `create index product_name_trgm_idx on ${s}.product using gin (lower(name) public.gin_trgm_ops)`,
      `create index product_name_lower_idx on ${s}.product (lower(name) text_pattern_ops)`,
      `create table ${s}.product_barcode (
        barcode text primary key,
        product_id uuid not null references ${s}.product (id) on delete cascade
      )`,
      `create index product_barcode_product_idx on ${s}.product_barcode (product_id)`,
      // The PostgreSQL manual's "words table" for spelling suggestions: every word of the catalogue's names,
      // ingredients and manufacturers, with the number of products using it.
      `create table ${s}.search_word (
        word text primary key,
        products integer not null default 0
      )`,
      `create index search_word_trgm_idx on ${s}.search_word using gin (word public.gin_trgm_ops) with (fastupdate = off)`,
      // Prefix ranges (`word like 'amox%'`) whatever the database collation: search sizes a prefix before using it.
      `create index search_word_prefix_idx on ${s}.search_word (word text_pattern_ops)`,
      // Spelling candidates for a typed word: catalogue words sharing at least min_similarity of their trigrams
      // (the GIN index above), within max_edits edits. pg_trgm's `%` reads its threshold from a setting; the SET
      // clause confines the change to this call, so no pooled connection's settings change. (Nearest-first GiST
      // ordering was tried: its trigram signatures saturate on a catalogue's vocabulary and it reads most of the index.)
      `create function ${s}.search_word_candidates(typed text, max_edits integer, min_similarity real)
        returns table (word text, products integer, edits integer, similarity real)
        language plpgsql strict
        set pg_trgm.similarity_threshold = 0.3
        as $$
        #variable_conflict use_column
        begin
          perform set_config('pg_trgm.similarity_threshold', min_similarity::text, true);
          return query
            select c.word, c.products, c.edits, c.similarity from (
              select w.word, w.products, public.levenshtein_less_equal(w.word, typed, max_edits) as edits,
                     public.similarity(w.word, typed) as similarity
              from ${s}.search_word w
              where w.word operator(public.%) typed and w.products > 0
            ) c
            where c.edits <= max_edits;
        end $$`,
      // The search vector and the word list follow every product write inside the same transaction, whatever
      // path wrote it (API, import, SQL). Words are upserted in sorted order so concurrent writers lock them in
      // the same order and cannot deadlock.
      `create function ${s}.product_search_vector() returns trigger language plpgsql as $$
        begin
          new.search_vector :=
            setweight(to_tsvector('simple', coalesce(new.name, '')), 'A') ||
            setweight(to_tsvector('simple', coalesce(new.generic_name, '')), 'B') ||
            setweight(to_tsvector('simple', coalesce(new.manufacturer, '')), 'C');
          return new;
        end $$`,
      `create trigger product_search_vector before insert or update of name, generic_name, manufacturer on ${s}.product
        for each row execute function ${s}.product_search_vector()`,
      `create function ${s}.product_search_words() returns trigger language plpgsql as $$
        declare
          old_words text[] := case when tg_op = 'INSERT' then '{}'::text[] else tsvector_to_array(old.search_vector) end;
          new_words text[] := case when tg_op = 'DELETE' then '{}'::text[] else tsvector_to_array(new.search_vector) end;
        begin
          insert into ${s}.search_word as w (word, products)
            select x, 1 from unnest(new_words) x where not x = any(old_words) order by x
            on conflict (word) do update set products = w.products + 1;
          perform 1 from ${s}.search_word where word in (select x from unnest(old_words) x where not x = any(new_words)) order by word for update;
          update ${s}.search_word set products = products - 1
            where word in (select x from unnest(old_words) x where not x = any(new_words));
          return null;
        end $$`,
      `create trigger product_search_words after insert or update of search_vector or delete on ${s}.product
        for each row execute function ${s}.product_search_words()`,
      `create table ${s}.import_job (
        id uuid primary key,
        kind text not null,
        status text not null check (status in ('queued', 'running', 'completed', 'failed')),
        total integer not null default 0,
        processed integer not null default 0,
        created integer not null default 0,
        updated integer not null default 0,
        failed integer not null default 0,
        errors jsonb not null default '[]',
        message text,
        created_by uuid,
        created_at timestamptz not null default now(),
        finished_at timestamptz
      )`,
      `create table ${s}.stock_batch (
        id uuid primary key,
        store_id uuid not null references ${s}.store (id),
        product_id uuid not null references ${s}.product (id),
        batch_no text not null,
        expiry date not null,
        cost bigint not null check (cost >= 0),
        mrp bigint not null check (mrp >= 0),
        supplier text,
        quantity integer not null default 0 check (quantity >= 0),
        received_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (store_id, product_id, batch_no)
      )`,
      `create index stock_batch_fefo_idx on ${s}.stock_batch (store_id, product_id, expiry) where quantity > 0`,
      `create index stock_batch_expiry_idx on ${s}.stock_batch (store_id, expiry) where quantity > 0`,
      `create table ${s}.stock_transfer (
        id uuid primary key,
        from_store_id uuid not null references ${s}.store (id),
        to_store_id uuid not null references ${s}.store (id),
        status text not null check (status in ('in_transit', 'received')),
        lines jsonb not null,
        created_by uuid,
        created_at timestamptz not null default now(),
        received_by uuid,
        received_at timestamptz,
        check (from_store_id <> to_store_id)
      )`,
      `create table ${s}.stock_movement (
        id bigint generated always as identity primary key,
        occurred_at timestamptz not null default now(),
        store_id uuid not null references ${s}.store (id),
        product_id uuid not null references ${s}.product (id),
        batch_id uuid not null references ${s}.stock_batch (id),
        kind text not null check (kind in ('receipt', 'sale', 'return', 'adjustment', 'transfer_out', 'transfer_in', 'expiry_write_off', 'supplier_return')),
        quantity integer not null check (quantity <> 0),
        reason text,
        reference text,
        transfer_id uuid references ${s}.stock_transfer (id),
        actor_id uuid,
        request_id text
      )`,
      `create index stock_movement_batch_idx on ${s}.stock_movement (batch_id)`,
      `create index stock_movement_store_time_idx on ${s}.stock_movement (store_id, occurred_at desc)`,
      `create function ${s}.stock_movement_append_only() returns trigger language plpgsql as $$
        begin raise exception 'stock_movement is append-only'; end $$`,
      `create trigger stock_movement_append_only before update or delete on ${s}.stock_movement
        for each row execute function ${s}.stock_movement_append_only()`,
    ];
  },
};
