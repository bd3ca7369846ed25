import { stateKeys } from '../keys.js';
import type { Schemas } from '../model.js';
import type { StateView } from '../state-view.js';
import { fail } from './failure.js';

/** A container kind with every default filled in. */
export type ContainerKind =
  | { type: 'balance'; quantization_inv: number }
  | { type: 'grid'; capacity: number; grid_width: number; quantization_inv: number }
  | { type: 'slots'; count: number; quantization_inv: number }
  | { type: 'continuous_line_1d'; min_x: number; max_x: number; quantization_inv: number }
  | {
      type: 'continuous_grid_2d';
      min_x: number;
      max_x: number;
      min_y: number;
      max_y: number;
      quantization_inv: number;
    };

export interface ContainerRecord {
  external_id: string;
  kind: ContainerKind;
}

export interface ClassRecord {
  class_id: string;
  name: string;
  flags: number;
  behavior?: Schemas['ClassBehavior'];
}

/** What fills a grid cell or a slot. */
export type CellRecord = { fungible: { class_id: string; key: number | null; amount: string } } | { instance: string };

export interface InstanceRecord {
  instance_id: string;
  class_id: string;
  key: number | null;
  location: Schemas['Location'];
  /** Grid cells or the slot it fills (grid and slots containers). */
  cells?: number[];
}

/** An instance's extent in a continuous container: `[x0, x1) x [y0, y1)` in scaled units. */
export interface PlacedRecord {
  instance_id: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export async function requireContainer(view: StateView, containerId: string): Promise<ContainerRecord> {
  const container = await view.get<ContainerRecord>(stateKeys.container(containerId));
  if (!container) throw fail('CONTAINER_NOT_FOUND', `Container ${containerId} does not exist.`);
  return container;
}

export async function requireClass(view: StateView, classId: string): Promise<ClassRecord> {
  const record = await view.get<ClassRecord>(stateKeys.class(classId));
  if (!record) throw fail('CLASS_NOT_FOUND', `Class ${classId} is not registered.`);
  return record;
}

/** The shape registered for (class, stack key), else the class's plain one (stack key null). */
export async function shapeOf<T>(
  view: StateView,
  classId: string,
  kind: 'grid' | 'line' | 'rect',
  stackKey: number | null,
): Promise<T | undefined> {
  const exact = await view.get<T>(stateKeys.shape(classId, kind, stackKey));
  if (exact !== undefined || stackKey === null) return exact;
  return view.get<T>(stateKeys.shape(classId, kind, null));
}
