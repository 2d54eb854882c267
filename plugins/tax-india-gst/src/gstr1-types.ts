/** The GSTR-1 JSON a GST practitioner uploads (GSTN's offline-tool format). Amounts are rupees with two decimals. */
export interface Gstr1 {
  gstin: string;
  /** The return period, MMYYYY. */
  fp: string;
  b2b?: Gstr1B2b[];
  b2cl?: Gstr1B2cl[];
  b2cs?: Gstr1B2csRow[];
  cdnr?: Gstr1Cdnr[];
  cdnur?: Gstr1Cdnur[];
  nil?: { inv: Gstr1NilRow[] };
  hsn?: { data: Gstr1HsnRow[] };
  doc_issue?: { doc_det: Gstr1DocumentType[] };
}

export interface Gstr1Amounts {
  txval: number;
  iamt: number;
  camt: number;
  samt: number;
  csamt: number;
}

export interface Gstr1Item {
  num: number;
  itm_det: Gstr1Amounts & { rt: number };
}

export interface Gstr1Invoice {
  inum: string;
  /** DD-MM-YYYY. */
  idt: string;
  val: number;
  /** Place of supply, the two-digit state code. */
  pos: string;
  rchrg: 'N';
  inv_typ: 'R';
  itms: Gstr1Item[];
}

export interface Gstr1B2b {
  ctin: string;
  inv: Gstr1Invoice[];
}

export interface Gstr1B2cl {
  pos: string;
  inv: Array<Pick<Gstr1Invoice, 'inum' | 'idt' | 'val' | 'itms'>>;
}

export interface Gstr1B2csRow extends Gstr1Amounts {
  sply_ty: 'INTRA' | 'INTER';
  pos: string;
  typ: 'OE';
  rt: number;
}

export interface Gstr1Note {
  ntty: 'C';
  nt_num: string;
  nt_dt: string;
  val: number;
  pos: string;
  rchrg: 'N';
  inv_typ: 'R';
  itms: Gstr1Item[];
}

export interface Gstr1Cdnr {
  ctin: string;
  nt: Gstr1Note[];
}

export type Gstr1Cdnur = Omit<Gstr1Note, 'rchrg' | 'inv_typ'> & { typ: 'B2CL' };

export interface Gstr1NilRow {
  sply_ty: 'INTRB2B' | 'INTRAB2B' | 'INTRB2C' | 'INTRAB2C';
  nil_amt: number;
  expt_amt: number;
  ngsup_amt: number;
}

export interface Gstr1HsnRow extends Gstr1Amounts {
  num: number;
  hsn_sc: string;
  desc: string;
  uqc: string;
  qty: number;
  rt: number;
}

export interface Gstr1DocumentType {
  doc_num: number;
  doc_typ: string;
  docs: Array<{ num: number; from: string; to: string; totnum: number; cancel: number; net_issue: number }>;
}
