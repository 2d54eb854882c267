import { z } from 'zod';

export const pluginSettingInput = z.strictObject({
  enabled: z.boolean(),
  /** Omitted: keep the stored configuration. Secret fields left out or sent back redacted keep their stored value. */
  config: z.record(z.string(), z.unknown()).optional(),
});
export type PluginSettingInput = z.infer<typeof pluginSettingInput>;
