import type { TableUpdate } from '../../model.js';
import type { Draft } from '../draft.js';

export type UpdateAction = TableUpdate['action'];
export type UpdateOf<A extends UpdateAction> = Extract<TableUpdate, { action: A }>;

/** Applies one update to the draft in place (replacing, never editing, the draft's arrays and maps). */
export type UpdateHandler<A extends UpdateAction> = (draft: Draft, update: UpdateOf<A>) => void;

/** The id a `-1` stands for: the one added last in this request (Java's LAST_ADDED). */
export const LAST_ADDED = -1;
