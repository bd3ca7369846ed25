/**
 * define / undefine / redefine. `define` is idempotent and additive: defining what exists is a
 * no-op, defining something that conflicts is an error. Like TypeDB, all types of a query are
 * created first, so a query may refer to types it declares further down.
 */
import type { Capability, SchemaQuery, TypeDefinition, Undefinition } from './ast.js';
import {
  attributeTypeNotFound,
  definableNotFound,
  roleNotFoundInDefinition,
  type SchemaOperation,
  schemaError,
  schemaValidation,
  symbolNotFound,
} from './codes.js';
import type { Graph } from './data.js';
import type { TypeQLError } from './errors.js';
import {
  type Ann,
  annotationEquals,
  Schema,
  type SchemaData,
  splitRole,
  stripAnnotation,
  type TypeDef,
} from './schema.js';

type Level = [string, string];

const KIND_ANNOTATIONS: Record<TypeDef['kind'], string[]> = {
  entity: ['abstract'],
  relation: ['abstract'],
  attribute: ['abstract', 'independent'],
};
const VALUE_ANNOTATIONS = new Set(['regex', 'range', 'values']);
const CAPABILITY_ANNOTATIONS: Record<'owns' | 'plays' | 'relates' | 'sub' | 'value', string[]> = {
  owns: ['key', 'unique', 'card', 'distinct', 'regex', 'range', 'values'],
  plays: ['card'],
  relates: ['card', 'distinct', 'abstract'],
  sub: [],
  value: ['regex', 'range', 'values'],
};

function annotationText(a: Ann): string {
  switch (a.name) {
    case 'card':
      return a.max === null ? `@card(${a.min}..)` : `@card(${a.min}..${a.max})`;
    default:
      return `@${a.name}`;
  }
}

/** Editable schema with the lookups define/undefine need. */
class Editor {
  constructor(
    readonly data: SchemaData,
    readonly op: SchemaOperation,
  ) {}

  get(label: string): TypeDef | undefined {
    return this.data.types.find((t) => t.label === label);
  }

  require(label: string): TypeDef {
    const t = this.get(label);
    if (!t) throw definableNotFound(this.op, label);
    return t;
  }

  view(): Schema {
    return new Schema(this.data);
  }
}

export function applySchemaQuery(schema: Schema, query: SchemaQuery, graph: Graph): Schema {
  const editor = new Editor(schema.mutable(), query.operation);
  if (query.operation === 'undefine') {
    for (const d of query.definitions) {
      if (d.kind === 'type')
        throw schemaError('undefine', ['UEX1', 'Unimplemented undefine functionality: type definition in undefine']);
      undefine(editor, d, graph);
    }
  } else {
    const defs = query.definitions.filter((d): d is TypeDefinition => d.kind === 'type');
    if (defs.length !== query.definitions.length) {
      throw schemaError(query.operation, [
        'DEX1',
        `Unimplemented ${query.operation} functionality: undefine statement`,
      ]);
    }
    if (query.operation === 'define') define(editor, defs);
    else redefine(editor, defs, graph);
  }
  return new Schema(editor.data);
}

// ---------------------------------------------------------------------------------------------
// define
// ---------------------------------------------------------------------------------------------

function define(editor: Editor, defs: TypeDefinition[]): void {
  const { data } = editor;
  // 1. Types.
  for (const d of defs) {
    if (!d.typeKind) continue;
    const existing = editor.get(d.label);
    if (existing) {
      if (existing.kind !== d.typeKind) {
        throw schemaValidation(
          'define',
          ['SVL2', `Label '${d.label}' should be unique, but is already used by '${existing.kind}'.`],
          ['DEX5', 'Failed to create type.'],
        );
      }
      continue;
    }
    data.types.push({
      id: data.nextId[d.typeKind]++,
      kind: d.typeKind,
      label: d.label,
      supertype: undefined,
      annotations: [],
      valueType: undefined,
      valueAnnotations: [],
      owns: [],
      plays: [],
      relates: [],
    });
  }
  for (const d of defs) editor.require(d.label);
  // 2. Capabilities, in dependency order: sub, value, relates, owns, plays, then type annotations.
  const order: Capability['kind'][] = ['sub', 'value', 'relates', 'owns', 'plays'];
  for (const kind of order) {
    for (const d of defs) {
      const type = editor.require(d.label);
      for (const c of d.capabilities) if (c.kind === kind) defineCapability(editor, type, c);
    }
  }
  for (const d of defs) {
    const type = editor.require(d.label);
    for (const a of d.annotations) defineTypeAnnotation(editor, type, stripAnnotation(a));
  }
}

function cannotHave(op: SchemaOperation, type: TypeDef, capability: string): TypeQLError {
  return schemaError(op, [
    op === 'undefine' ? 'UEX17' : 'DEX11',
    op === 'undefine'
      ? `Invalid undefine - the type '${type.label}' of kind '${type.kind}', which cannot this declaration. Maybe you wanted to undefine something else?`
      : `Invalid define - the type '${type.label}' of kind '${type.kind}', which cannot have: '${capability}'`,
  ]);
}

function kindMismatch(op: SchemaOperation, left: TypeDef, right: TypeDef): TypeQLError {
  return schemaError(op, [
    op === 'undefine' ? 'UEX34' : 'DEX29',
    `Declaration failed because the left type '${left.label}' is of kind '${left.kind}' isn't the same kind as the right type '${right.label}' which has kind '${right.kind}'.`,
  ]);
}

function illegalAnnotation(op: SchemaOperation, target: string, a: Ann): TypeQLError {
  const codes: Record<string, [string, string]> = {
    entity: ['ANN1', 'entity types'],
    relation: ['ANN2', 'relation types'],
    attribute: ['ANN3', 'attribute types'],
    relates: ['ANN5', 'relates'],
    plays: ['ANN6', 'plays'],
    owns: ['ANN7', 'owns'],
    sub: ['ANN9', 'sub'],
    value: ['ANN10', 'value types'],
  };
  const [code, what] = codes[target] ?? ['ANN1', target];
  return schemaError(
    op,
    [code, `Annotation '@${a.name}' is not supported for ${what}.`],
    op === 'undefine' ? ['UEX33', 'Illegal annotation'] : ['DEX24', 'Illegal annotation'],
  );
}

function checkCard(op: SchemaOperation, type: TypeDef, a: Ann): void {
  if (a.name === 'card' && a.max !== null && a.max < a.min) {
    throw schemaValidation(
      op,
      ['SVL30', `Invalid arguments for cardinality annotation '${annotationText(a)}'.`],
      ['DEX25', `Defining annotation failed for type '${type.label}'.`],
    );
  }
  if (a.name === 'regex') {
    try {
      new RegExp(a.pattern, 'u');
    } catch {
      throw schemaValidation(
        op,
        ['SVL31', `Invalid arguments for regex annotation '@regex("${a.pattern}")'.`],
        ['DEX25', `Defining annotation failed for type '${type.label}'.`],
      );
    }
  }
}

/** Adds `a` to `list` (same category: identical is a no-op, different is an error unless replacing). */
function mergeAnnotation(list: Ann[], a: Ann, replace: boolean, conflict: (existing: Ann) => TypeQLError): void {
  const i = list.findIndex((x) => x.name === a.name);
  if (i >= 0) {
    const existing = list[i] as Ann;
    if (annotationEquals(existing, a)) return;
    if (!replace) throw conflict(existing);
    list[i] = a;
    return;
  }
  // @key implies the cardinality and uniqueness; TypeDB rejects mixing them.
  const clash = list.find(
    (x) =>
      (a.name === 'key' && (x.name === 'unique' || x.name === 'card')) ||
      ((a.name === 'unique' || a.name === 'card') && x.name === 'key'),
  );
  if (clash && !replace) throw conflict(clash);
  if (clash && replace) list.splice(list.indexOf(clash), 1);
  list.push(a);
}

function defineTypeAnnotation(editor: Editor, type: TypeDef, a: Ann, replace = false): void {
  const { op } = editor;
  if (type.kind === 'attribute' && VALUE_ANNOTATIONS.has(a.name)) {
    checkCard(op, type, a);
    mergeAnnotation(type.valueAnnotations, a, replace, (existing) => typeAnnotationConflict(op, type, a, existing));
    return;
  }
  if (!KIND_ANNOTATIONS[type.kind].includes(a.name)) throw illegalAnnotation(op, type.kind, a);
  mergeAnnotation(type.annotations, a, replace, (existing) => typeAnnotationConflict(op, type, a, existing));
}

function typeAnnotationConflict(op: SchemaOperation, type: TypeDef, a: Ann, existing: Ann): TypeQLError {
  return schemaError(op, [
    'DEX15',
    `Defining annotation '${annotationText(a)}' for type '${type.label}' failed since a different '${type.label} ${annotationText(existing)}' is already defined. Try redefine instead?`,
  ]);
}

function capabilityAnnotations(
  op: SchemaOperation,
  type: TypeDef,
  target: 'owns' | 'plays' | 'relates',
  list: Ann[],
  annotations: Ann[],
  replace: boolean,
): void {
  for (const a of annotations) {
    if (!CAPABILITY_ANNOTATIONS[target].includes(a.name)) throw illegalAnnotation(op, target, a);
    checkCard(op, type, a);
    mergeAnnotation(list, a, replace, (existing) =>
      schemaError(op, [
        'DEX16',
        `Defining annotation '${annotationText(a)}' for a capability failed since a different annotation '${annotationText(existing)}' is already defined. Try redefine instead?`,
      ]),
    );
  }
}

function defineCapability(editor: Editor, type: TypeDef, c: Capability, replace = false): void {
  const { op } = editor;
  const annotations = c.annotations.map(stripAnnotation);
  switch (c.kind) {
    case 'sub': {
      const sup = editor.require(c.supertype);
      if (sup.kind !== type.kind) throw kindMismatch(op, type, sup);
      for (const a of annotations) throw illegalAnnotation(op, 'sub', a);
      if (type.supertype === sup.label) return;
      if (type.supertype && !replace) {
        throw schemaError(op, [
          'DEX13',
          `Defining 'sub ${sup.label}' for type '${type.label}' failed since a different '${type.label} sub ${type.supertype}' is already defined. Try redefine instead?`,
        ]);
      }
      // A cycle would make the type its own supertype.
      const view = editor.view();
      if (sup.label === type.label || view.isSubtypeOf(sup.label, type.label)) {
        throw schemaValidation(
          op,
          ['SVL8', `A cycle was found in the type hierarchy between '${type.label}' and '${sup.label}'.`],
          ['DEX10', 'Setting supertype failed.'],
        );
      }
      const inherited = view.valueType(sup.label);
      if (type.kind === 'attribute' && type.valueType && inherited && inherited !== type.valueType) {
        throw schemaValidation(
          op,
          [
            'SVL9',
            `Changing supertype of attribute type '${type.label}' will lead to conflicting value types between '${type.valueType}' and '${inherited}'.`,
          ],
          ['DEX10', 'Setting supertype failed.'],
        );
      }
      type.supertype = sup.label;
      return;
    }
    case 'value': {
      if (type.kind !== 'attribute') throw cannotHave(op, type, `value ${c.valueType}`);
      if (type.valueType && type.valueType !== c.valueType && !replace) {
        throw schemaError(op, [
          'DEX14',
          `Defining 'value ${c.valueType}' for type '${type.label}' failed since a different '${type.label} value ${type.valueType}' is already defined. Try redefine instead?`,
        ]);
      }
      const inherited = type.supertype ? editor.view().valueType(type.supertype) : undefined;
      if (inherited && inherited !== c.valueType) {
        throw schemaValidation(
          op,
          [
            'SVL38',
            `Value type '${c.valueType}' for '${type.label}' is not compatible with inherited value type '${inherited}' of '${type.supertype}'.`,
          ],
          ['DEX20', `Defining '${type.label}' to have value type '${c.valueType}' failed.`],
        );
      }
      type.valueType = c.valueType;
      for (const a of annotations) {
        if (!CAPABILITY_ANNOTATIONS.value.includes(a.name)) throw illegalAnnotation(op, 'value', a);
        defineTypeAnnotation(editor, type, a, replace);
      }
      return;
    }
    case 'relates': {
      if (type.kind !== 'relation') throw cannotHave(op, type, `relates ${c.role}`);
      let decl = type.relates.find((r) => r.role === c.role);
      if (decl) {
        if (c.specialises !== decl.specialises && !replace) {
          throw schemaError(op, [
            'DEX19',
            `Defining 'as ${c.specialises ?? ''}' for '${type.label} relates ${c.role}' failed since a different '${type.label} relates ${c.role} as ${decl.specialises ?? ''}' is already defined. Try redefine instead?`,
          ]);
        }
        decl.specialises = c.specialises;
      } else {
        decl = { role: c.role, specialises: c.specialises, annotations: [] };
        type.relates.push(decl);
      }
      if (c.specialises) {
        const sup = type.supertype ? editor.view().resolveRole(type.supertype, c.specialises) : undefined;
        if (!sup) {
          throw schemaValidation(
            op,
            [
              'SVL11',
              `Role type '${c.specialises}' must be inherited without specialization by supertypes to be specialized by relation type '${type.label}'.`,
            ],
            ['DEX26', `Defining specialise failed for type '${type.label}'.`],
          );
        }
      }
      capabilityAnnotations(op, type, 'relates', decl.annotations, annotations, replace);
      return;
    }
    case 'owns': {
      if (type.kind === 'attribute') throw cannotHave(op, type, `owns ${c.attribute}`);
      const attribute = editor.get(c.attribute);
      if (attribute?.kind !== 'attribute') throw attributeTypeNotFound(op, c.attribute);
      let decl = type.owns.find((o) => o.attribute === c.attribute);
      if (!decl) {
        decl = { attribute: c.attribute, annotations: [] };
        type.owns.push(decl);
      }
      capabilityAnnotations(op, type, 'owns', decl.annotations, annotations, replace);
      return;
    }
    case 'plays': {
      if (type.kind === 'attribute') throw cannotHave(op, type, `plays ${c.role.scope}:${c.role.name}`);
      const scoped = editor.get(c.role.scope) ? editor.view().resolveRole(c.role.scope, c.role.name) : undefined;
      if (!scoped) throw roleNotFoundInDefinition(op, `${c.role.scope}:${c.role.name}`);
      let decl = type.plays.find((p) => p.role === scoped);
      if (!decl) {
        decl = { role: scoped, annotations: [] };
        type.plays.push(decl);
      }
      capabilityAnnotations(op, type, 'plays', decl.annotations, annotations, replace);
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// redefine: like define, but replacing what differs
// ---------------------------------------------------------------------------------------------

function redefine(editor: Editor, defs: TypeDefinition[], graph: Graph): void {
  for (const d of defs) {
    const type = editor.require(d.label);
    if (d.typeKind && d.typeKind !== type.kind) {
      throw schemaValidation(
        'redefine',
        ['SVL2', `Label '${d.label}' should be unique, but is already used by '${type.kind}'.`],
        ['DEX5', 'Failed to create type.'],
      );
    }
    for (const c of d.capabilities) {
      if (c.kind === 'value' && type.valueType && type.valueType !== c.valueType && hasInstances(type, graph)) {
        throw schemaValidation(
          'redefine',
          ['SVL50', `Cannot change value type of '${type.label}' with existing instances`],
          ['DEX20', `Defining '${type.label}' to have value type '${c.valueType}' failed.`],
        );
      }
      defineCapability(editor, type, c, true);
    }
    for (const a of d.annotations) defineTypeAnnotation(editor, type, stripAnnotation(a), true);
  }
}

// ---------------------------------------------------------------------------------------------
// undefine
// ---------------------------------------------------------------------------------------------

function hasInstances(type: TypeDef, graph: Graph): boolean {
  for (const _ of graph.instancesOf(type.label)) return true;
  return false;
}

function inUseError(level: Level, step: Level): TypeQLError {
  return schemaValidation('undefine', level, step);
}

function undefine(editor: Editor, d: Undefinition, graph: Graph): void {
  const { data } = editor;
  const view = editor.view();
  switch (d.kind) {
    case 'undefine-type': {
      const type = editor.require(d.label);
      const step: Level = ['UEX7', `Error removing type '${type.label}'.`];
      if (data.types.some((t) => t.supertype === type.label)) {
        throw inUseError(['SVL10', `Cannot delete type '${type.label}' as it has existing subtypes.`], step);
      }
      if (hasInstances(type, graph)) {
        throw inUseError(['SVL46', `Cannot delete type '${type.label}' as it has existing instances.`], step);
      }
      data.types = data.types.filter((t) => t !== type);
      // Capabilities that pointed at the removed type go with it.
      for (const t of data.types) {
        t.owns = t.owns.filter((o) => o.attribute !== type.label);
        t.plays = t.plays.filter((p) => splitRole(p.role)[0] !== type.label);
      }
      return;
    }
    case 'undefine-capability': {
      const type = editor.require(d.from);
      undefineCapability(editor, view, type, d.capability, graph);
      return;
    }
    case 'undefine-annotation': {
      const type = editor.require(d.from);
      const c = d.capability;
      if (!c) {
        const lists = [type.annotations, type.valueAnnotations];
        const list = lists.find((l) => l.some((a) => a.name === d.annotation));
        if (!list) {
          throw schemaError('undefine', [
            'UEX31',
            `Undefining annotation '@${d.annotation}' for type '${type.label}' failed since there is no defined '${type.label} @${d.annotation}'.`,
          ]);
        }
        list.splice(
          list.findIndex((a) => a.name === d.annotation),
          1,
        );
        return;
      }
      let list: Ann[] | undefined;
      if (c.kind === 'owns') {
        if (view.get(c.attribute)?.kind !== 'attribute') throw attributeTypeNotFound('undefine', c.attribute);
        list = type.owns.find((o) => o.attribute === c.attribute)?.annotations;
        if (!list) {
          throw symbolNotFound('undefine', [
            'SYR11',
            `The type '${type.label}' does not own attribute type '${c.attribute}'.`,
          ]);
        }
      } else if (c.kind === 'relates') {
        list = type.relates.find((r) => r.role === c.role)?.annotations;
        if (!list) {
          throw symbolNotFound('undefine', [
            'SYR10',
            `The relation type '${type.label}' does not relate role '${c.role}'`,
          ]);
        }
      } else if (c.kind === 'plays') {
        const scoped = view.get(c.role.scope) ? view.resolveRole(c.role.scope, c.role.name) : undefined;
        if (!scoped) throw roleNotFoundInDefinition('undefine', `${c.role.scope}:${c.role.name}`);
        list = type.plays.find((p) => p.role === scoped)?.annotations;
        if (!list) {
          throw symbolNotFound('undefine', ['SYR12', `The type '${type.label}' does not play the role '${scoped}'.`]);
        }
      } else if (c.kind === 'value') list = type.valueAnnotations;
      const i = list?.findIndex((a) => a.name === d.annotation) ?? -1;
      if (!list || i < 0) {
        throw schemaError('undefine', [
          'UEX32',
          `Undefining annotation '@${d.annotation}' for a capability failed since there is no defined annotation of this category.`,
        ]);
      }
      list.splice(i, 1);
      return;
    }
  }
}

function undefineCapability(editor: Editor, view: Schema, type: TypeDef, c: Capability, graph: Graph): void {
  const instancesOfType = () => view.subtypes(type.label).flatMap((t) => [...graph.instancesOf(t)]);
  switch (c.kind) {
    case 'sub': {
      if (type.supertype !== c.supertype) {
        throw schemaError(
          'undefine',
          type.supertype
            ? [
                'UEX19',
                `Undefining 'sub ${c.supertype}' for type '${type.label}' failed since there is no defined '${type.label} sub ${c.supertype}', while ${type.label}'s defined 'sub' is '${type.supertype}'.`,
              ]
            : [
                'UEX18',
                `Undefining 'sub ${c.supertype}' for type '${type.label}' failed since there is no defined '${type.label} sub ${c.supertype}'.`,
              ],
        );
      }
      type.supertype = undefined;
      return;
    }
    case 'owns': {
      if (view.get(c.attribute)?.kind !== 'attribute') throw attributeTypeNotFound('undefine', c.attribute);
      const i = type.owns.findIndex((o) => o.attribute === c.attribute);
      if (i < 0) {
        throw schemaError('undefine', [
          'UEX20',
          `Undefining 'owns ${c.attribute}' for type '${type.label}' failed since there is no defined '${type.label} owns ${c.attribute}'.`,
        ]);
      }
      const attributes = new Set(view.subtypes(c.attribute));
      for (const owner of instancesOfType()) {
        for (const a of graph.attributesOf(owner)) {
          const thing = graph.thing(a);
          if (thing && attributes.has(thing.type)) {
            throw inUseError(
              [
                'SVL51',
                `Cannot unset 'owns ${c.attribute}' of '${type.label}' when it has existing matching instances.`,
              ],
              ['UEX10', 'Undefining owns failed.'],
            );
          }
        }
      }
      type.owns.splice(i, 1);
      return;
    }
    case 'plays': {
      const scoped = view.get(c.role.scope) ? view.resolveRole(c.role.scope, c.role.name) : undefined;
      if (!scoped) throw roleNotFoundInDefinition('undefine', `${c.role.scope}:${c.role.name}`);
      const i = type.plays.findIndex((p) => p.role === scoped);
      if (i < 0) {
        throw schemaError('undefine', [
          'UEX26',
          `Undefining 'plays ${c.role.scope}:${c.role.name}' for type '${type.label}' failed since there is no defined '${type.label} plays ${c.role.scope}:${c.role.name}'.`,
        ]);
      }
      for (const player of instancesOfType()) {
        for (const { role } of graph.playing(player)) {
          if (role === scoped) {
            throw inUseError(
              ['SVL51', `Cannot unset 'plays ${scoped}' of '${type.label}' when it has existing matching instances.`],
              ['UEX12', 'Undefining plays failed.'],
            );
          }
        }
      }
      type.plays.splice(i, 1);
      return;
    }
    case 'relates': {
      const i = type.relates.findIndex((r) => r.role === c.role);
      if (i < 0) {
        throw schemaError('undefine', [
          'UEX23',
          `Undefining 'relates ${c.role}' for type '${type.label}' failed since there is no defined '${type.label} relates ${c.role}'.`,
        ]);
      }
      const scoped = `${type.label}:${c.role}`;
      for (const relation of instancesOfType()) {
        for (const edge of graph.players(relation)) {
          if (edge.role === scoped) {
            throw inUseError(
              ['SVL51', `Cannot unset 'relates ${scoped}' of '${type.label}' when it has existing matching instances.`],
              ['UEX11', 'Undefining relates (role type) failed.'],
            );
          }
        }
      }
      type.relates.splice(i, 1);
      for (const t of editor.data.types) t.plays = t.plays.filter((p) => p.role !== scoped);
      return;
    }
    case 'value': {
      if (type.valueType !== c.valueType) {
        throw schemaError(
          'undefine',
          type.valueType
            ? [
                'UEX28',
                `Undefining 'value ${c.valueType}' for type '${type.label}' failed since there is no defined '${type.label} value ${c.valueType}', while ${type.label}'s defined 'value' is '${type.valueType}'.`,
              ]
            : [
                'UEX27',
                `Undefining 'value ${c.valueType}' for type '${type.label}' failed since there is no defined '${type.label} value ${c.valueType}'.`,
              ],
        );
      }
      if (instancesOfType().length > 0) {
        throw inUseError(
          ['SVL49', `Cannot unset value type for '${type.label}' as it has existing instances.`],
          ['UEX13', `Undefining '${type.label}' to have value type '${c.valueType}' failed.`],
        );
      }
      type.valueType = undefined;
      return;
    }
  }
}
