import { fail } from './failure.js';

/**
 * Fungible quantities are decimal strings (`"20.5"`); what a container stores is the quantity times
 * its `quantization_inv`, which must be a positive integer. BigInt keeps it exact at any size the
 * spec allows (40 digits times 10^9).
 */
export function scaledAmount(quantity: string, quantizationInv: number, where: string): bigint {
  const [whole = '0', fraction = ''] = quantity.split('.');
  const digits = BigInt(whole + fraction);
  const divisor = 10n ** BigInt(fraction.length);
  const scaled = digits * BigInt(quantizationInv);
  if (digits === 0n) throw fail('QUANTITY_NOT_REPRESENTABLE', 'The quantity must be greater than zero.');
  if (scaled % divisor !== 0n) {
    throw fail(
      'QUANTITY_NOT_REPRESENTABLE',
      `${quantity} is not a whole number of units in ${where} (quantization_inv ${quantizationInv}).`,
    );
  }
  return scaled / divisor;
}

/** A scaled amount as the decimal quantity it stands for (for messages). */
export function formatAmount(amount: bigint, quantizationInv: number): string {
  const inv = BigInt(quantizationInv);
  const whole = amount / inv;
  const rest = amount % inv;
  if (rest === 0n) return String(whole);
  const width = String(quantizationInv).length - 1;
  return `${whole}.${String(rest).padStart(width, '0').replace(/0+$/, '')}`;
}
