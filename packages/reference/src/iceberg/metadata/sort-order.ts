import type { SortField, SortOrder } from '../model.js';
import { sameInOrder } from './equal.js';
import { badRequest, check } from './errors.js';
import { isPrimitive, type SchemaIndex } from './schema.js';
import { checkTransform } from './transforms.js';

/** The unsorted order's id; the first real order gets 1 (Java's INITIAL_SORT_ORDER_ID). */
export const UNSORTED_ORDER_ID = 0;
export const INITIAL_SORT_ORDER_ID = 1;

export function isUnsorted(order: SortOrder): boolean {
  return order.fields.length === 0;
}

/**
 * Checks a sort order as Java does when it binds one: order id 0 is reserved for the unsorted
 * order (`UnboundSortOrder.Builder`), and every field names a primitive column its transform
 * accepts (`SortOrder.checkCompatibility`).
 */
export function validateSortOrder(order: SortOrder, schema: SchemaIndex): void {
  if (isUnsorted(order)) {
    check(order['order-id'] === UNSORTED_ORDER_ID, 'Unsorted order ID must be 0');
    return;
  }
  check(order['order-id'] !== UNSORTED_ORDER_ID, 'Sort order ID 0 is reserved for unsorted order');
  checkSortOrderCompatibility(order, schema);
}

/** Java's `SortOrder.checkCompatibility`: every field reads a primitive column its transform accepts. */
export function checkSortOrderCompatibility(order: SortOrder, schema: SchemaIndex): void {
  for (const field of order.fields) {
    const source = schema.byId.get(field['source-id']);
    if (source === undefined) badRequest(`Cannot find source column for sort field: ${describe(field)}`);
    check(isPrimitive(source.type), `Cannot sort by non-primitive source field: ${source.name}`);
    checkTransform(field.transform, source.type);
  }
}

/** Java's `SortOrder.sameOrder`: the same fields in the same order, whatever the order ids. */
export function sameOrder(a: SortOrder, b: SortOrder): boolean {
  return sameInOrder(a.fields, b.fields, ['source-id', 'transform', 'direction', 'null-order']);
}

/** The order as Java writes it: `order-id`, then fields `transform`, `source-id`, `direction`, `null-order`. */
export function sortOrderJson(orderId: number, fields: readonly SortField[]): SortOrder {
  return {
    'order-id': orderId,
    fields: fields.map((field) => ({
      transform: field.transform,
      'source-id': field['source-id'],
      direction: field.direction,
      'null-order': field['null-order'],
    })),
  };
}

function describe(field: SortField): string {
  return `${field.transform}(${field['source-id']}) ${field.direction} ${field['null-order']}`;
}
