import type { Operation, OperationName } from '../model.js';
import type { StateView } from '../state-view.js';
import { registerClass, registerShape } from './classes.js';
import { createContainer, removeContainer } from './containers.js';
import { addFungible, moveFungible, removeFungible, transferFungible } from './fungibles.js';
import { addInstance, moveInstance } from './instances.js';

export { CoreFailure } from './failure.js';

/** Registrations are permanent: a commit holding one cannot be reversed (422 `COMMIT_NOT_REVERSIBLE`). */
export const IRREVERSIBLE: ReadonlySet<OperationName> = new Set([
  'RegisterClass',
  'RegisterClassShape',
  'RegisterClassContinuousShape1d',
  'RegisterClassContinuousShape2d',
]);

/**
 * Applies one operation to the view, or throws `CoreFailure`. Returns the minted instance id of an
 * AddInstance without one. `worldSeq` is the world_seq of the event the operation produces.
 */
export async function applyOperation(
  view: StateView,
  operation: Operation,
  worldSeq: number,
): Promise<string | undefined> {
  switch (operation.op) {
    case 'CreateContainer':
      return void (await createContainer(view, operation.args));
    case 'RemoveContainer':
      return void (await removeContainer(view, operation.args));
    case 'AddFungible':
      return void (await addFungible(view, operation.args));
    case 'RemoveFungible':
      return void (await removeFungible(view, operation.args));
    case 'MoveFungible':
      return void (await moveFungible(view, operation.args));
    case 'TransferFungible':
      return void (await transferFungible(view, operation.args));
    case 'AddInstance': {
      const id = await addInstance(view, operation.args, worldSeq);
      return operation.args.instance_id === undefined ? id : undefined;
    }
    case 'MoveInstance':
      return void (await moveInstance(view, operation.args));
    case 'RegisterClass':
      return void (await registerClass(view, operation.args.request));
    case 'RegisterClassShape':
      return void (await registerShape(view, 'grid', operation.args.request));
    case 'RegisterClassContinuousShape1d':
      return void (await registerShape(view, 'line', operation.args.request));
    case 'RegisterClassContinuousShape2d':
      return void (await registerShape(view, 'rect', operation.args.request));
  }
}
