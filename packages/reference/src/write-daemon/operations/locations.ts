import type { Schemas } from '../model.js';
import type { StateView } from '../state-view.js';
import { fail } from './failure.js';
import { type ContainerRecord, requireContainer } from './state.js';

export type Location = Schemas['Location'];

/** Which container kind each location kind addresses. */
const CONTAINER_FOR: Record<Location['kind'], ContainerRecord['kind']['type']> = {
  balance: 'balance',
  grid_cell: 'grid',
  slot: 'slots',
  continuous_1d: 'continuous_line_1d',
  continuous_2d: 'continuous_grid_2d',
};

/** The location's container, checked to exist and to be of the kind the location addresses. */
export async function containerAt(view: StateView, location: Location): Promise<ContainerRecord> {
  const container = await requireContainer(view, location.container_id);
  if (container.kind.type !== CONTAINER_FOR[location.kind]) {
    throw fail(
      'LOCATION_KIND_MISMATCH',
      `A ${location.kind} location does not fit container ${location.container_id}, which is ${container.kind.type}.`,
    );
  }
  return container;
}

/** The cell or slot index a `grid_cell` or `slot` location names, checked against the container's size. */
export function cellIndex(container: ContainerRecord, location: Location): number {
  const kind = container.kind;
  if (location.kind === 'grid_cell' && kind.type === 'grid') {
    if (location.position >= kind.capacity) {
      throw fail(
        'LOCATION_OUT_OF_BOUNDS',
        `Cell ${location.position} is outside grid ${location.container_id} (${kind.capacity} cells).`,
      );
    }
    return location.position;
  }
  if (location.kind === 'slot' && kind.type === 'slots') {
    if (location.slot_index >= kind.count) {
      throw fail(
        'LOCATION_OUT_OF_BOUNDS',
        `Slot ${location.slot_index} is outside ${location.container_id} (${kind.count} slots).`,
      );
    }
    return location.slot_index;
  }
  throw fail('LOCATION_KIND_MISMATCH', `A ${location.kind} location has no cell or slot.`);
}

/** A location with its defaults spelt out, so that two ways of writing one place compare equal. */
export function normaliseLocation(location: Location): Location {
  switch (location.kind) {
    case 'grid_cell':
      return { ...location, rotation: location.rotation ?? 'none' };
    case 'continuous_2d':
      return { ...location, rotation_millideg: location.rotation_millideg ?? 0 };
    default:
      return location;
  }
}

/** Where a location points, ignoring orientation (fungibles have none). */
export function placeOf(location: Location): string {
  switch (location.kind) {
    case 'balance':
      return `${location.container_id}`;
    case 'grid_cell':
      return `${location.container_id}#${location.position}`;
    case 'slot':
      return `${location.container_id}#${location.slot_index}`;
    case 'continuous_1d':
      return `${location.container_id}@${location.x}`;
    case 'continuous_2d':
      return `${location.container_id}@${location.x},${location.y}`;
  }
}
