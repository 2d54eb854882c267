'use client';
import { useEffect, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  Grid,
  IconButton,
  MenuItem,
  Stack,
  TextField as MuiTextField,
  Typography,
} from '@mui/material';
import DeleteIcon from '@mui/icons-material/Delete';
import {
  Datagrid,
  DateField,
  FunctionField,
  List,
  ReferenceField,
  ReferenceInput,
  SelectInput,
  Title,
  TopToolbar,
  useGetIdentity,
  useGetList,
  usePermissions,
} from 'react-admin';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useApi } from '../api-context';
import { problemMessage } from '../auth/api-client';
import { RequireRole, guarded } from '../auth/RequireRole';
import { canOpen } from '../auth/roles';

/** A catalogue product (with its name as recorded) or what the prescriber wrote. */
interface PrescriptionItem {
  productId?: string;
  name?: string;
  genericName?: string;
  quantity: number;
}

const itemLabel = (item: PrescriptionItem) => (item.productId ? item.name : item.genericName);

/** What the approve step takes: the product or the written name, and the quantity (names are the API's to record). */
const approvedItem = ({ productId, genericName, quantity }: PrescriptionItem) =>
  productId ? { productId, quantity } : { genericName, quantity };

interface Prescriber {
  name: string;
  registrationNo: string;
  address: string;
}

interface Prescription {
  id: string;
  storeId: string;
  status: keyof typeof STATUS;
  patient: { name: string; phone?: string | null; address?: string | null; masked?: boolean };
  prescriber: Prescriber | null;
  issuedAt: string | null;
  items: PrescriptionItem[];
  repeats: number;
  validUntil: string | null;
  images: { id: string; contentType: string; size: number; uploadedAt: string }[];
  claimedBy: { id: string; name: string; at: string } | null;
  waitingSeconds: number | null;
  escalatedAt: string | null;
  firstApprovedBy: string | null;
  firstApproverRegistrationNo: string | null;
  approverRegistrationNo: string | null;
  rejectionReason: string | null;
  reviewNotes: string | null;
  infoRequest: { message: string; requestedAt: string; response: string | null; providedAt: string | null } | null;
  createdAt: string;
}

const STATUS = {
  pending_review: { label: 'Waiting for review', color: 'info' },
  info_requested: { label: 'Waiting for the customer', color: 'warning' },
  awaiting_second_approval: { label: 'Needs a second pharmacist', color: 'secondary' },
  approved: { label: 'Approved', color: 'success' },
  rejected: { label: 'Rejected', color: 'error' },
  expired: { label: 'Expired', color: 'default' },
} as const;

const OPEN = ['pending_review', 'info_requested', 'awaiting_second_approval'];

/** The scan types the API accepts (it checks the bytes too). */
const SCAN_TYPES = 'image/jpeg,image/png,image/webp,image/heic,application/pdf';

function StatusChip({ status }: { status: Prescription['status'] }) {
  return <Chip size="small" color={STATUS[status].color} label={STATUS[status].label} />;
}

function formatWait(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 24 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** How long it has waited, and whether the SLA timer already called the store's managers. */
function WaitingCell({ record }: { record: Prescription }) {
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <span>{record.waitingSeconds === null ? '—' : formatWait(record.waitingSeconds)}</span>
      {record.escalatedAt && <Chip size="small" color="error" label="Escalated" />}
    </Stack>
  );
}

function patientLine(patient: Prescription['patient']): string {
  return [patient.name, patient.phone].filter(Boolean).join(' · ');
}

function ItemsSummary({ items }: { items: PrescriptionItem[] }) {
  if (!items.length) return <>To be read off the scan</>;
  return <>{items.map((item) => `${itemLabel(item)} × ${item.quantity}`).join(', ')}</>;
}

const queueFilters = [
  <ReferenceInput key="store" source="storeId" reference="stores" sort={{ field: 'name', order: 'ASC' }} alwaysOn>
    <SelectInput label="Store" optionText="name" emptyText="All my stores" />
  </ReferenceInput>,
  <SelectInput
    key="status"
    source="status"
    label="Status"
    alwaysOn
    emptyText="All waiting"
    choices={OPEN.map((id) => ({ id, name: STATUS[id as Prescription['status']].label }))}
  />,
];

function QueueActions() {
  const { permissions } = usePermissions<string[]>();
  return (
    <TopToolbar>
      {canOpen('prescriptions/upload', permissions) && (
        <Button component={Link} to="/prescriptions/create">
          Upload a prescription
        </Button>
      )}
    </TopToolbar>
  );
}

/** The stores' pharmacist queue, oldest first; it refreshes itself so a counter's upload shows up without a reload. */
export const PrescriptionQueue = guarded('prescriptions', () => (
  <List
    resource="prescriptions/queue"
    title="Prescription queue"
    filters={queueFilters}
    actions={<QueueActions />}
    sort={{ field: 'createdAt', order: 'ASC' }}
    queryOptions={{ refetchInterval: 30_000 }}
    empty={false}
  >
    <Datagrid rowClick={(id) => `/prescriptions/${id}/show`} bulkActionButtons={false}>
      <DateField source="createdAt" label="Received" showTime />
      <ReferenceField source="storeId" reference="stores" link={false} sortable={false} />
      <FunctionField label="Patient" render={(r: Prescription) => patientLine(r.patient)} />
      <FunctionField label="Items" render={(r: Prescription) => <ItemsSummary items={r.items} />} />
      <FunctionField label="Status" sortBy="status" render={(r: Prescription) => <StatusChip status={r.status} />} />
      <FunctionField label="Waiting" render={(r: Prescription) => <WaitingCell record={r} />} />
      <FunctionField label="Claimed by" render={(r: Prescription) => r.claimedBy?.name ?? 'Unclaimed'} />
    </Datagrid>
  </List>
));

/**
 * The scan, fetched through the API's audited link (every view is an audit entry) into a blob the page shows:
 * images zoom and rotate, PDFs open in the page. The link is never put in the DOM.
 */
function ScanViewer({ prescription }: { prescription: Prescription }) {
  const api = useApi();
  const [imageId, setImageId] = useState(prescription.images[0]?.id);
  const [scan, setScan] = useState<{ url: string; contentType: string }>();
  const [error, setError] = useState<string>();
  const [zoom, setZoom] = useState(1);
  const [rotation, setRotation] = useState(0);

  useEffect(() => {
    if (!imageId) return;
    let objectUrl: string | undefined;
    let cancelled = false;
    (async () => {
      try {
        const { json } = await api.fetchJson(`/api/v1/prescriptions/${prescription.id}/image?imageId=${imageId}`);
        const response = await fetch(json.url);
        if (!response.ok) throw new Error(`The scan could not be loaded (${response.status}).`);
        objectUrl = URL.createObjectURL(new Blob([await response.arrayBuffer()], { type: json.contentType }));
        if (!cancelled) setScan({ url: objectUrl, contentType: json.contentType });
      } catch (e) {
        if (!cancelled) setError(problemMessage(e));
      }
    })();
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [api, prescription.id, imageId]);

  const zoomBy = (factor: number) => setZoom((z) => Math.min(5, Math.max(0.25, z * factor)));
  const rotate = () => setRotation((r) => (r + 90) % 360);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === '+' || event.key === '=') zoomBy(1.25);
    else if (event.key === '-') zoomBy(0.8);
    else if (event.key === 'r' || event.key === 'R') rotate();
    else return;
    event.preventDefault();
  };

  if (!prescription.images.length) return <Alert severity="info">No scan: this prescription was typed in at the counter.</Alert>;
  const isPdf = scan?.contentType === 'application/pdf';
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
        {prescription.images.length > 1 &&
          prescription.images.map((image, i) => (
            <Button
              key={image.id}
              variant={image.id === imageId ? 'contained' : 'outlined'}
              size="small"
              onClick={() => setImageId(image.id)}
            >
              Scan {i + 1}
            </Button>
          ))}
        {!isPdf && (
          <>
            <Button size="small" onClick={() => zoomBy(1.25)} aria-keyshortcuts="+">
              Zoom in (+)
            </Button>
            <Button size="small" onClick={() => zoomBy(0.8)} aria-keyshortcuts="-">
              Zoom out (−)
            </Button>
            <Button size="small" onClick={rotate} aria-keyshortcuts="R">
              Rotate (R)
            </Button>
            <Button
              size="small"
              onClick={() => {
                setZoom(1);
                setRotation(0);
              }}
            >
              Fit
            </Button>
          </>
        )}
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
      {scan &&
        (isPdf ? (
          <Box component="iframe" src={scan.url} title="Prescription scan (PDF)" sx={{ width: '100%', height: '70vh', border: 1 }} />
        ) : (
          <Box
            tabIndex={0}
            role="group"
            aria-label="Prescription scan: + and − zoom, R rotates"
            onKeyDown={onKeyDown}
            sx={{
              height: '70vh',
              overflow: 'auto',
              border: 1,
              borderColor: 'divider',
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'center',
            }}
          >
            <Box
              component="img"
              src={scan.url}
              alt="Prescription scan"
              data-testid="prescription-scan"
              sx={{
                maxWidth: '100%',
                maxHeight: '100%',
                transform: `rotate(${rotation}deg) scale(${zoom})`,
                transition: 'transform 0.15s',
              }}
            />
          </Box>
        ))}
    </Stack>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography variant="body2" component="div">
        {children}
      </Typography>
    </Box>
  );
}

function Details({ prescription: rx }: { prescription: Prescription }) {
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <StatusChip status={rx.status} />
        {rx.waitingSeconds !== null && <WaitingCell record={rx} />}
      </Stack>
      <Field label="Patient">
        {patientLine(rx.patient)}
        {rx.patient.address ? ` · ${rx.patient.address}` : ''}
      </Field>
      <Field label="Prescriber">
        {rx.prescriber ? `${rx.prescriber.name} (${rx.prescriber.registrationNo}), ${rx.prescriber.address}` : 'Not yet recorded'}
      </Field>
      <Field label="Issued">{rx.issuedAt ?? 'Not yet recorded'}</Field>
      <Field label="Items">
        <ItemsSummary items={rx.items} />
      </Field>
      <Field label="Claimed by">{rx.claimedBy?.name ?? 'Unclaimed'}</Field>
      {rx.status === 'approved' && (
        <Field label="Approved">
          Valid until {rx.validUntil}, {rx.repeats} repeat(s), pharmacist registration {rx.approverRegistrationNo}
        </Field>
      )}
      {rx.rejectionReason && <Field label="Rejected because">{rx.rejectionReason}</Field>}
      {rx.reviewNotes && <Field label="Pharmacist's notes">{rx.reviewNotes}</Field>}
      {rx.infoRequest && (
        <Field label="Asked the customer">
          {rx.infoRequest.message}
          {rx.infoRequest.response
            ? ` — answer: ${rx.infoRequest.response}`
            : rx.infoRequest.providedAt
              ? ' — answered'
              : ' — no answer yet'}
        </Field>
      )}
    </Stack>
  );
}

function Section({ title, children, onSubmit }: { title: string; children: ReactNode; onSubmit(): void }) {
  return (
    <Card variant="outlined">
      <CardContent
        component="form"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        <Typography variant="subtitle1" component="h2" gutterBottom>
          {title}
        </Typography>
        <Stack spacing={1.5}>{children}</Stack>
      </CardContent>
    </Card>
  );
}

/** Adds a catalogue product to the approved items: three letters of its name are enough. */
function ProductPicker({ onPick }: { onPick(product: { id: string; name: string }): void }) {
  const [q, setQ] = useState('');
  const { data } = useGetList(
    'products',
    { filter: { q }, pagination: { page: 1, perPage: 10 }, sort: { field: 'name', order: 'ASC' } },
    { enabled: q.length >= 3 },
  );
  return (
    <Autocomplete
      options={(data ?? []) as { id: string; name: string }[]}
      getOptionLabel={(p) => p.name}
      filterOptions={(options) => options}
      inputValue={q}
      onInputChange={(_, value, reason) => setQ(reason === 'reset' ? '' : value)}
      onChange={(_, product) => product && onPick(product)}
      value={null}
      renderInput={(params) => <MuiTextField {...params} size="small" label="Add a product from the catalogue" />}
    />
  );
}

function ItemsEditor({ items, onChange }: { items: PrescriptionItem[]; onChange(items: PrescriptionItem[]): void }) {
  const set = (i: number, patch: Partial<PrescriptionItem>) => onChange(items.map((item, j) => (i === j ? { ...item, ...patch } : item)));
  return (
    <Stack spacing={1}>
      {items.map((item, i) => (
        <Stack key={i} direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          {item.productId ? (
            <Typography variant="body2" sx={{ flex: 1 }}>
              {item.name}
            </Typography>
          ) : (
            <MuiTextField
              size="small"
              sx={{ flex: 1 }}
              label={`Item ${i + 1} as written`}
              value={item.genericName ?? ''}
              onChange={(e) => set(i, { genericName: e.target.value })}
            />
          )}
          <MuiTextField
            size="small"
            type="number"
            label={`Item ${i + 1} quantity`}
            value={item.quantity}
            onChange={(e) => set(i, { quantity: Number(e.target.value) })}
            slotProps={{ htmlInput: { min: 1 } }}
            sx={{ width: 150 }}
          />
          <IconButton aria-label={`Remove item ${i + 1}`} onClick={() => onChange(items.filter((_, j) => j !== i))}>
            <DeleteIcon />
          </IconButton>
        </Stack>
      ))}
      <ProductPicker onPick={(product) => onChange([...items, { productId: product.id, name: product.name, quantity: 1 }])} />
      <Button size="small" sx={{ alignSelf: 'flex-start' }} onClick={() => onChange([...items, { genericName: '', quantity: 1 }])}>
        Add an item as written
      </Button>
    </Stack>
  );
}

/** What the pharmacist approves: the items and how much, the validity and repeats, what the upload left out. */
function ApproveForm({ rx, act }: { rx: Prescription; act: Act }) {
  const [items, setItems] = useState<PrescriptionItem[]>(rx.items);
  const [repeats, setRepeats] = useState(String(rx.repeats));
  const [validUntil, setValidUntil] = useState('');
  const [issuedAt, setIssuedAt] = useState('');
  const [prescriber, setPrescriber] = useState<Prescriber>({ name: '', registrationNo: '', address: '' });
  const [notes, setNotes] = useState('');
  return (
    <Section
      title="Approve"
      onSubmit={() =>
        act('approve', {
          ...(items.length ? { items: items.map(approvedItem) } : {}),
          repeats: Number(repeats),
          ...(validUntil ? { validUntil } : {}),
          ...(rx.issuedAt ? {} : { issuedAt }),
          ...(rx.prescriber ? {} : { prescriber }),
          ...(notes ? { notes } : {}),
        })
      }
    >
      <ItemsEditor items={items} onChange={setItems} />
      {!rx.prescriber && (
        <>
          <MuiTextField
            size="small"
            label="Prescriber"
            value={prescriber.name}
            onChange={(e) => setPrescriber({ ...prescriber, name: e.target.value })}
          />
          <MuiTextField
            size="small"
            label="Prescriber registration number"
            value={prescriber.registrationNo}
            onChange={(e) => setPrescriber({ ...prescriber, registrationNo: e.target.value })}
          />
          <MuiTextField
            size="small"
            label="Prescriber address"
            value={prescriber.address}
            onChange={(e) => setPrescriber({ ...prescriber, address: e.target.value })}
          />
        </>
      )}
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {!rx.issuedAt && (
          <MuiTextField
            size="small"
            type="date"
            label="Issued on"
            value={issuedAt}
            onChange={(e) => setIssuedAt(e.target.value)}
            slotProps={{ inputLabel: { shrink: true } }}
          />
        )}
        <MuiTextField
          size="small"
          type="date"
          label="Valid until"
          helperText="Empty: the chain's default validity"
          value={validUntil}
          onChange={(e) => setValidUntil(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <MuiTextField
          size="small"
          type="number"
          label="Repeats"
          value={repeats}
          onChange={(e) => setRepeats(e.target.value)}
          slotProps={{ htmlInput: { min: 0, max: 12 } }}
          sx={{ width: 110 }}
        />
      </Stack>
      <MuiTextField size="small" label="Notes" multiline value={notes} onChange={(e) => setNotes(e.target.value)} />
      <Button type="submit" variant="contained" sx={{ alignSelf: 'flex-start' }}>
        Approve
      </Button>
    </Section>
  );
}

/** A form of one text field and one button: reject, ask the customer, record the customer's answer, second signature. */
function TextStep({
  title,
  field,
  button,
  required,
  onSubmit,
}: {
  title: string;
  field: string;
  button: string;
  required: boolean;
  onSubmit(value: string): void;
}) {
  const [value, setValue] = useState('');
  return (
    <Section title={title} onSubmit={() => onSubmit(value.trim())}>
      <MuiTextField size="small" label={field} required={required} multiline value={value} onChange={(e) => setValue(e.target.value)} />
      <Button type="submit" variant="outlined" sx={{ alignSelf: 'flex-start' }}>
        {button}
      </Button>
    </Section>
  );
}

type Act = (step: string, body: Record<string, unknown>) => void;

export const PrescriptionReview = guarded('prescriptions', () => <Review />);

/** The review of one prescription: the scan beside what it says, and the steps the user's role and its status allow. */
function Review() {
  const { id } = useParams();
  const api = useApi();
  const { data: me } = useGetIdentity();
  const { permissions } = usePermissions<string[]>();
  const [rx, setRx] = useState<Prescription>();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();

  useEffect(() => {
    api.fetchJson(`/api/v1/prescriptions/${id}`).then(
      ({ json }) => setRx(json),
      (e) => setError(problemMessage(e)),
    );
  }, [api, id]);

  const act: Act = async (step, body) => {
    setError(undefined);
    setDone(undefined);
    try {
      const { json } = await api.fetchJson(`/api/v1/prescriptions/${id}/${step}`, { method: 'POST', body: JSON.stringify(body) });
      setRx(json);
      setDone(`${STEP_DONE[step]} It is now: ${STATUS[(json as Prescription).status].label.toLowerCase()}.`);
    } catch (e) {
      setError(problemMessage(e));
    }
  };

  if (!rx) return error ? <Alert severity="error">{error}</Alert> : null;
  const pharmacist = permissions?.includes('pharmacist');
  const mine = rx.claimedBy?.id === me?.id;
  const open = OPEN.includes(rx.status);
  return (
    <Box sx={{ p: 2 }}>
      <Title title={`Prescription for ${rx.patient.name}`} />
      <Button component={Link} to="/prescriptions" size="small" sx={{ mb: 1 }}>
        Back to the queue
      </Button>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 7 }}>
          <ScanViewer prescription={rx} />
        </Grid>
        <Grid size={{ xs: 12, md: 5 }}>
          <Stack spacing={2}>
            <Details prescription={rx} />
            {rx.status === 'awaiting_second_approval' && (
              <Alert severity="warning" data-testid="second-signature">
                Controlled drug: a second, different pharmacist must approve. First approved
                {rx.firstApprovedBy === me?.id ? ' by you' : ''} (registration {rx.firstApproverRegistrationNo}).
              </Alert>
            )}
            {error && (
              <Alert severity="error" role="alert" data-testid="review-error">
                {error}
              </Alert>
            )}
            {done && (
              <Alert severity="success" role="status">
                {done}
              </Alert>
            )}
            {pharmacist && open && (
              <Stack direction="row" spacing={1}>
                {!mine && rx.status !== 'info_requested' && (
                  <Button variant="contained" onClick={() => act('claim', {})}>
                    Claim
                  </Button>
                )}
                {mine && (
                  <Button variant="outlined" onClick={() => act('release', {})}>
                    Release
                  </Button>
                )}
              </Stack>
            )}
            {pharmacist && rx.status === 'pending_review' && <ApproveForm key={rx.id} rx={rx} act={act} />}
            {pharmacist && rx.status === 'awaiting_second_approval' && (
              <TextStep
                title="Second signature"
                field="Notes"
                button="Approve as second pharmacist"
                required={false}
                onSubmit={(notes) => act('approve', notes ? { notes } : {})}
              />
            )}
            {pharmacist && rx.status === 'pending_review' && (
              <TextStep
                title="Ask the customer"
                field="Message to the customer"
                button="Request info"
                required
                onSubmit={(message) => act('request-info', { message })}
              />
            )}
            {pharmacist && open && (
              <TextStep title="Reject" field="Reason" button="Reject" required onSubmit={(reason) => act('reject', { reason })} />
            )}
            {rx.status === 'info_requested' && canOpen('prescriptions/upload', permissions) && (
              <TextStep
                title="The customer answered"
                field="What the customer said"
                button="Info provided"
                required={false}
                onSubmit={(note) => act('info-provided', note ? { note } : {})}
              />
            )}
          </Stack>
        </Grid>
      </Grid>
    </Box>
  );
}

const STEP_DONE: Record<string, string> = {
  claim: 'Claimed.',
  release: 'Released.',
  approve: 'Approval recorded.',
  reject: 'Rejected.',
  'request-info': 'The customer has been asked.',
  'info-provided': "The customer's answer is recorded.",
};

/** The counter's upload: the customer's scan or photo, who it is for, and the store whose pharmacists review it. */
export function PrescriptionUpload() {
  const api = useApi();
  const navigate = useNavigate();
  const { permissions } = usePermissions<string[]>();
  const { data: stores } = useGetList('stores', { pagination: { page: 1, perPage: 100 }, sort: { field: 'name', order: 'ASC' } });
  const [storeId, setStoreId] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string>();
  const [uploaded, setUploaded] = useState<string>();
  const store = storeId || stores?.[0]?.id || '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    if (!file) return setError('Choose the scan or photo of the prescription.');
    const form = new FormData();
    form.append(
      'metadata',
      JSON.stringify({ storeId: store, patient: { name: name.trim(), ...(phone.trim() ? { phone: phone.trim() } : {}) } }),
    );
    form.append('file', file);
    try {
      const { json } = await api.fetchJson('/api/v1/prescriptions/uploads', { method: 'POST', body: form });
      if (canOpen('prescriptions', permissions)) navigate(`/prescriptions/${json.id}/show`);
      else setUploaded(`Prescription for ${name.trim()} is in the pharmacist's queue.`);
    } catch (e) {
      setError(problemMessage(e));
    }
  };

  return (
    <RequireRole screen="prescriptions/upload">
      <Box sx={{ p: 2, maxWidth: 560 }}>
        <Title title="Upload a prescription" />
        <Stack component="form" spacing={2} onSubmit={submit}>
          <MuiTextField select label="Store" value={store} onChange={(e) => setStoreId(e.target.value)} required>
            {(stores ?? []).map((s) => (
              <MenuItem key={s.id} value={s.id}>
                {s.name}
              </MenuItem>
            ))}
          </MuiTextField>
          <MuiTextField label="Patient name" value={name} onChange={(e) => setName(e.target.value)} required />
          <MuiTextField
            label="Patient phone"
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            placeholder="+919812345678"
            type="tel"
          />
          <Button variant="outlined" component="label" sx={{ alignSelf: 'flex-start' }}>
            {file ? `Scan: ${file.name}` : 'Choose scan (image or PDF)'}
            <input
              hidden
              type="file"
              accept={SCAN_TYPES}
              aria-label="Prescription scan"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </Button>
          {error && (
            <Alert severity="error" role="alert">
              {error}
            </Alert>
          )}
          {uploaded && (
            <Alert severity="success" role="status">
              {uploaded}
            </Alert>
          )}
          <Button type="submit" variant="contained" sx={{ alignSelf: 'flex-start' }}>
            Upload
          </Button>
        </Stack>
      </Box>
    </RequireRole>
  );
}
