'use client';
import { Box, Button, Chip, FormControlLabel, MenuItem, Stack, Switch, TextField, Typography } from '@mui/material';

/** The part of JSON Schema that the API's plugin config schemas use (zod's toJSONSchema of the plugin's declaration). */
export interface ConfigSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  anyOf?: ConfigSchema[];
  writeOnly?: boolean;
  properties?: Record<string, ConfigSchema>;
  required?: string[];
  items?: ConfigSchema;
}

/** What a secret that is set reads as in the configuration the API returns. */
export const REDACTED = '[redacted]';

type Kind = 'secret' | 'text' | 'number' | 'boolean' | 'choice' | 'list' | 'object' | 'json';

/** The input a field gets; anything the form cannot show as a plain input is edited as JSON. */
function kindOf(schema: ConfigSchema): Kind {
  if (schema.writeOnly) return 'secret';
  if (choicesOf(schema)) return 'choice';
  if (schema.type === 'string') return 'text';
  if (schema.type === 'number' || schema.type === 'integer') return 'number';
  if (schema.type === 'boolean') return 'boolean';
  if (schema.type === 'object' && schema.properties) return 'object';
  if (schema.type === 'array' && schema.items?.type === 'string') return 'list';
  return 'json';
}

/** `enum`, or zod's union of literals (`anyOf` of `const`s). */
function choicesOf(schema: ConfigSchema): unknown[] | undefined {
  if (schema.enum) return schema.enum;
  if (schema.anyOf?.length && schema.anyOf.every((s) => 'const' in s)) return schema.anyOf.map((s) => s.const);
  return undefined;
}

/** `accountSid` → "Account sid", for a field the plugin gave no title. */
const humanize = (key: string) => {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The form's state: every input's text (or switch) by dotted path, and which set secrets are being replaced. */
export interface ConfigDraft {
  values: Record<string, string | boolean | undefined>;
  replacing: string[];
}

const childPath = (path: string, key: string) => (path ? `${path}.${key}` : key);

function at(config: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), config);
}

/** The inputs' starting state from the stored configuration (secrets only as REDACTED, which the inputs never hold). */
export function draftOf(schema: ConfigSchema, config: Record<string, unknown>): ConfigDraft {
  const values: ConfigDraft['values'] = {};
  const walk = (node: ConfigSchema, path: string) => {
    for (const [key, field] of Object.entries(node.properties ?? {})) {
      const fieldPath = childPath(path, key);
      const value = at(config, fieldPath);
      const kind = kindOf(field);
      if (kind === 'object') walk(field, fieldPath);
      else if (kind === 'boolean') values[fieldPath] = typeof value === 'boolean' ? value : undefined;
      else if (kind === 'secret') values[fieldPath] = '';
      else if (kind === 'list') values[fieldPath] = Array.isArray(value) ? value.join('\n') : '';
      else if (kind === 'json') values[fieldPath] = value === undefined ? '' : JSON.stringify(value, null, 2);
      else values[fieldPath] = value === undefined ? '' : String(value);
    }
  };
  walk(schema, '');
  return { values, replacing: [] };
}

/**
 * The configuration to send. An empty input is left out, so the plugin's default applies; a secret left alone is left
 * out, which the API reads as "keep the stored one". Text that is not a number or not JSON is sent as typed, so the
 * API's message about it lands on the field.
 */
export function configFromDraft(schema: ConfigSchema, draft: ConfigDraft): Record<string, unknown> {
  const build = (node: ConfigSchema, path: string): Record<string, unknown> | undefined => {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(node.properties ?? {})) {
      const fieldPath = childPath(path, key);
      const raw = draft.values[fieldPath];
      const text = typeof raw === 'string' ? raw.trim() : '';
      let value: unknown;
      switch (kindOf(field)) {
        case 'object':
          value = build(field, fieldPath);
          break;
        case 'boolean':
          value = raw;
          break;
        case 'secret':
          value = raw ? raw : undefined;
          break;
        case 'number':
          value = text === '' ? undefined : Number.isFinite(Number(text)) ? Number(text) : text;
          break;
        case 'choice':
          value = text === '' ? undefined : choicesOf(field)!.find((c) => String(c) === text);
          break;
        case 'list':
          value =
            text === ''
              ? undefined
              : text
                  .split('\n')
                  .map((line) => line.trim())
                  .filter(Boolean);
          break;
        case 'json':
          try {
            value = text === '' ? undefined : JSON.parse(text);
          } catch {
            value = text;
          }
          break;
        default:
          value = text === '' ? undefined : text;
      }
      if (value !== undefined) out[key] = value;
    }
    return Object.keys(out).length ? out : undefined;
  };
  return build(schema, '') ?? {};
}

interface FieldsProps {
  plugin: string;
  schema: ConfigSchema;
  /** The stored configuration, secrets as REDACTED: whether a secret is set. */
  stored: Record<string, unknown>;
  draft: ConfigDraft;
  onChange(draft: ConfigDraft): void;
  /** The API's messages by dotted field path inside the configuration. */
  errors: Record<string, string>;
  path?: string;
}

/** One input per field the plugin declares, nested objects as titled groups. */
export function ConfigFields({ plugin, schema, stored, draft, onChange, errors, path = '' }: FieldsProps) {
  const set = (fieldPath: string, value: string | boolean) => onChange({ ...draft, values: { ...draft.values, [fieldPath]: value } });
  return (
    <Stack spacing={2}>
      {Object.entries(schema.properties ?? {}).map(([key, field]) => {
        const fieldPath = childPath(path, key);
        const label = field.title ?? humanize(key);
        const required = schema.required?.includes(key) ?? false;
        const error = errors[fieldPath];
        const help = error ?? field.description;
        const id = `${plugin}-${fieldPath}`;
        const kind = kindOf(field);
        if (kind === 'object')
          return (
            <Box key={fieldPath} component="fieldset" sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 2, m: 0 }}>
              <Typography component="legend" variant="subtitle2" sx={{ px: 0.5 }}>
                {label}
                {required ? ' *' : ''}
              </Typography>
              {field.description && (
                <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                  {field.description}
                </Typography>
              )}
              <ConfigFields
                plugin={plugin}
                schema={field}
                stored={stored}
                draft={draft}
                onChange={onChange}
                errors={errors}
                path={fieldPath}
              />
            </Box>
          );
        if (kind === 'boolean')
          return (
            <Box key={fieldPath}>
              <FormControlLabel
                control={
                  <Switch
                    checked={(draft.values[fieldPath] as boolean | undefined) ?? field.default === true}
                    onChange={(e) => set(fieldPath, e.target.checked)}
                  />
                }
                label={label}
              />
              {help && (
                <Typography variant="caption" sx={{ display: 'block' }} color={error ? 'error' : 'text.secondary'}>
                  {help}
                </Typography>
              )}
            </Box>
          );
        if (kind === 'secret') {
          const isSet = at(stored, fieldPath) === REDACTED;
          const replacing = draft.replacing.includes(fieldPath);
          return (
            <Box key={fieldPath}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: isSet && !replacing ? 0 : 1 }}>
                <Typography variant="body2">
                  {label}
                  {required ? ' *' : ''}
                </Typography>
                <Chip
                  size="small"
                  color={isSet ? 'success' : 'default'}
                  label={isSet ? 'set' : 'not set'}
                  data-testid={`${id}-secret-status`}
                />
                {isSet && (
                  <Button
                    size="small"
                    onClick={() =>
                      onChange({
                        values: { ...draft.values, [fieldPath]: '' },
                        replacing: replacing ? draft.replacing.filter((p) => p !== fieldPath) : [...draft.replacing, fieldPath],
                      })
                    }
                  >
                    {replacing ? `Keep the stored ${label}` : `Replace ${label}`}
                  </Button>
                )}
              </Stack>
              {(!isSet || replacing) && (
                <TextField
                  fullWidth
                  type="password"
                  id={id}
                  label={isSet ? `New ${label}` : label}
                  required={required}
                  value={draft.values[fieldPath] ?? ''}
                  onChange={(e) => set(fieldPath, e.target.value)}
                  error={Boolean(error)}
                  helperText={help ?? 'Stored encrypted; never shown again.'}
                  slotProps={{ htmlInput: { autoComplete: 'new-password', spellCheck: false } }}
                />
              )}
              {isSet && !replacing && error && (
                <Typography variant="caption" color="error">
                  {error}
                </Typography>
              )}
            </Box>
          );
        }
        const common = {
          id,
          fullWidth: true,
          label,
          required,
          error: Boolean(error),
          helperText: help,
          value: (draft.values[fieldPath] as string | undefined) ?? '',
          onChange: (e: { target: { value: string } }) => set(fieldPath, e.target.value),
        };
        if (kind === 'choice')
          return (
            <TextField key={fieldPath} {...common} select>
              {!required && (
                <MenuItem value="">
                  <em>{field.default !== undefined ? `Default (${String(field.default)})` : 'Not set'}</em>
                </MenuItem>
              )}
              {choicesOf(field)!.map((choice) => (
                <MenuItem key={String(choice)} value={String(choice)}>
                  {String(choice)}
                </MenuItem>
              ))}
            </TextField>
          );
        if (kind === 'number') return <TextField key={fieldPath} {...common} slotProps={{ htmlInput: { inputMode: 'decimal' } }} />;
        if (kind === 'list' || kind === 'json')
          return (
            <TextField
              key={fieldPath}
              {...common}
              multiline
              minRows={2}
              helperText={help ?? (kind === 'list' ? 'One per line.' : 'JSON.')}
              slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace' } } }}
            />
          );
        return <TextField key={fieldPath} {...common} placeholder={field.default !== undefined ? String(field.default) : undefined} />;
      })}
    </Stack>
  );
}
