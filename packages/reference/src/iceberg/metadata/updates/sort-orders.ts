import { findSchema, findSortOrder } from '../draft.js';
import { badRequest, check } from '../errors.js';
import { indexSchema } from '../schema.js';
import {
  INITIAL_SORT_ORDER_ID,
  isUnsorted,
  sameOrder,
  sortOrderJson,
  UNSORTED_ORDER_ID,
  validateSortOrder,
} from '../sort-order.js';
import { LAST_ADDED, type UpdateHandler } from './types.js';

/**
 * `add-sort-order` (Java `Builder.addSortOrder(UnboundSortOrder)`). The order is checked against
 * the current schema. The unsorted order is always id 0; an order with the same fields as one
 * already in the table is reused; otherwise it gets the highest order id + 1 (at least 1).
 */
export const addSortOrder: UpdateHandler<'add-sort-order'> = (draft, update) => {
  const schema = findSchema(draft, draft.currentSchemaId);
  if (schema === undefined) badRequest('Cannot add a sort order before a schema is added');
  const order = update['sort-order'];
  validateSortOrder(order, indexSchema(schema));

  let newId = INITIAL_SORT_ORDER_ID;
  if (isUnsorted(order)) {
    newId = UNSORTED_ORDER_ID;
  } else {
    for (const existing of draft.sortOrders) {
      if (sameOrder(existing, order)) {
        newId = existing['order-id'];
        break;
      }
      if (newId <= existing['order-id']) newId = existing['order-id'] + 1;
    }
  }

  if (findSortOrder(draft, newId) !== undefined) {
    // As Java: `-1` moves to the reused order only if this request already added an order.
    draft.lastAddedOrderId =
      draft.lastAddedOrderId !== null && draft.addedOrderIds.has(draft.lastAddedOrderId) ? newId : null;
    return;
  }

  draft.sortOrders = [...draft.sortOrders, sortOrderJson(newId, order.fields)];
  draft.addedOrderIds.add(newId);
  draft.lastAddedOrderId = newId;
  draft.changed = true;
};

/**
 * `set-default-sort-order` (Java `Builder.setDefaultSortOrder(int)`): -1 is the order added last in
 * this request. Java accepts an unknown id and fails later while building; here it is a 400 at once.
 */
export const setDefaultSortOrder: UpdateHandler<'set-default-sort-order'> = (draft, update) => {
  let id = update['sort-order-id'];
  if (id === LAST_ADDED) {
    if (draft.lastAddedOrderId === null) badRequest('Cannot set last added sort order: no sort order has been added');
    id = draft.lastAddedOrderId;
  }
  if (id === draft.defaultSortOrderId && findSortOrder(draft, id) !== undefined) return;
  check(findSortOrder(draft, id) !== undefined, `Cannot set default sort order to unknown order: ${id}`);
  draft.defaultSortOrderId = id;
  draft.changed = true;
};
