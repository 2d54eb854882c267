import { ident } from '../../sql.js';
import type { Migration } from '../migration.js';

/**
 * The cash drawer: a session per store from opening float to counted cash. At most one open session per store (a
 * partial unique index, so two tills racing to open both cannot win). Closing stores what the drawer should hold and
 * the over/short, computed from the cash taken and the change given by the store's sales in the session's window.
 */
export const cashSessions: Migration = {
  name: '0007-cash-sessions',
  up: (schema) => {
    const s = ident(schema);
    return [
      `create table ${s}.cash_session (
        id uuid primary key,
        store_id uuid not null references ${s}.store (id),
        status text not null default 'open' check (status in ('open', 'closed')),
        opened_by uuid,
        opened_at timestamptz not null,
        opening_float bigint not null check (opening_float >= 0),
        closed_by uuid,
        closed_at timestamptz,
        sales_count integer,
        cash_received bigint,
        change_given bigint,
        expected_cash bigint,
        counted_cash bigint check (counted_cash >= 0),
        difference bigint,
        note text,
        check ((status = 'open') = (closed_at is null)),
        check (status = 'open' or (expected_cash is not null and counted_cash is not null and difference = counted_cash - expected_cash))
      )`,
      `create unique index cash_session_one_open_per_store on ${s}.cash_session (store_id) where status = 'open'`,
      `create index cash_session_store_opened_idx on ${s}.cash_session (store_id, opened_at desc)`,
      // Closing a drawer sums the store's sales in a time window.
      `create index sale_store_sold_at_idx on ${s}.sale (store_id, sold_at)`,
    ];
  },
};
