export {
  createTypeDBReference,
  type TypeDBCaller,
  type TypeDBReference,
  type TypeDBReferenceOptions,
} from './reference.js';
export { DEFAULT_TRANSACTION_OPTIONS, type TransactionType } from './transactions.js';
