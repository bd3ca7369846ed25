import { type CallOptions, createIcebergClient, type IcebergClient, type IcebergClientOptions } from './client.js';
import type { CatalogConfig } from './generated/types.gen.js';

export interface ConnectOptions extends IcebergClientOptions {
  /** The warehouse to ask `GET /v1/config` about (`?warehouse=`); servers may answer a prefix for it. */
  warehouse?: string;
  /** Cancels the configuration request. */
  signal?: AbortSignal;
}

/**
 * Connects as Iceberg clients do: reads `GET /v1/config` (with `?warehouse=` when given), then
 * returns a client for the prefix the catalog chose. The prefix is the configuration's
 * `overrides.prefix`, else the `prefix` option, else `defaults.prefix` (overrides win over the
 * client's settings, defaults yield to them); with none, the client uses the unprefixed `/v1/...`
 * paths. The configuration read is on the result as `config`.
 *
 * ```ts
 * const catalog = await connectIcebergClient({ baseUrl: 'http://127.0.0.1:8181', token, warehouse: 'analytics' });
 * catalog.prefix; // 'analytics' on a dbwire server
 * ```
 */
export async function connectIcebergClient(
  options: ConnectOptions,
): Promise<IcebergClient & { readonly config: CatalogConfig }> {
  const { warehouse, signal, ...clientOptions } = options;
  const unprefixed = createIcebergClient({ ...clientOptions, prefix: undefined });
  const call: CallOptions = { signal };
  const config = await unprefixed.getConfig(warehouse === undefined ? {} : { warehouse }, call);
  const prefix = nonEmpty(config.overrides?.prefix) ?? options.prefix ?? nonEmpty(config.defaults?.prefix);
  return Object.assign(createIcebergClient({ ...clientOptions, prefix }), { config });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
