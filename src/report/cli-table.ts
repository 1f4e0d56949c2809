// cli-table3, loaded on first use: JSON, SARIF and `ls` never need it, and every command pays
// for what it loads at start-up (measured in test/bench).
import { createRequire } from 'node:module';
import type TableType from 'cli-table3';

const require = createRequire(import.meta.url);
let Table: typeof TableType | null = null;

export type CliTable = TableType.Table;
export type CliTableOptions = TableType.TableConstructorOptions;

export function newTable(options: CliTableOptions): CliTable {
  Table ??= require('cli-table3') as typeof TableType;
  return new Table(options);
}
