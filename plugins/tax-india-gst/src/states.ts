/** A state or union territory as GST knows it: its two-digit code opens every GSTIN registered there. */
export interface GstState {
  code: string;
  /** The region code stores carry ("MH"); ISO 3166-2:IN since its 2023 revision. */
  region: string;
  name: string;
  /** Union territories without a legislature levy UTGST where states levy SGST. */
  levyUtgst: boolean;
}

const state = (code: string, region: string, name: string, levyUtgst = false): GstState => ({ code, region, name, levyUtgst });

const STATES: readonly GstState[] = [
  state('01', 'JK', 'Jammu and Kashmir'),
  state('02', 'HP', 'Himachal Pradesh'),
  state('03', 'PB', 'Punjab'),
  state('04', 'CH', 'Chandigarh', true),
  state('05', 'UK', 'Uttarakhand'),
  state('06', 'HR', 'Haryana'),
  state('07', 'DL', 'Delhi'),
  state('08', 'RJ', 'Rajasthan'),
  state('09', 'UP', 'Uttar Pradesh'),
  state('10', 'BR', 'Bihar'),
  state('11', 'SK', 'Sikkim'),
  state('12', 'AR', 'Arunachal Pradesh'),
  state('13', 'NL', 'Nagaland'),
  state('14', 'MN', 'Manipur'),
  state('15', 'MZ', 'Mizoram'),
  state('16', 'TR', 'Tripura'),
  state('17', 'ML', 'Meghalaya'),
  state('18', 'AS', 'Assam'),
  state('19', 'WB', 'West Bengal'),
  state('20', 'JH', 'Jharkhand'),
  state('21', 'OD', 'Odisha'),
  state('22', 'CG', 'Chhattisgarh'),
  state('23', 'MP', 'Madhya Pradesh'),
  state('24', 'GJ', 'Gujarat'),
  state('26', 'DH', 'Dadra and Nagar Haveli and Daman and Diu', true),
  state('27', 'MH', 'Maharashtra'),
  state('29', 'KA', 'Karnataka'),
  state('30', 'GA', 'Goa'),
  state('31', 'LD', 'Lakshadweep', true),
  state('32', 'KL', 'Kerala'),
  state('33', 'TN', 'Tamil Nadu'),
  state('34', 'PY', 'Puducherry'),
  state('35', 'AN', 'Andaman and Nicobar Islands', true),
  state('36', 'TS', 'Telangana'),
  state('37', 'AP', 'Andhra Pradesh'),
  state('38', 'LA', 'Ladakh', true),
];

/** Region codes from before ISO's 2023 revision and the merged Daman and Diu, still found in older data. */
const FORMER_REGION_CODES: Readonly<Record<string, string>> = { OR: 'OD', CT: 'CG', UT: 'UK', TG: 'TS', DN: 'DH', DD: 'DH' };

const BY_REGION = new Map(STATES.map((s) => [s.region, s]));
const BY_CODE = new Map(STATES.map((s) => [s.code, s]));

/** The state for a store's or buyer's region code, in any case ("mh", "MH", "OR" for Odisha). */
export function gstStateForRegion(region: string): GstState | undefined {
  const upper = region.trim().toUpperCase();
  return BY_REGION.get(FORMER_REGION_CODES[upper] ?? upper);
}

export function gstStateForCode(code: string): GstState | undefined {
  return BY_CODE.get(code);
}
