import type {
  Agent,
  ClientRequest,
  IncomingHttpHeaders,
  IncomingMessage,
  RequestOptions,
} from 'node:http';
import { pipeline } from 'node:stream/promises';

import { InvalidArgument } from '@skiff/contracts';

import { logger } from '../logger.js';

const log = logger('http');

const MAX_REDIRECTS = 10;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/** HttpRequest is one request to send; only GET and HEAD follow redirects. */
export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH';
  url: URL;
  headers?: Record<string, string>;
  /** The body: bytes, or a stream sent as is (give `Content-Length` in `headers`). */
  body?: Buffer | NodeJS.ReadableStream;
  /** Check the server's certificate; false only for registries marked insecure. */
  tlsVerify: boolean;
  signal?: AbortSignal;
}

/** HttpResponse is a response whose body has not been read yet. */
export interface HttpResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  /** Where the response came from, after redirects. */
  url: URL;
  /** The body; the caller must read it to the end or destroy it. */
  body: IncomingMessage;
}

/** HttpClientOptions tunes the client; tests shorten the timeout. */
export interface HttpClientOptions {
  /** Give up when a connection stays silent this long, while connecting or reading. */
  idleTimeoutMs?: number;
}

/** Transport is node's HTTP machinery, loaded on first use. */
interface Transport {
  http: (url: URL, options: RequestOptions) => ClientRequest;
  https: (url: URL, options: RequestOptions) => ClientRequest;
  plain: Agent;
  verifying: Agent;
  trusting: Agent;
}

/**
 * HttpClient sends registry requests over node:http and node:https, reusing connections
 * (keep-alive agents, whose idle sockets do not hold the process open). It follows redirects
 * for GET and HEAD, since blob downloads are often sent to a storage service, and fails a
 * connection that stays silent too long. Failures to connect or read are InvalidArgument
 * errors worded as Go's HTTP client words them (`Get "https://...": ...`), as Podman shows.
 */
export class HttpClient {
  private readonly idleTimeoutMs: number;
  private transport: Promise<Transport> | undefined;

  constructor(options: HttpClientOptions = {}) {
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  }

  /** send sends the request and resolves once the response headers have arrived. */
  async send(request: HttpRequest): Promise<HttpResponse> {
    let current = request;
    for (let hops = 0; ; hops++) {
      const response = await this.sendOnce(current);
      const location = response.headers.location;
      if (!this.followable(current, response.status) || location === undefined) return response;

      response.body.resume();
      if (hops === MAX_REDIRECTS) {
        throw new InvalidArgument(
          `${goMethod(request)} "${request.url}": stopped after 10 redirects`,
        );
      }
      current = redirected(current, new URL(location, current.url));
      log('following redirect to %s', current.url.origin);
    }
  }

  /** close drops idle connections; the client may still be used afterwards. */
  async close(): Promise<void> {
    const transport = await this.transport;
    this.transport = undefined;
    for (const agent of [transport?.plain, transport?.verifying, transport?.trusting]) {
      agent?.destroy();
    }
  }

  private followable(request: HttpRequest, status: number): boolean {
    return REDIRECTS.has(status) && (request.method === 'GET' || request.method === 'HEAD');
  }

  private async sendOnce(request: HttpRequest): Promise<HttpResponse> {
    const { url, method, signal } = request;
    const transport = await (this.transport ??= loadTransport());
    const https = url.protocol === 'https:';
    const send = https ? transport.https : transport.http;
    const agent = !https
      ? transport.plain
      : request.tlsVerify
        ? transport.verifying
        : transport.trusting;

    return new Promise((resolve, reject) => {
      const fail = (cause: Error) => reject(requestFailure(request, cause));
      const req = send(url, { method, headers: request.headers, agent, signal });

      req.setTimeout(this.idleTimeoutMs, () => {
        req.destroy(new InvalidArgument(`no data for ${this.idleTimeoutMs / 1000} s`));
      });
      // A request can fail more than once (a timeout, then the socket): every error needs a
      // listener, and only the first one decides the promise.
      req.on('error', fail);
      req.once('response', (body) => {
        resolve({
          status: body.statusCode ?? 0,
          statusText: body.statusMessage ?? '',
          headers: body.headers,
          url,
          body,
        });
      });
      writeBody(req, request.body).catch(fail);
    });
  }
}

// Commands that never reach a registry should not pay for loading TLS at start-up.
async function loadTransport(): Promise<Transport> {
  const http = await import('node:http');
  const https = await import('node:https');
  return {
    http: (url, options) => http.request(url, options),
    https: (url, options) => https.request(url, options),
    plain: new http.Agent({ keepAlive: true }),
    verifying: new https.Agent({ keepAlive: true }),
    // Only for registries the user marked insecure, or `--tls-verify=false`.
    trusting: new https.Agent({ keepAlive: true, rejectUnauthorized: false }),
  };
}

async function writeBody(req: ClientRequest, body: HttpRequest['body']): Promise<void> {
  if (body === undefined || Buffer.isBuffer(body)) {
    req.end(body);
    return;
  }
  await pipeline(body, req);
}

function redirected(request: HttpRequest, url: URL): HttpRequest {
  const headers = { ...request.headers };
  // Credentials are for the registry; a storage service given a presigned URL refuses them,
  // and they must not leak to another host in any case.
  if (url.origin !== request.url.origin) delete headers.Authorization;
  return { ...request, url, headers };
}

function requestFailure(request: HttpRequest, cause: Error): Error {
  // An abort is the caller's own doing: hand its reason back unchanged.
  if (request.signal?.aborted) return cause;
  return new InvalidArgument(`${goMethod(request)} "${request.url}"`, { cause });
}

/** goMethod spells a method as Go's HTTP client does in its errors (`Get`, `Put`). */
function goMethod(request: HttpRequest): string {
  const { method } = request;
  return method[0] + method.slice(1).toLowerCase();
}
