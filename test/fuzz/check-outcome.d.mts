export const DOCUMENTED_EXIT_CODES: readonly number[];
export const SECRET: string;
export function failureOf(outcome: { argv: readonly string[]; code: number; stdout: string; stderr: string }): string | null;
