import { InvalidArgument } from '@skiff/contracts';

const JSON_FORMAT = /^\s*(json|\{\{\s*json\s*\.\s*\}\})\s*$/;

/** isJsonFormat says whether `--format` asks for JSON rather than a template. */
export function isJsonFormat(format: string | undefined): boolean {
  return format === undefined || JSON_FORMAT.test(format);
}

/**
 * fillVolumeTemplate renders one volume with a `--format` template of `{{.Field}}`
 * placeholders, `\t` and `\n` read as Podman reads them. Other Go template actions are
 * InvalidArgument rather than a guess at what Go would print.
 */
export function fillVolumeTemplate(format: string, volume: Record<string, unknown>): string {
  const text = format.replaceAll('\\t', '\t').replaceAll('\\n', '\n');
  return text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, action: string) => {
    const field = /^\.([A-Za-z]+)$/.exec(action)?.[1];
    if (field === undefined || !(field in volume)) {
      throw new InvalidArgument(`template action {{${action}}} is not supported`);
    }
    const value = volume[field];
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}
