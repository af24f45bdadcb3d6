import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

import type { PluginDescriptor, ProviderRole } from '@skiff/contracts';
import { ENGINE_API_VERSION, PluginIncompatible, PluginLoad } from '@skiff/contracts';
import createDebug from 'debug';

const debug = createDebug('skiff:core:plugins');

/** LoadedPlugin is a plugin module whose descriptor passed validation. */
export interface LoadedPlugin {
  descriptor: PluginDescriptor;
  /** The module specifier configuration gave, or the built-in package name. */
  specifier: string;
  packageName: string;
  packageVersion: string;
}

const ROLES: readonly ProviderRole[] = ['image', 'label', 'seccomp', 'runtime'];

/**
 * loadPlugin loads a plugin module by package name or path, checks that it exports a valid
 * `plugin` descriptor, and that its API range includes this engine's version.
 */
export async function loadPlugin(specifier: string, baseDir: string): Promise<LoadedPlugin> {
  const file = resolveModule(specifier, baseDir);
  const mod = await importModule(file, specifier);
  const descriptor = findDescriptor(mod);
  if (!descriptor) {
    throw new PluginLoad(`loading plugin ${specifier}: the module does not export a descriptor`);
  }

  validateDescriptor(descriptor, specifier);
  await checkApiRange(descriptor, specifier);
  const pkg = readPackage(file);
  debug('loaded %s (%s@%s) from %s', descriptor.name, pkg.name, pkg.version, file);
  return { descriptor, specifier, packageName: pkg.name, packageVersion: pkg.version };
}

function resolveModule(specifier: string, baseDir: string): string {
  const looksLikePath = specifier.startsWith('.') || isAbsolute(specifier);
  const request = looksLikePath ? resolve(baseDir, specifier) : specifier;
  try {
    return require.resolve(request, { paths: [baseDir, __dirname] });
  } catch {
    throw new PluginLoad(`loading plugin ${specifier}: cannot find module ${request}`);
  }
}

async function importModule(file: string, specifier: string): Promise<Record<string, unknown>> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM') {
      const reason = (error as Error).message.split('\n')[0];
      throw new PluginLoad(`loading plugin ${specifier}: ${reason}`);
    }
    return (await import(file)) as Record<string, unknown>;
  }
}

// A CommonJS plugin reached through import() arrives wrapped in one or two `default`s.
function findDescriptor(mod: Record<string, unknown>): PluginDescriptor | undefined {
  let current: unknown = mod;
  for (let depth = 0; depth < 3 && current && typeof current === 'object'; depth++) {
    const candidate = (current as Record<string, unknown>).plugin;
    if (candidate && typeof candidate === 'object') return candidate as PluginDescriptor;
    current = (current as Record<string, unknown>).default;
  }
  return undefined;
}

function validateDescriptor(descriptor: PluginDescriptor, specifier: string): void {
  const fail = (what: string) => {
    throw new PluginLoad(`loading plugin ${specifier}: invalid descriptor: ${what}`);
  };
  if (typeof descriptor.name !== 'string' || !descriptor.name) fail('name must be a string');
  if (typeof descriptor.apiRange !== 'string') fail('apiRange must be a semver range');
  if (!Array.isArray(descriptor.provides)) fail('provides must be a list');

  for (const entry of descriptor.provides) {
    if (!ROLES.includes(entry.role)) fail(`unknown role "${String(entry.role)}"`);
    if (typeof entry.implementation !== 'string') fail('implementation must be a string');
    if (typeof entry.useClass !== 'function') fail(`${entry.role} provider is not a class`);
  }
}

async function checkApiRange(descriptor: PluginDescriptor, specifier: string): Promise<void> {
  // semver is loaded only when a plugin is, keeping it off the path of commands that need none.
  const semver = await import('semver');
  const range = semver.validRange(descriptor.apiRange);
  if (!range) {
    throw new PluginLoad(
      `loading plugin ${specifier}: apiRange "${descriptor.apiRange}" is not a semver range`,
    );
  }
  if (!semver.satisfies(ENGINE_API_VERSION, range)) {
    throw new PluginIncompatible(
      `plugin "${descriptor.name}" (${specifier}) supports engine API ${descriptor.apiRange}, ` +
        `but this engine provides API ${ENGINE_API_VERSION}`,
    );
  }
}

function readPackage(file: string): { name: string; version: string } {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (!existsSync(candidate)) continue;
    const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
    if (pkg.name) return { name: pkg.name, version: pkg.version ?? '' };
  }
  return { name: '', version: '' };
}
