export const DOCUMENTED_EXIT_CODES: readonly number[];
export const SECRET: string;
export function failureOf(outcome: { code: number; stdout: string; stderr: string }): string | null;
