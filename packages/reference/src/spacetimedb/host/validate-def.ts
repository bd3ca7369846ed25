import {
  type AlgebraicType,
  type ProductType,
  type RawModuleDefV9,
  type RawTableDefV9,
  resolveType,
  SatsTypeError,
  type Typespace,
  typeTag,
} from '@dbwire/spacetimedb-sats';

/**
 * Checks that a decoded RawModuleDef v9 can be hosted: every type reference points into the
 * typespace (without cycles at the top), each table's row is a product whose column positions the
 * keys, indexes, constraints, sequences and schedule name, sequences sit on integer columns,
 * names are unique and each lifecycle has at most one reducer. Returns the problems found (empty
 * when the definition is usable), in the spirit of the real host's `ValidationErrors` list.
 */
export function definitionProblems(def: RawModuleDefV9): string[] {
  const problems: string[] = [];
  const { typespace } = def;
  for (const [index, type] of typespace.types.entries())
    checkRefs(type, typespace, `typespace type ${index}`, problems);
  for (const reducer of def.reducers) {
    for (const element of reducer.params.elements) {
      checkRefs(element.algebraic_type, typespace, `reducer ${reducer.name}`, problems);
    }
  }
  for (const type of def.types) {
    if (typespace.types[type.ty] === undefined) {
      problems.push(
        `type ${[...type.name.scope, type.name.name].join('::')} refers to type ${type.ty}, outside the typespace`,
      );
    }
  }
  for (const name of duplicates(def.tables.map((table) => table.name))) problems.push(`two tables are named ${name}`);
  for (const name of duplicates(def.reducers.map((reducer) => reducer.name)))
    problems.push(`two reducers are named ${name}`);
  const lifecycles = def.reducers.flatMap((reducer) =>
    'some' in reducer.lifecycle ? Object.keys(reducer.lifecycle.some) : [],
  );
  for (const name of duplicates(lifecycles)) problems.push(`more than one ${name} reducer`);
  const reducerNames = new Set(def.reducers.map((reducer) => reducer.name));
  for (const table of def.tables) problems.push(...tableProblems(table, typespace, reducerNames));
  return problems;
}

function tableProblems(table: RawTableDefV9, typespace: Typespace, reducerNames: ReadonlySet<string>): string[] {
  const where = `table ${table.name}`;
  const rowType = typespace.types[table.product_type_ref];
  if (rowType === undefined) {
    return [
      `${where}: product_type_ref ${table.product_type_ref} is outside the typespace (${typespace.types.length} types)`,
    ];
  }
  let row: ProductType;
  try {
    const resolved = resolveType(rowType, typespace);
    if (!('Product' in resolved)) return [`${where}: its row type is a ${typeTag(resolved)}, not a product`];
    row = resolved.Product;
  } catch (error) {
    if (error instanceof SatsTypeError) return [`${where}: ${error.message}`];
    throw error;
  }
  const problems: string[] = [];
  const width = row.elements.length;
  const checkColumns = (what: string, columns: readonly number[]) => {
    for (const column of columns) {
      if (!(column >= 0 && column < width))
        problems.push(`${where}: ${what} names column ${column}, but the row has ${width} columns`);
    }
  };
  checkColumns('the primary key', table.primary_key);
  for (const index of table.indexes) {
    const algorithm = index.algorithm;
    const columns =
      'BTree' in algorithm
        ? algorithm.BTree.columns
        : 'Hash' in algorithm
          ? algorithm.Hash.columns
          : [algorithm.Direct.column];
    checkColumns(`an index`, columns);
    if (columns.length === 0) problems.push(`${where}: an index has no columns`);
  }
  for (const constraint of table.constraints) checkColumns('a unique constraint', constraint.data.Unique.columns);
  for (const sequence of table.sequences) {
    checkColumns('a sequence', [sequence.column]);
    const column = row.elements[sequence.column];
    if (column !== undefined && !isIntegerType(column.algebraic_type, typespace)) {
      problems.push(`${where}: a sequence is on column ${sequence.column}, which is not an integer column`);
    }
  }
  if ('some' in table.schedule) {
    checkColumns('the schedule', [table.schedule.some.scheduled_at_column]);
    if (!reducerNames.has(table.schedule.some.reducer_name)) {
      problems.push(`${where}: scheduled reducer ${table.schedule.some.reducer_name} does not exist`);
    }
  }
  return problems;
}

const INTEGER_TAGS = new Set(['I8', 'U8', 'I16', 'U16', 'I32', 'U32', 'I64', 'U64', 'I128', 'U128', 'I256', 'U256']);

function isIntegerType(type: AlgebraicType, typespace: Typespace): boolean {
  try {
    return INTEGER_TAGS.has(typeTag(resolveType(type, typespace)));
  } catch {
    return false;
  }
}

/** Reports every `Ref` inside `type` that points outside the typespace. */
function checkRefs(type: AlgebraicType, typespace: Typespace, where: string, problems: string[]): void {
  if ('Ref' in type) {
    if (typespace.types[type.Ref] === undefined) {
      problems.push(
        `${where}: type reference Ref(${type.Ref}) is outside the typespace (${typespace.types.length} types)`,
      );
    }
  } else if ('Array' in type) {
    checkRefs(type.Array, typespace, where, problems);
  } else if ('Product' in type) {
    for (const element of type.Product.elements) checkRefs(element.algebraic_type, typespace, where, problems);
  } else if ('Sum' in type) {
    for (const variant of type.Sum.variants) checkRefs(variant.algebraic_type, typespace, where, problems);
  }
}

function duplicates(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const name of names) (seen.has(name) ? repeated : seen).add(name);
  return [...repeated];
}
