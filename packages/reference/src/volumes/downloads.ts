import type { ApiResponse } from '@dbwire/server-stubs';
import { volumesError } from '@dbwire/server-stubs/volumes';
import { getJson } from '@dbwire/storage';
import { transactRequest } from '../shared/transact.js';
import { actingApp } from './auth.js';
import { readBlob } from './blobs.js';
import type { VolumesContext } from './context.js';
import { keys } from './keys.js';
import type { StoredEntry, Tenant, VolumesCaller } from './model.js';
import { baseName } from './paths.js';
import { isLive, notFound, requireCoverage, requireEntry, requireVolume } from './store.js';

const encoder = new TextEncoder();

export interface DownloadUrl {
  entry_id: string;
  path: string;
  mime_type: string;
  size_bytes: number;
  download_url: string;
  expires_in: number;
}

/**
 * Presigned download URLs, served by this server itself at `GET /_blobs/{blob_key}?exp=&sig=`.
 * `blob_key` names the entry (`<volume_id>-<entry_id>`), not one version of its content: until it
 * expires a URL serves the entry's current bytes, and 404 once the entry is gone. `sig` is the
 * HMAC-SHA256 of `<blob_key>\n<exp>` with the store's secret.
 */
export class Downloads {
  constructor(private readonly context: VolumesContext) {}

  url(
    caller: VolumesCaller,
    tenant: Tenant,
    volumeId: string,
    path: string,
    expiresIn: number,
    host: string | undefined,
  ): Promise<DownloadUrl> {
    const app = actingApp(caller, undefined);
    return transactRequest(this.context.storage, async (tx) => {
      await requireVolume(tx, tenant, volumeId);
      await requireCoverage(tx, volumeId, app, 'read', path);
      const entry = await requireEntry(tx, volumeId, path, this.context.now());
      const blobKey = `${volumeId}-${entry.entry_id}`;
      const exp = Math.floor(this.context.now() / 1000) + expiresIn;
      const sig = await this.context.signer.sign(`${blobKey}\n${exp}`);
      const origin = this.context.publicBaseUrl ?? `http://${host ?? 'localhost'}`;
      return {
        entry_id: entry.entry_id,
        path: entry.path,
        mime_type: mimeTypeOf(entry),
        size_bytes: entry.size_bytes,
        download_url: `${origin.replace(/\/+$/, '')}/_blobs/${blobKey}?exp=${exp}&sig=${sig}`,
        expires_in: expiresIn,
      };
    });
  }

  /** `GET /_blobs/{blob_key}`: 403 for a wrong signature or after expiry, 404 once the entry is gone, else the bytes. */
  async serve(blobKey: string, exp: number, sig: string): Promise<ApiResponse> {
    if (!(await this.context.signer.verify(`${blobKey}\n${exp}`, sig))) {
      throw volumesError(403, 'FORBIDDEN', 'The download URL is not valid', { reason: 'invalid_signature' });
    }
    if (exp * 1000 <= this.context.now()) {
      throw volumesError(403, 'FORBIDDEN', 'The download URL has expired', { reason: 'expired' });
    }
    const separator = blobKey.indexOf('-');
    const volumeId = blobKey.slice(0, separator);
    const entryId = blobKey.slice(separator + 1);
    return transactRequest(this.context.storage, async (tx) => {
      const path = separator < 0 ? undefined : await getJson<string>(tx, keys.entryId(volumeId, entryId));
      const entry = path === undefined ? undefined : await getJson<StoredEntry>(tx, keys.entry(volumeId, path));
      if (!entry || entry.entry_id !== entryId || !isLive(entry, this.context.now())) throw notFound('blob', blobKey);
      const bytes =
        entry.content_type === 'file'
          ? await readBlob(tx, volumeId, entry)
          : encoder.encode(entry.content_type === 'json' ? JSON.stringify(entry.content) : (entry.content_text ?? ''));
      return {
        status: 200,
        body: bytes,
        contentType: mimeTypeOf(entry),
        headers: { 'content-disposition': contentDisposition(baseName(entry.path)) },
      };
    });
  }
}

/** The `Content-Type` an entry is served with. */
function mimeTypeOf(entry: StoredEntry): string {
  const fallback =
    entry.content_type === 'json'
      ? 'application/json'
      : entry.content_type === 'text'
        ? 'text/plain'
        : 'application/octet-stream';
  return entry.mime_type ?? fallback;
}

/** `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>` (RFC 6266, RFC 8187). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
