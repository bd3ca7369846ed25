// MechaMental volumes (`/v1/orgs/{org_id}/workspaces/{workspace_id}/volumes`): `@dbwire/sdk/volumes`.

export {
  ApiConnectionError,
  ApiError,
  type ApiErrorInit,
  ApiTimeoutError,
  ApiUserAbortError,
} from '../core/errors.js';
export type { Fetcher } from '../core/fetch.js';
export {
  type AcquiredLock,
  type CallOptions,
  createVolumesClient,
  type DownloadOptions,
  type EntryDownload,
  type ListVolumesQuery,
  type UploadOptions,
  type VolumesClient,
  type VolumesClientOptions,
} from './client.js';
export { type Download, type DownloadAs, type DownloadBody, dispositionFilename } from './download.js';
export {
  AuthenticationFailedError,
  ConflictError,
  ForbiddenError,
  LockConflictError,
  NotFoundError,
  PayloadTooLargeError,
  ServerError,
  toVolumesError,
  VolumesError,
  VolumesValidationError,
} from './errors.js';
export type { Client } from './generated/client/index.js';
// Every generated operation function (`listVolumes`, `writeEntry`...) and every request and response type.
export * from './generated/index.js';
export { createVolumesTransport, type VolumesTransport, type VolumesTransportOptions } from './transport.js';
export type { UploadSource } from './upload.js';
