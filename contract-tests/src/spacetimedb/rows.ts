import { stringifyJson } from '@dbwire/json';
import {
  type AlgebraicValue,
  type BsatnRowList,
  decodeProduct,
  decodeRowList,
  encodeProduct,
  fromJson,
  type ProductType,
  type ProductValue,
  type RawModuleDefV9,
  resolveType,
  toUntypedJson,
} from '@dbwire/spacetimedb-sats';
import { type TestModuleName, testModuleDef } from '@dbwire/test-modules/spacetimedb';

/**
 * The row and argument types of a test module, from its definition (the module the suites
 * publish), so the suites read rows and write reducer arguments in BSATN and in SATS-JSON with the
 * sats codecs, and compare rows from either protocol in one form (positional values).
 */

export class ModuleTypes {
  private constructor(private readonly def: RawModuleDefV9) {}

  static of(module: TestModuleName): ModuleTypes {
    return new ModuleTypes(testModuleDef(module));
  }

  /** The product type of `table`'s rows. */
  rowType(table: string): ProductType {
    const found = this.def.tables.find((candidate) => candidate.name === table);
    if (!found) throw new Error(`the module has no table ${table}`);
    const type = resolveType({ Ref: found.product_type_ref }, this.def.typespace);
    if (!('Product' in type)) throw new Error(`table ${table}'s row type is not a product`);
    return type.Product;
  }

  /** The parameters of `reducer`. */
  params(reducer: string): ProductType {
    const found = this.def.reducers.find((candidate) => candidate.name === reducer);
    if (!found) throw new Error(`the module has no reducer ${reducer}`);
    return found.params;
  }

  /** The BSATN of `reducer`'s arguments. */
  argsBsatn(reducer: string, args: AlgebraicValue[]): Uint8Array {
    return encodeProduct(this.params(reducer), args, this.def.typespace);
  }

  /** `reducer`'s arguments as a SATS-JSON array (v1 JSON's `args`). */
  argsJson(reducer: string, args: AlgebraicValue[]): string {
    const params = this.params(reducer);
    return stringifyJson(
      params.elements.map((element, index) =>
        toUntypedJson(element.algebraic_type, args[index] as AlgebraicValue, this.def.typespace),
      ),
    );
  }

  /** The rows of a packed BSATN row list of `table`. */
  unpack(table: string, list: BsatnRowList): ProductValue[] {
    const type = this.rowType(table);
    return decodeRowList(list).map((bytes) => decodeProduct(type, bytes, this.def.typespace));
  }

  /** A row of `table` from its SATS-JSON text (v1 JSON's rows). */
  rowFromJson(table: string, text: string | unknown): ProductValue {
    const json = typeof text === 'string' ? JSON.parse(text) : text;
    return fromJson({ Product: this.rowType(table) }, json, this.def.typespace) as ProductValue;
  }

  /** A row as comparable text (untyped SATS-JSON, integers exact). */
  rowKey(table: string, row: ProductValue): string {
    return stringifyJson(toUntypedJson({ Product: this.rowType(table) }, row, this.def.typespace));
  }
}
