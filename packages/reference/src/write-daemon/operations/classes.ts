import { stateKeys } from '../keys.js';
import type { Schemas } from '../model.js';
import type { StateView } from '../state-view.js';
import { fail } from './failure.js';
import { type ClassRecord, requireClass } from './state.js';

/** RegisterClass: a new entry in the class registry (`CLASS_ALREADY_EXISTS` for a taken id). */
export async function registerClass(view: StateView, request: Schemas['ClassDefinition']): Promise<void> {
  const key = stateKeys.class(request.class_id);
  if (await view.get(key)) throw fail('CLASS_ALREADY_EXISTS', `Class ${request.class_id} is already registered.`);
  const record: ClassRecord = { class_id: request.class_id, name: request.name, flags: request.flags ?? 0 };
  if (request.behavior !== undefined) record.behavior = request.behavior;
  view.set(key, record);
}

const SHAPE_NAMES = { grid: 'grid', line: 'continuous 1-D', rect: 'continuous 2-D' } as const;

/**
 * The three shape registrations: the class must exist, and a shape of that kind must not yet be
 * registered for (class, stack key).
 */
export async function registerShape(
  view: StateView,
  kind: 'grid' | 'line' | 'rect',
  request: { class_id: string; stack_key?: number | null; shape: unknown },
): Promise<void> {
  await requireClass(view, request.class_id);
  const stackKey = request.stack_key ?? null;
  const key = stateKeys.shape(request.class_id, kind, stackKey);
  if (await view.get(key)) {
    throw fail(
      'CLASS_SHAPE_ALREADY_EXISTS',
      `Class ${request.class_id} already has a ${SHAPE_NAMES[kind]} shape for stack key ${stackKey}.`,
    );
  }
  view.set(key, request.shape);
}
