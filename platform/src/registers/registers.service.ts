import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { catalogRules } from '../catalog/country-rules.js';
import { parseListQuery, uuidList, type ListQuery, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { dateBound } from '../common/list-query.js';
import { storeAccessSql } from '../common/store-access.js';
import { assertCan, withEm, type TenantScope } from '../common/tenant-scope.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import { ident } from '../database/sql.js';
import type { DispensedPrescription } from '../prescriptions/prescriptions.service.js';
import type { SaleRecord } from '../sales/sale-record.js';

export const REGISTER_KINDS = ['h1', 'x', 'cd'] as const;
export type RegisterKind = (typeof REGISTER_KINDS)[number];

/** Years an entry must be kept: India Schedule H1 3 years, Schedule X 2 years; Kenya's poisons book about 2 years. */
export const RETENTION_YEARS: Record<RegisterKind, number> = { h1: 3, x: 2, cd: 2 };

/** The register a schedule's sales go to: India keeps separate H1 and X registers; other countries one CD book. */
export function registerKind(country: string, schedule: string): RegisterKind | undefined {
  if (!catalogRules(country).registerSchedules.includes(schedule)) return undefined;
  if (country === 'IN') return schedule === 'X' ? 'x' : 'h1';
  return 'cd';
}

/** The registers a country keeps; asking for another is a 404. */
export function kindsOf(country: string): RegisterKind[] {
  return [...new Set(catalogRules(country).registerSchedules.map((schedule) => registerKind(country, schedule)!))];
}

const REGISTER_NAMES: Record<RegisterKind, string> = {
  h1: 'Schedule H1 register',
  x: 'Schedule X register',
  cd: 'Controlled drugs register',
};

export const registerListSpec: ListSpec = {
  sortable: { entryNo: 'entry_no', date: 'entry_date', drugName: 'drug_name', invoiceNo: 'invoice_no' },
  defaultSort: ['entryNo', 'DESC'],
  filters: ['storeId', 'productId', 'invoiceNo', 'from', 'to'],
};

interface RegisterRow {
  id: string;
  entry_no: string;
  kind: RegisterKind;
  store_id: string;
  entry_day: string;
  recorded_at: Date;
  sale_id: string;
  sale_line_id: string;
  invoice_no: string;
  prescription_id: string;
  patient_name: string;
  patient_address: string | null;
  prescriber_name: string;
  prescriber_address: string | null;
  prescriber_registration_no: string;
  product_id: string;
  drug_name: string;
  generic_name: string;
  manufacturer: string;
  schedule: string;
  quantity: number;
  unit: string;
  batches: Array<{ batchNo: string; expiry: string; quantity: number }>;
  pharmacist_id: string | null;
  pharmacist_name: string;
  retain_day: string;
}

const COLUMNS = `*, to_char(entry_date, 'YYYY-MM-DD') as entry_day, to_char(retain_until, 'YYYY-MM-DD') as retain_day`;

const CSV_HEADER = [
  'entry_no',
  'date',
  'invoice_no',
  'patient_name',
  'patient_address',
  'prescriber_name',
  'prescriber_address',
  'prescriber_registration_no',
  'drug_name',
  'generic_name',
  'manufacturer',
  'schedule',
  'quantity',
  'unit',
  'batches',
  'pharmacist',
  'prescription_id',
  'retain_until',
];

/** One CSV cell: quoted when needed, and a leading = + - @ defused so a spreadsheet never runs it as a formula. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The statutory registers: India's Schedule H1 and X registers and Kenya's controlled-drug book, one entry per sale
 * line of such a schedule, written by the sale in its own transaction. Patient name and address are sealed like the
 * prescription's, bound to the entry. Entries are read-only: the database refuses updates, and deletes before the
 * retention date; there is no delete endpoint.
 */
@Injectable()
export class RegistersService {
  constructor(
    private readonly audit: AuditService,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
  ) {}

  /** Writes the register entries of a sale; `scope.em` must be the sale's transaction. */
  async recordSale(
    scope: TenantScope,
    sale: SaleRecord,
    prescription: DispensedPrescription,
    pharmacist: Pick<Actor, 'id' | 'name'>,
  ): Promise<void> {
    const lines = sale.lines.flatMap((line) => {
      const kind = registerKind(scope.tenant.country, line.schedule);
      return kind ? [{ line, kind }] : [];
    });
    if (!lines.length) return;
    const s = ident(scope.tenant.schemaName);
    const ids = [...new Set(lines.map((l) => l.line.productId))];
    const products = await scope.em.execute<{ id: string; generic_name: string; manufacturer: string }[]>(
      `select id, generic_name, manufacturer from ${s}.product where id in (${ids.map(() => '?').join(',')})`,
      ids,
    );
    const byId = new Map(products.map((p) => [p.id, p]));
    for (const { line, kind } of lines) {
      const id = randomUUID();
      const product = byId.get(line.productId);
      await scope.em.execute(
        `insert into ${s}.register_entry (id, kind, store_id, entry_date, sale_id, sale_line_id, invoice_no, prescription_id,
           patient_name, patient_address, prescriber_name, prescriber_address, prescriber_registration_no, product_id, drug_name,
           generic_name, manufacturer, schedule, quantity, unit, batches, pharmacist_id, pharmacist_name, retain_until)
         values (?, ?, ?, ?::date, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?::date + make_interval(years => ?))`,
        [
          id,
          kind,
          sale.storeId,
          sale.businessDate,
          sale.id,
          line.id,
          sale.invoiceNo,
          prescription.id,
          this.cipher.encrypt(prescription.patient.name, `register_entry:${id}:name`),
          prescription.patient.address === null ? null : this.cipher.encrypt(prescription.patient.address, `register_entry:${id}:address`),
          prescription.prescriber.name,
          prescription.prescriber.address,
          prescription.prescriber.registrationNo,
          line.productId,
          line.productName,
          product?.generic_name ?? '',
          product?.manufacturer ?? '',
          line.schedule,
          line.quantity,
          line.unit,
          JSON.stringify(line.allocations.map((a) => ({ batchNo: a.batchNo, expiry: a.expiry, quantity: a.quantity }))),
          pharmacist.id,
          pharmacist.name,
          sale.businessDate,
          RETENTION_YEARS[kind],
        ],
      );
    }
  }

  /** The registers the chain's country keeps, so a back office offers exactly those. */
  kinds(scope: TenantScope) {
    assertCan(scope, 'read', 'Register');
    const country = scope.tenant.country;
    return kindsOf(country).map((kind) => ({
      id: kind,
      name: REGISTER_NAMES[kind],
      schedules: catalogRules(country).registerSchedules.filter((schedule) => registerKind(country, schedule) === kind),
      retentionYears: RETENTION_YEARS[kind],
    }));
  }

  async list(scope: TenantScope, kind: string, rawQuery: Record<string, unknown>) {
    const query = parseListQuery(rawQuery, registerListSpec);
    const where = this.where(scope, kind, query, rawQuery);
    const s = ident(scope.tenant.schemaName);
    const [{ count }] = await scope.em.execute<{ count: string }[]>(
      `select count(*) from ${s}.register_entry where ${where.sql}`,
      where.params,
    );
    const [column, direction] = Object.entries(query.orderBy)[0];
    const rows = await scope.em.execute<RegisterRow[]>(
      `select ${COLUMNS} from ${s}.register_entry where ${where.sql} order by ${column} ${direction}, entry_no ${direction} limit ? offset ?`,
      [...where.params, query.limit, query.offset],
    );
    return { query, rows: rows.map((row) => this.view(row)), total: Number(count) };
  }

  /**
   * The register as CSV with a header row, oldest entry first, read in pages so a long register never sits in memory.
   * Access is checked and the export audited before the first byte is sent.
   */
  async exportCsv(scope: TenantScope, kind: string, rawQuery: Record<string, unknown>): Promise<AsyncIterable<string>> {
    const query = parseListQuery({ filter: rawQuery.filter }, registerListSpec);
    const where = this.where(scope, kind, query, rawQuery);
    await scope.em.transactional((em) =>
      this.audit.record(withEm(scope, em), {
        action: 'register.exported',
        entityType: 'Register',
        entityId: kind,
        after: { kind, filter: query.filter, from: rawQuery.from ?? null, to: rawQuery.to ?? null },
      }),
    );
    const s = ident(scope.tenant.schemaName);
    const em = scope.em;
    const view = (row: RegisterRow) => this.view(row);
    return (async function* () {
      yield `${CSV_HEADER.join(',')}\r\n`;
      let after = '0';
      for (;;) {
        const rows = await em.execute<RegisterRow[]>(
          `select ${COLUMNS} from ${s}.register_entry where ${where.sql} and entry_no > ? order by entry_no limit 500`,
          [...where.params, after],
        );
        if (!rows.length) return;
        yield rows
          .map(view)
          .map((e) =>
            [
              e.entryNo,
              e.date,
              e.invoiceNo,
              e.patient.name,
              e.patient.address,
              e.prescriber.name,
              e.prescriber.address,
              e.prescriber.registrationNo,
              e.drug.name,
              e.drug.genericName,
              e.drug.manufacturer,
              e.drug.schedule,
              e.quantity,
              e.unit,
              e.batches.map((b) => `${b.batchNo} exp ${b.expiry} x ${b.quantity}`).join('; '),
              e.pharmacist.name,
              e.prescriptionId,
              e.retainUntil,
            ]
              .map(csvCell)
              .join(','),
          )
          .map((line) => `${line}\r\n`)
          .join('');
        after = rows[rows.length - 1].entry_no;
      }
    })();
  }

  private where(scope: TenantScope, kind: string, query: ListQuery, rawQuery: Record<string, unknown>) {
    if (!kindsOf(scope.tenant.country).includes(kind as RegisterKind)) throw Problem.notFound(`The ${kind} register`);
    const conditions = ['kind = ?'];
    const params: unknown[] = [kind];
    const access = storeAccessSql(scope, 'read', 'Register');
    if (access) {
      conditions.push(access.sql);
      params.push(...access.params);
    }
    for (const [key, column] of [
      ['storeId', 'store_id'],
      ['productId', 'product_id'],
    ] as const) {
      const ids = uuidList(query.filter, key);
      if (ids) {
        conditions.push(`${column} in (${ids.map(() => '?').join(',')})`);
        params.push(...ids);
      }
    }
    if (query.filter.invoiceNo !== undefined) {
      conditions.push('invoice_no = ?');
      params.push(String(query.filter.invoiceNo));
    }
    // `?from=&to=` (inclusive dates) or the same keys in the list filter.
    const from = dateBound(rawQuery.from ?? query.filter.from, 'from');
    const to = dateBound(rawQuery.to ?? query.filter.to, 'to');
    if (from) {
      conditions.push('entry_date >= ?');
      params.push(from);
    }
    if (to) {
      conditions.push('entry_date <= ?');
      params.push(to);
    }
    return { sql: conditions.join(' and '), params };
  }

  private view(row: RegisterRow) {
    const open = (field: string, sealed: string | null) =>
      sealed === null ? null : this.cipher.decrypt(sealed, `register_entry:${row.id}:${field}`);
    return {
      id: row.id,
      entryNo: Number(row.entry_no),
      kind: row.kind,
      storeId: row.store_id,
      date: row.entry_day,
      invoiceNo: row.invoice_no,
      saleId: row.sale_id,
      saleLineId: row.sale_line_id,
      prescriptionId: row.prescription_id,
      patient: { name: open('name', row.patient_name)!, address: open('address', row.patient_address) },
      prescriber: { name: row.prescriber_name, address: row.prescriber_address, registrationNo: row.prescriber_registration_no },
      drug: {
        productId: row.product_id,
        name: row.drug_name,
        genericName: row.generic_name,
        manufacturer: row.manufacturer,
        schedule: row.schedule,
      },
      quantity: row.quantity,
      unit: row.unit,
      batches: row.batches,
      pharmacist: { id: row.pharmacist_id, name: row.pharmacist_name },
      retainUntil: row.retain_day,
      recordedAt: row.recorded_at,
    };
  }
}
