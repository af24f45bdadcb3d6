import { goStruct } from './go-struct.js';

/** PluginEntry is what `plugin ls` shows of one role's provider. */
export interface PluginEntry {
  role: string;
  implementation: string;
  configured: string;
  packageName: string;
  packageVersion: string;
  apiRange: string;
}

/** PLUGIN_HEADERS head `plugin ls --format 'table ...'` columns, as the default table does. */
export const PLUGIN_HEADERS: ReadonlyMap<string, string> = new Map([
  ['Role', 'ROLE'],
  ['Provider', 'PROVIDER'],
  ['Package', 'PACKAGE'],
  ['Version', 'VERSION'],
  ['APIRange', 'API RANGE'],
]);

/** PluginRow is one line of `plugin ls`, by the names its `--format` templates use. */
export interface PluginRow {
  Role: string;
  Provider: string;
  Package: string;
  Version: string;
  APIRange: string;
}

/**
 * pluginRow names a provider as `plugin ls` shows it: a label provider Skiff chose itself
 * is marked `(auto)`, since which one runs then depends on the host.
 */
export function pluginRow(entry: PluginEntry): PluginRow {
  const auto = entry.configured === 'auto' && entry.role === 'label';
  return {
    Role: entry.role,
    Provider: auto ? `${entry.implementation} (auto)` : entry.implementation,
    Package: entry.packageName,
    Version: entry.packageVersion,
    APIRange: entry.apiRange,
  };
}

/** pluginTemplateRow is a row as templates see it: a struct, so a misspelt field fails. */
export function pluginTemplateRow(row: PluginRow): object {
  return goStruct('PluginRow', { ...row });
}
