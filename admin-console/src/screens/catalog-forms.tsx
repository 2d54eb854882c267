'use client';
import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Box, Typography } from '@mui/material';
import {
  ArrayInput,
  CheckboxGroupInput,
  Create,
  Edit,
  FormDataConsumer,
  Loading,
  NumberInput,
  PasswordInput,
  ReferenceArrayInput,
  SaveButton,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  Toolbar,
  email,
  minValue,
  required,
  useGetIdentity,
} from 'react-admin';
import { useFormContext } from 'react-hook-form';
import { useApi } from '../api-context';
import { problemMessage } from '../auth/api-client';
import { guarded } from '../auth/RequireRole';
import { ROLE_LABELS } from '../auth/roles';

/** One GET outside the CRUD dialect that a form needs before it can render (its choices decide the defaults). */
function useApiResource<T>(path: string): { data?: T; error?: string } {
  const api = useApi();
  const [state, setState] = useState<{ data?: T; error?: string }>({});
  useEffect(() => {
    api.fetchJson(path).then(
      ({ json }) => setState({ data: json as T }),
      (error) => setState({ error: problemMessage(error) }),
    );
  }, [api, path]);
  return state;
}

function Loaded<T>({ state, children }: { state: { data?: T; error?: string }; children: (data: T) => ReactNode }) {
  if (state.error) return <Alert severity="error">{state.error}</Alert>;
  if (!state.data) return <Loading />;
  return <>{children(state.data)}</>;
}

/** Saving stays on the form until the API has answered, so its field errors land beside the inputs. */
const SaveOnly = () => (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);

/** Related inputs side by side, wrapping on narrow screens. */
const Row = ({ children }: { children: ReactNode }) => (
  <Box sx={{ display: 'flex', columnGap: 2, flexWrap: 'wrap', width: '100%', '& > *': { flex: '1 1 200px' } }}>{children}</Box>
);

/* Products */

interface CatalogRules {
  country: string;
  schedules: string[];
  prescriptionSchedules: string[];
  defaultSchedule: string;
  taxClasses: string[];
  defaultTaxClass: string;
  taxClassesNeedingCommodityCode: string[];
  dosageForms: { name: string; baseUnit: string }[];
}

const toMinor = (major: number | string | null) =>
  major === '' || major == null || Number.isNaN(Number(major)) ? null : Math.round(Number(major) * 100);
const toMajor = (minor: number | null | undefined) => (minor == null ? '' : (minor / 100).toFixed(2));
/** Emptied text stays text: the API wants '' rather than null for optional words such as the manufacturer. */
const keepEmpty = (value: string) => value;

/** Choosing a dosage form fills in the unit its quantities are counted in (tablet, ml), which staff may still change. */
function DosageFormInput({ rules }: { rules: CatalogRules }) {
  const { setValue } = useFormContext();
  return (
    <SelectInput
      source="dosageForm"
      label="Dosage form"
      choices={rules.dosageForms.map((f) => ({ id: f.name, name: f.name }))}
      validate={required()}
      onChange={(event) => {
        const form = rules.dosageForms.find((f) => f.name === event.target.value);
        if (form) setValue('baseUnit', form.baseUnit, { shouldDirty: true });
      }}
    />
  );
}

function ProductForm({ rules, currency, defaults }: { rules: CatalogRules; currency: string; defaults?: Record<string, unknown> }) {
  const scheduleChoices = rules.schedules.map((s) => ({
    id: s,
    name: rules.prescriptionSchedules.includes(s) ? `${s} (prescription only)` : `${s} (no prescription)`,
  }));
  return (
    <SimpleForm toolbar={<SaveOnly />} defaultValues={defaults}>
      <TextInput source="name" label="Brand name" validate={required()} fullWidth />
      <ArrayInput source="ingredients" label="Composition" helperText="The generic name and substitutes follow from these.">
        <SimpleFormIterator inline disableReordering>
          <TextInput source="name" label="Ingredient" validate={required()} />
          <TextInput source="strength" label="Strength" parse={keepEmpty} helperText="e.g. 500mg" />
        </SimpleFormIterator>
      </ArrayInput>
      <TextInput source="manufacturer" parse={keepEmpty} fullWidth />
      <Row>
        <DosageFormInput rules={rules} />
        <NumberInput source="packSize" label="Pack size" validate={[required(), minValue(1)]} step={1} />
        <TextInput source="baseUnit" label="Counted in" validate={required()} helperText="the base unit: tablet, ml, piece" />
      </Row>
      <Row>
        <SelectInput source="schedule" label={`Schedule (${rules.country})`} choices={scheduleChoices} validate={required()} />
        <SelectInput
          source="taxClass"
          label="Tax class"
          choices={rules.taxClasses.map((t) => ({ id: t, name: t }))}
          validate={required()}
        />
        {rules.country === 'IN' && (
          <TextInput source="hsnCode" label="HSN code" helperText={`needed with ${rules.taxClassesNeedingCommodityCode.join(' or ')}`} />
        )}
        {rules.country === 'KE' && <TextInput source="kraItemClass" label="KRA item class" />}
      </Row>
      <Row>
        <NumberInput
          source="mrp"
          label={`MRP per pack (${currency})`}
          format={toMajor}
          parse={toMinor}
          step={0.01}
          min={0}
          helperText="in full units, e.g. 12.50"
        />
        <NumberInput source="reorderLevel" label="Reorder level" validate={minValue(0)} step={1} helperText="in base units, per store" />
        <SelectInput
          source="status"
          choices={[
            { id: 'active', name: 'Active' },
            { id: 'inactive', name: 'Inactive (discontinued)' },
          ]}
          validate={required()}
        />
      </Row>
      <ArrayInput source="barcodes" label="Barcodes" helperText="EAN-8, UPC-A, EAN-13 or GTIN-14, check digit included">
        <SimpleFormIterator inline disableReordering>
          <TextInput source="" label="Barcode" validate={required()} />
        </SimpleFormIterator>
      </ArrayInput>
    </SimpleForm>
  );
}

function WithCatalogRules({ children }: { children: (rules: CatalogRules, currency: string) => ReactNode }) {
  const rules = useApiResource<CatalogRules>('/api/v1/products/rules');
  const { data: identity, isPending } = useGetIdentity();
  if (isPending) return <Loading />;
  return <Loaded state={rules}>{(r) => children(r, identity?.tenant?.currency ?? 'INR')}</Loaded>;
}

export const ProductCreate = guarded('products/edit', () => (
  <WithCatalogRules>
    {(rules, currency) => (
      <Create redirect="list" title="New product">
        <ProductForm
          rules={rules}
          currency={currency}
          defaults={{
            dosageForm: 'tablet',
            baseUnit: 'tablet',
            schedule: rules.defaultSchedule,
            taxClass: rules.defaultTaxClass,
            status: 'active',
            reorderLevel: 0,
            ingredients: [],
            barcodes: [],
          }}
        />
      </Create>
    )}
  </WithCatalogRules>
));

export const ProductEdit = guarded('products/edit', () => (
  <WithCatalogRules>
    {(rules, currency) => (
      <Edit mutationMode="pessimistic" redirect="list">
        <ProductForm rules={rules} currency={currency} />
      </Edit>
    )}
  </WithCatalogRules>
));

/* Staff */

interface RoleChoice {
  id: string;
  description: string;
  tenantWide: boolean;
  assignable: boolean;
}

function RoleOption({ role }: { role: RoleChoice }) {
  return (
    <span>
      <strong>{ROLE_LABELS[role.id] ?? role.id}</strong>
      <Typography component="span" variant="body2" color="text.secondary">
        {` — ${role.description}${role.assignable ? '' : ' (above your own role)'}`}
      </Typography>
    </span>
  );
}

function UserForm({ mode }: { mode: 'create' | 'edit' }) {
  const roles = useApiResource<RoleChoice[]>('/api/v1/users/roles');
  return (
    <Loaded state={roles}>
      {(choices) => (
        <SimpleForm toolbar={<SaveOnly />} sanitizeEmptyValues defaultValues={mode === 'create' ? { roles: [], storeIds: [] } : undefined}>
          <TextInput source="name" label="Full name" validate={required()} fullWidth />
          <TextInput source="email" type="email" validate={[required(), email()]} fullWidth />
          <TextInput source="phone" label="Mobile (optional)" helperText="international format, e.g. +919812345678" />
          <CheckboxGroupInput
            source="roles"
            choices={choices.map((r) => ({ ...r, disabled: !r.assignable }))}
            optionText={(r: RoleChoice) => <RoleOption role={r} />}
            disableValue="disabled"
            row={false}
            validate={required('Give at least one role')}
          />
          <ReferenceArrayInput source="storeIds" reference="stores" sort={{ field: 'name', order: 'ASC' }} perPage={500}>
            <CheckboxGroupInput
              label="Works at"
              optionText="name"
              helperText="Store managers, pharmacists and cashiers act only in the stores ticked here"
            />
          </ReferenceArrayInput>
          <FormDataConsumer<{ roles?: string[] }>>
            {({ formData }) =>
              formData.roles?.includes('pharmacist') && (
                <TextInput
                  source="registrationNumber"
                  label="Pharmacy council registration number"
                  helperText="recorded on every prescription they approve"
                  validate={required()}
                />
              )
            }
          </FormDataConsumer>
          {mode === 'create' ? (
            <PasswordInput
              source="password"
              label="First password"
              validate={required()}
              helperText="at least 10 characters; hand it over in person"
            />
          ) : (
            <>
              <PasswordInput
                source="password"
                label="New password"
                helperText="leave empty to keep theirs; setting one signs them out everywhere"
              />
              <SelectInput
                source="status"
                label="Account"
                choices={[
                  { id: 'active', name: 'Active' },
                  { id: 'disabled', name: 'Deactivated (cannot sign in)' },
                ]}
                validate={required()}
              />
            </>
          )}
        </SimpleForm>
      )}
    </Loaded>
  );
}

export const UserCreate = guarded('users/edit', () => (
  <Create redirect="list" title="New staff member">
    <UserForm mode="create" />
  </Create>
));

export const UserEdit = guarded('users/edit', () => (
  <Edit mutationMode="pessimistic" redirect="list">
    <UserForm mode="edit" />
  </Edit>
));

/* Stores */

function StoreForm() {
  return (
    <SimpleForm toolbar={<SaveOnly />}>
      <TextInput source="code" validate={required()} helperText="short and unique, e.g. MUM-01; printed on invoices" />
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="address" parse={keepEmpty} multiline minRows={2} fullWidth />
      <TextInput source="region" parse={keepEmpty} helperText="state or county" />
    </SimpleForm>
  );
}

export const StoreCreate = guarded('stores/edit', () => (
  <Create redirect="list" title="New store">
    <StoreForm />
  </Create>
));

export const StoreEdit = guarded('stores/edit', () => (
  <Edit mutationMode="pessimistic" redirect="list">
    <StoreForm />
  </Edit>
));
