import { stateKeys } from '../keys.js';
import type { Schemas } from '../model.js';
import type { StateView } from '../state-view.js';
import { fail } from './failure.js';
import { type ContainerKind, type ContainerRecord, requireContainer } from './state.js';

/** CreateContainer: a new, empty container with a valid kind (`INVALID_CONTAINER_KIND` otherwise). */
export async function createContainer(view: StateView, args: { external_id: string; kind: Schemas['ContainerKind'] }) {
  const key = stateKeys.container(args.external_id);
  if (await view.get(key)) throw fail('CONTAINER_ALREADY_EXISTS', `Container ${args.external_id} already exists.`);
  view.set(key, { external_id: args.external_id, kind: normaliseKind(args.kind) } satisfies ContainerRecord);
}

/** RemoveContainer: only an empty one (no balances, cells, slots or placed instances). */
export async function removeContainer(view: StateView, args: { container_id: string }) {
  const id = args.container_id;
  await requireContainer(view, id);
  for (const prefix of [stateKeys.balancePrefix(id), stateKeys.cellPrefix(id), stateKeys.placedPrefix(id)]) {
    if ((await view.scan(prefix, 1)).length > 0) {
      throw fail('CONTAINER_NOT_EMPTY', `Container ${id} still holds quantities or instances.`);
    }
  }
  view.delete(stateKeys.container(id));
}

function normaliseKind(kind: Schemas['ContainerKind']): ContainerKind {
  const quantization_inv = kind.quantization_inv ?? 1;
  switch (kind.type) {
    case 'balance':
      return { type: 'balance', quantization_inv };
    case 'grid': {
      const grid_width = kind.grid_width ?? kind.capacity;
      if (kind.capacity % grid_width !== 0) {
        throw fail(
          'INVALID_CONTAINER_KIND',
          `A grid's capacity (${kind.capacity}) must be a multiple of its grid_width (${grid_width}).`,
        );
      }
      return { type: 'grid', capacity: kind.capacity, grid_width, quantization_inv };
    }
    case 'slots':
      return { type: 'slots', count: kind.count, quantization_inv };
    case 'continuous_line_1d':
      if (kind.min_x >= kind.max_x) throw fail('INVALID_CONTAINER_KIND', 'min_x must be below max_x.');
      return { type: 'continuous_line_1d', min_x: kind.min_x, max_x: kind.max_x, quantization_inv };
    case 'continuous_grid_2d':
      if (kind.min_x >= kind.max_x || kind.min_y >= kind.max_y) {
        throw fail('INVALID_CONTAINER_KIND', 'min_x must be below max_x and min_y below max_y.');
      }
      return { ...kind, quantization_inv };
  }
}
