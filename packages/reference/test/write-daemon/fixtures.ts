import type { Client } from './client.js';

/** `POST /commit` with these operations. */
export function commit(client: Client, ns: number, operations: unknown[], extra: Record<string, unknown> = {}) {
  return client.post(`/v1/write/namespaces/${ns}/commit`, { operations, ...extra });
}

export function preflight(client: Client, ns: number, operations: unknown[]) {
  return client.post(`/v1/write/namespaces/${ns}/commit/preflight`, { operations });
}

export const op = {
  createBalance: (id: string, quantization_inv?: number) => ({
    op: 'CreateContainer',
    args: { external_id: id, kind: { type: 'balance', ...(quantization_inv ? { quantization_inv } : {}) } },
  }),
  createContainer: (id: string, kind: Record<string, unknown>) => ({
    op: 'CreateContainer',
    args: { external_id: id, kind },
  }),
  removeContainer: (id: string) => ({ op: 'RemoveContainer', args: { container_id: id } }),
  registerClass: (id: string) => ({ op: 'RegisterClass', args: { request: { class_id: id, name: id } } }),
  gridShape: (id: string, width: number, height: number) => ({
    op: 'RegisterClassShape',
    args: { request: { class_id: id, shape: { width, height } } },
  }),
  addFungible: (classId: string, location: Record<string, unknown>, quantity: string) => ({
    op: 'AddFungible',
    args: { class_id: classId, location, quantity },
  }),
  removeFungible: (classId: string, location: Record<string, unknown>, quantity: string) => ({
    op: 'RemoveFungible',
    args: { class_id: classId, location, quantity },
  }),
  addInstance: (classId: string, location: Record<string, unknown>, instanceId?: string) => ({
    op: 'AddInstance',
    args: { class_id: classId, location, ...(instanceId ? { instance_id: instanceId } : {}) },
  }),
};

export const balance = (id: string) => ({ kind: 'balance', container_id: id });
export const cell = (id: string, position: number, rotation?: string) => ({
  kind: 'grid_cell',
  container_id: id,
  position,
  ...(rotation ? { rotation } : {}),
});
export const slot = (id: string, index: number) => ({ kind: 'slot', container_id: id, slot_index: index });
