import { stateKeys } from '../keys.js';
import type { Schemas } from '../model.js';
import type { StateView } from '../state-view.js';
import { fail } from './failure.js';
import { cellIndex, containerAt, type Location, placeOf } from './locations.js';
import { formatAmount, scaledAmount } from './quantity.js';
import { type CellRecord, type ContainerRecord, requireClass, requireContainer } from './state.js';

type FungibleArgs = Schemas['FungibleArgs'];

/** Where a stack of one class lives: a balance entry, or a grid cell or slot (which holds one stack). */
async function stackSite(view: StateView, location: Location, classId: string, stackKey: number | null) {
  if (location.kind === 'continuous_1d' || location.kind === 'continuous_2d') {
    throw fail(
      'LOCATION_KIND_MISMATCH',
      'Fungible quantities live in balances, grid cells and slots, not in continuous containers.',
    );
  }
  const container = await containerAt(view, location);
  if (location.kind === 'balance') {
    return { container, key: stateKeys.balance(location.container_id, classId, stackKey), cell: false };
  }
  return { container, key: stateKeys.cell(location.container_id, cellIndex(container, location)), cell: true };
}

async function add(view: StateView, location: Location, classId: string, stackKey: number | null, quantity: string) {
  const site = await stackSite(view, location, classId, stackKey);
  const amount = scaledAmount(quantity, site.container.kind.quantization_inv, location.container_id);
  if (!site.cell) {
    const held = BigInt((await view.get<string>(site.key)) ?? '0');
    view.set(site.key, String(held + amount));
    return;
  }
  const cell = await view.get<CellRecord>(site.key);
  if (cell && !('fungible' in cell && cell.fungible.class_id === classId && cell.fungible.key === stackKey)) {
    throw fail('LOCATION_OCCUPIED', `${placeOf(location)} holds something else.`);
  }
  const held = cell && 'fungible' in cell ? BigInt(cell.fungible.amount) : 0n;
  view.set(site.key, {
    fungible: { class_id: classId, key: stackKey, amount: String(held + amount) },
  } satisfies CellRecord);
}

async function remove(view: StateView, location: Location, classId: string, stackKey: number | null, quantity: string) {
  const site = await stackSite(view, location, classId, stackKey);
  const scale = site.container.kind.quantization_inv;
  const amount = scaledAmount(quantity, scale, location.container_id);
  let held = 0n;
  if (site.cell) {
    const cell = await view.get<CellRecord>(site.key);
    if (cell && 'fungible' in cell && cell.fungible.class_id === classId && cell.fungible.key === stackKey) {
      held = BigInt(cell.fungible.amount);
    }
  } else {
    held = BigInt((await view.get<string>(site.key)) ?? '0');
  }
  if (held < amount) {
    throw fail(
      'INSUFFICIENT_QUANTITY',
      `${placeOf(location)} holds ${formatAmount(held, scale)} ${classId}; cannot remove ${quantity}.`,
    );
  }
  const left = held - amount;
  if (left === 0n) view.delete(site.key);
  else if (site.cell) {
    view.set(site.key, { fungible: { class_id: classId, key: stackKey, amount: String(left) } } satisfies CellRecord);
  } else view.set(site.key, String(left));
}

export async function addFungible(view: StateView, args: FungibleArgs) {
  await requireClass(view, args.class_id);
  await add(view, args.location, args.class_id, args.key ?? null, args.quantity);
}

export async function removeFungible(view: StateView, args: FungibleArgs) {
  await requireClass(view, args.class_id);
  await remove(view, args.location, args.class_id, args.key ?? null, args.quantity);
}

/** MoveFungible: from one location to another (balances, cells, slots), representable at both scales. */
export async function moveFungible(
  view: StateView,
  args: { class_id: string; key?: number | null; from: Location; to: Location; quantity: string },
) {
  await requireClass(view, args.class_id);
  if (
    args.from.container_id === args.to.container_id &&
    placeOf(args.from) === placeOf(args.to) &&
    args.from.kind === args.to.kind
  ) {
    throw fail('SAME_LOCATION', `The source and destination are both ${placeOf(args.from)}.`);
  }
  await remove(view, args.from, args.class_id, args.key ?? null, args.quantity);
  await add(view, args.to, args.class_id, args.key ?? null, args.quantity);
}

/** TransferFungible: between two balance containers. */
export async function transferFungible(
  view: StateView,
  args: { class_id: string; key?: number | null; from_container_id: string; to_container_id: string; quantity: string },
) {
  await requireClass(view, args.class_id);
  if (args.from_container_id === args.to_container_id) {
    throw fail('SAME_LOCATION', `The source and destination are both ${args.from_container_id}.`);
  }
  for (const id of [args.from_container_id, args.to_container_id]) requireBalance(await requireContainer(view, id));
  const from: Location = { kind: 'balance', container_id: args.from_container_id };
  const to: Location = { kind: 'balance', container_id: args.to_container_id };
  await remove(view, from, args.class_id, args.key ?? null, args.quantity);
  await add(view, to, args.class_id, args.key ?? null, args.quantity);
}

function requireBalance(container: ContainerRecord): void {
  if (container.kind.type !== 'balance') {
    throw fail(
      'LOCATION_KIND_MISMATCH',
      `TransferFungible moves between balances; ${container.external_id} is ${container.kind.type}.`,
    );
  }
}
