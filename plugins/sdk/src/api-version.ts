/**
 * The plugin API this SDK describes, as MAJOR.MINOR. A minor release only adds (a new optional method, a new
 * extension point); a major release changes or removes something a plugin relies on.
 */
export const PLUGIN_API_VERSION = '1.1';

const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export function isApiVersion(value: string): boolean {
  return VERSION.test(value);
}

function parse(version: string): { major: number; minor: number } | undefined {
  const match = VERSION.exec(version);
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

export type ApiVersionCheck = { compatible: true } | { compatible: false; reason: string };

/**
 * Whether a host speaking `hostApiVersion` can load a plugin built against `plugin.apiVersion`: same major, and no
 * newer minor than the host's (a plugin built for 1.3 may call what a 1.2 host lacks). The reason is written for the
 * operator who installed the plugin.
 */
export function checkApiVersion(
  plugin: { name: string; apiVersion: string },
  hostApiVersion: string = PLUGIN_API_VERSION,
): ApiVersionCheck {
  const host = parse(hostApiVersion);
  const wanted = parse(plugin.apiVersion);
  if (!host) throw new Error(`Host plugin API version ${hostApiVersion} is not MAJOR.MINOR`);
  if (!wanted) {
    return {
      compatible: false,
      reason: `Plugin ${plugin.name} declares plugin API "${plugin.apiVersion}", which is not a MAJOR.MINOR version.`,
    };
  }
  if (wanted.major !== host.major) {
    return {
      compatible: false,
      reason:
        `Plugin ${plugin.name} is built for plugin API ${plugin.apiVersion}, but this Dawa speaks plugin API ${hostApiVersion}: ` +
        `major versions differ. Install a release of ${plugin.name} built for plugin API ${host.major}.x.`,
    };
  }
  if (wanted.minor > host.minor) {
    return {
      compatible: false,
      reason:
        `Plugin ${plugin.name} needs plugin API ${plugin.apiVersion}, newer than this Dawa's ${hostApiVersion}. ` +
        `Upgrade Dawa or install an older release of ${plugin.name}.`,
    };
  }
  return { compatible: true };
}
