/**
 * The `/schema` and `/type-schema` text, as TypeDB's type manager formats it: `define`, then each
 * attribute, entity and relation type (in type-id order) as "\n<kind> <label> <annotations>", its
 * declared supertype, capabilities (relates, owns, plays; each sorted by label) and `;`. The
 * attribute value type line is indented by one space (TypeDB's own quirk). Trimmed at the end.
 */
import { type Ann, type LiteralData, type Schema, splitRole, type TypeDef } from './schema.js';
import { displayValue, literalValue } from './values.js';

/** TypeDB's annotation category order, which it sorts annotations by. */
const CATEGORY_ORDER = [
  'abstract',
  'distinct',
  'independent',
  'unique',
  'key',
  'card',
  'regex',
  'cascade',
  'range',
  'values',
];

function literalText(l: LiteralData): string {
  try {
    return displayValue(literalValue({ ...l, span: { line: 0, column: 0 } }));
  } catch {
    return l.text;
  }
}

export function formatAnnotation(a: Ann): string {
  switch (a.name) {
    case 'card':
      return a.max === null ? `@card(${a.min}..)` : `@card(${a.min}..${a.max})`;
    case 'regex':
      return `@regex("${a.pattern.replace(/"/g, '\\"')}")`;
    case 'range': {
      const min = a.min ? literalText(a.min) : '';
      const max = a.max ? literalText(a.max) : '';
      return `@range(${min}..${max})`;
    }
    case 'values':
      return `@values(${a.values.map(literalText).join(', ')})`;
    default:
      return `@${a.name}`;
  }
}

function annotations(list: Ann[]): string {
  return [...list]
    .sort((a, b) => CATEGORY_ORDER.indexOf(a.name) - CATEGORY_ORDER.indexOf(b.name))
    .map((a) => ` ${formatAnnotation(a)}`)
    .join('');
}

const byLabel = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Role labels sort by name, then scope (TypeDB's `Label` ordering). */
function byRole(a: string, b: string): number {
  const [sa, na] = splitRole(a);
  const [sb, nb] = splitRole(b);
  return byLabel(na, nb) || byLabel(sa, sb);
}

function formatType(t: TypeDef): string {
  let out = `\n${t.kind} ${t.label}${annotations(t.annotations)}`;
  if (t.supertype) out += `,\n  sub ${t.supertype}`;
  if (t.kind === 'attribute') {
    if (t.valueType) out += `,\n value ${t.valueType}${annotations(t.valueAnnotations)}`;
  } else {
    for (const r of [...t.relates].sort((a, b) => byLabel(a.role, b.role)))
      out += `,\n  relates ${r.role}${r.specialises ? ` as ${r.specialises}` : ''}${annotations(r.annotations)}`;
    for (const o of [...t.owns].sort((a, b) => byLabel(a.attribute, b.attribute)))
      out += `,\n  owns ${o.attribute}${annotations(o.annotations)}`;
    for (const p of [...t.plays].sort((a, b) => byRole(a.role, b.role)))
      out += `,\n  plays ${p.role}${annotations(p.annotations)}`;
  }
  return `${out};`;
}

/** Types then functions (the engine has no functions, so both texts are the same). */
export function formatSchema(schema: Schema): string {
  const types = [...schema.types('attribute'), ...schema.types('entity'), ...schema.types('relation')];
  return `define\n${types.map(formatType).join('')}\n`.trim();
}
