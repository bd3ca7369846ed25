import { stateKeys } from '../keys.js';
import type { Schemas } from '../model.js';
import type { StateView } from '../state-view.js';
import { fail } from './failure.js';
import { cellIndex, containerAt, type Location, normaliseLocation, placeOf } from './locations.js';
import { type CellRecord, type InstanceRecord, type PlacedRecord, requireClass, shapeOf } from './state.js';

/**
 * AddInstance: a new instance of a class at a grid cell, slot or continuous position. Without an
 * `instance_id` the server mints `inst-<world_seq>` from the event's world_seq.
 */
export async function addInstance(
  view: StateView,
  args: { class_id: string; key?: number | null; instance_id?: string; location: Location },
  worldSeq: number,
): Promise<string> {
  await requireClass(view, args.class_id);
  const instanceId = args.instance_id ?? `inst-${worldSeq}`;
  if (await view.get(stateKeys.instance(instanceId))) {
    throw fail('INSTANCE_ALREADY_EXISTS', `Instance id ${instanceId} is already taken.`);
  }
  const instance: InstanceRecord = {
    instance_id: instanceId,
    class_id: args.class_id,
    key: args.key ?? null,
    location: normaliseLocation(args.location),
  };
  await place(view, instance);
  return instanceId;
}

/** MoveInstance: to another location in any container that holds instances; its old place is freed first. */
export async function moveInstance(view: StateView, args: { instance_id: string; to: Location }) {
  const instance = await view.get<InstanceRecord>(stateKeys.instance(args.instance_id));
  if (!instance) throw fail('INSTANCE_NOT_FOUND', `Instance ${args.instance_id} does not exist.`);
  const to = normaliseLocation(args.to);
  if (JSON.stringify(to) === JSON.stringify(instance.location)) {
    throw fail('SAME_LOCATION', `Instance ${args.instance_id} is already at ${placeOf(to)}.`);
  }
  unplace(view, instance);
  await place(view, {
    instance_id: instance.instance_id,
    class_id: instance.class_id,
    key: instance.key,
    location: to,
  });
}

/** Occupies the instance's footprint at its location and stores it. */
async function place(view: StateView, instance: InstanceRecord): Promise<void> {
  const { location } = instance;
  if (location.kind === 'balance') {
    throw fail('LOCATION_KIND_MISMATCH', 'Instances live in grids, slots and continuous containers, not in balances.');
  }
  const container = await containerAt(view, location);
  const record: InstanceRecord = { ...instance };
  delete record.cells;
  if (location.kind === 'grid_cell' || location.kind === 'slot') {
    const cells =
      location.kind === 'slot'
        ? [cellIndex(container, location)]
        : await gridFootprint(view, instance, container.kind as GridKind, location);
    for (const cell of cells) {
      if (await view.get<CellRecord>(stateKeys.cell(location.container_id, cell))) {
        throw fail('LOCATION_OCCUPIED', `Cell ${cell} of ${location.container_id} is taken.`);
      }
    }
    for (const cell of cells) {
      view.set(stateKeys.cell(location.container_id, cell), { instance: instance.instance_id } satisfies CellRecord);
    }
    record.cells = cells;
  } else {
    const extent = await continuousExtent(view, instance, container.kind as ContinuousKind, location);
    for (const { value: other } of await view.scan<PlacedRecord>(stateKeys.placedPrefix(location.container_id))) {
      if (extent.x0 < other.x1 && other.x0 < extent.x1 && extent.y0 < other.y1 && other.y0 < extent.y1) {
        throw fail(
          'LOCATION_OCCUPIED',
          `Instance ${other.instance_id} occupies that space in ${location.container_id}.`,
        );
      }
    }
    view.set(stateKeys.placed(location.container_id, instance.instance_id), extent);
  }
  view.set(stateKeys.instance(instance.instance_id), record);
}

function unplace(view: StateView, instance: InstanceRecord): void {
  const containerId = instance.location.container_id;
  for (const cell of instance.cells ?? []) view.delete(stateKeys.cell(containerId, cell));
  if (instance.location.kind === 'continuous_1d' || instance.location.kind === 'continuous_2d') {
    view.delete(stateKeys.placed(containerId, instance.instance_id));
  }
  view.delete(stateKeys.instance(instance.instance_id));
}

type GridKind = { type: 'grid'; capacity: number; grid_width: number };
type ContinuousKind =
  | { type: 'continuous_line_1d'; min_x: number; max_x: number }
  | { type: 'continuous_grid_2d'; min_x: number; max_x: number; min_y: number; max_y: number };

/** The cells an instance covers: its class's grid shape (1 by 1 without one), turned by the rotation. */
async function gridFootprint(
  view: StateView,
  instance: InstanceRecord,
  grid: GridKind,
  location: Extract<Location, { kind: 'grid_cell' }>,
): Promise<number[]> {
  const origin = cellIndex({ external_id: location.container_id, kind: { ...grid, quantization_inv: 1 } }, location);
  const shape = (await shapeOf<Schemas['GridShape']>(view, instance.class_id, 'grid', instance.key)) ?? {
    width: 1,
    height: 1,
  };
  const turned = location.rotation === 'cw90' || location.rotation === 'cw270';
  const width = turned ? shape.height : shape.width;
  const height = turned ? shape.width : shape.height;
  const rows = grid.capacity / grid.grid_width;
  const row = Math.floor(origin / grid.grid_width);
  const column = origin % grid.grid_width;
  if (column + width > grid.grid_width || row + height > rows) {
    throw fail(
      'LOCATION_OUT_OF_BOUNDS',
      `A ${width}x${height} footprint at cell ${origin} does not fit grid ${location.container_id}.`,
    );
  }
  const cells: number[] = [];
  for (let dy = 0; dy < height; dy++) for (let dx = 0; dx < width; dx++) cells.push(origin + dy * grid.grid_width + dx);
  return cells;
}

/**
 * An instance's extent in a continuous container, `[x0, x1) x [y0, y1)`. Its class's continuous
 * shape gives the span (1-D) or rectangle (2-D, from `(x, y)` before rotation, turned about its
 * centre); without one it is a point, which covers one scaled unit. A rotation that is not a
 * multiple of 90 degrees is checked by its bounding box, which is conservative.
 */
async function continuousExtent(
  view: StateView,
  instance: InstanceRecord,
  kind: ContinuousKind,
  location: Extract<Location, { kind: 'continuous_1d' | 'continuous_2d' }>,
): Promise<PlacedRecord> {
  let extent: PlacedRecord;
  if (location.kind === 'continuous_1d') {
    const shape = await shapeOf<Schemas['ContinuousShape1d']>(view, instance.class_id, 'line', instance.key);
    const length = Math.max(1, shape?.span_length_scaled ?? 0);
    extent = { instance_id: instance.instance_id, x0: location.x, x1: location.x + length, y0: 0, y1: 1 };
  } else {
    const shape = await shapeOf<Schemas['ContinuousShape2d']>(view, instance.class_id, 'rect', instance.key);
    const width = Math.max(1, shape?.rect_width_scaled ?? 0);
    const height = Math.max(1, shape?.rect_height_scaled ?? 0);
    const millideg = location.rotation_millideg ?? 0;
    let halfX: number;
    let halfY: number;
    if (millideg % 90_000 === 0) {
      const turned = (millideg / 90_000) % 2 === 1;
      halfX = (turned ? height : width) / 2;
      halfY = (turned ? width : height) / 2;
    } else {
      const radians = (millideg / 1000) * (Math.PI / 180);
      const cos = Math.abs(Math.cos(radians));
      const sin = Math.abs(Math.sin(radians));
      halfX = (width * cos + height * sin) / 2;
      halfY = (width * sin + height * cos) / 2;
    }
    const centreX = location.x + width / 2;
    const centreY = location.y + height / 2;
    extent = {
      instance_id: instance.instance_id,
      x0: centreX - halfX,
      x1: centreX + halfX,
      y0: centreY - halfY,
      y1: centreY + halfY,
    };
  }
  const minY = kind.type === 'continuous_grid_2d' ? kind.min_y : 0;
  const maxY = kind.type === 'continuous_grid_2d' ? kind.max_y : 1;
  if (extent.x0 < kind.min_x || extent.x1 > kind.max_x || extent.y0 < minY || extent.y1 > maxY) {
    throw fail('LOCATION_OUT_OF_BOUNDS', `${placeOf(location)} does not fit inside ${location.container_id}.`);
  }
  return extent;
}
