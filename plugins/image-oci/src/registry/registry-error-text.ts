/** The most of an error body worth reading: registries answer with a short JSON document. */
export const ERROR_BODY_LIMIT = 64 * 1024;

interface ErrorDocument {
  errors?: { code?: unknown; message?: unknown }[];
}

/**
 * registryErrorText words a registry's error response as containers/image does, from the
 * distribution spec's JSON body: `manifest unknown: manifest unknown` for the code
 * `MANIFEST_UNKNOWN` and its message. A body without that shape gives the HTTP status.
 */
export function registryErrorText(status: number, statusText: string, body: Buffer): string {
  const errors = parseErrors(body);
  if (errors.length > 0) return errors.join('; ');

  if (status === 401) return 'unauthorized: authentication required';
  return `received unexpected HTTP status: ${status} ${statusText}`.trimEnd();
}

function parseErrors(body: Buffer): string[] {
  let document: ErrorDocument;
  try {
    document = JSON.parse(body.toString('utf8')) as ErrorDocument;
  } catch {
    return [];
  }

  if (!Array.isArray(document?.errors)) return [];
  return document.errors.map(({ code, message }) => {
    const words = typeof code === 'string' ? code.toLowerCase().replace(/_/g, ' ') : 'error';
    return typeof message === 'string' && message !== '' ? `${words}: ${message}` : words;
  });
}
