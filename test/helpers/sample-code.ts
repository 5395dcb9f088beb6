/**
 * Small functions with known defects, shared by the end-to-end tests: an undefined access
 * (`return user.name;`), a loop that skips the last item and, in the longer one, a division by zero.
 * Their assertions name these lines, so the text must not change.
 */
export const NAME_AND_TOTAL = [
  'export function getName(users: Map<string, { name: string }>, id: string): string {',
  '  const user = users.get(id);',
  '  return user.name;',
  '}',
  '',
  'export function total(items: number[]): number {',
  '  let sum = 0;',
  '  for (let i = 0; i < items.length - 1; i++) sum += items[i];',
  '  return sum;',
  '}',
] as const;

export const NAME_TOTAL_AND_RATIO = [...NAME_AND_TOTAL, '', 'export function ratio(a: number, b: number): number {', '  return a / b;', '}'] as const;
