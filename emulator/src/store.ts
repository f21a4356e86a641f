import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Who owns a row: a connected account's id, or null for the platform's own objects. */
export type Owner = string | null;

interface Row {
  owner: Owner;
  seq: number;
  value: unknown;
}

interface Snapshot {
  version: 1;
  seq: number;
  clockOffset: number;
  tables: Record<string, Record<string, Row>>;
}

/**
 * The one state store: named tables of JSON values keyed by id, each row owned by the platform
 * or one connected account. Scoped reads (`get`, `list`) hide other owners' rows, which is what
 * makes another account's object a 404. With a data dir the whole state is written to
 * `state.json` (atomically, debounced) after every change and read back at start.
 */
export class Store {
  private tables: Record<string, Record<string, Row>> = {};
  private seq = 0;
  private saveTimer?: NodeJS.Timeout;
  clockOffset = 0;

  constructor(private readonly dataDir?: string) {
    if (dataDir && existsSync(this.file())) {
      const snapshot = JSON.parse(readFileSync(this.file(), 'utf8')) as Snapshot;
      this.tables = snapshot.tables;
      this.seq = snapshot.seq;
      this.clockOffset = snapshot.clockOffset;
    }
  }

  private file(): string {
    return join(this.dataDir!, 'state.json');
  }

  private table(name: string): Record<string, Row> {
    return (this.tables[name] ??= {});
  }

  insert<T>(table: string, owner: Owner, id: string, value: T): T {
    this.table(table)[id] = { owner, seq: ++this.seq, value };
    this.changed();
    return value;
  }

  /** Marks a row as changed after its value was mutated in place. */
  touch(): void {
    this.changed();
  }

  /** The row if `owner` may see it. */
  get<T>(table: string, owner: Owner, id: string): T | undefined {
    const row = this.table(table)[id];
    return row && row.owner === owner ? (row.value as T) : undefined;
  }

  /** Any owner's row (hosted pages and the control API act for everyone). */
  find<T>(table: string, id: string): { owner: Owner; value: T } | undefined {
    const row = this.table(table)[id];
    return row ? { owner: row.owner, value: row.value as T } : undefined;
  }

  /** Rows of one owner (or every owner with `owner: undefined`), newest first as Stripe lists. */
  list<T>(table: string, owner: Owner | undefined): T[] {
    return Object.values(this.table(table))
      .filter((row) => owner === undefined || row.owner === owner)
      .sort((a, b) => b.seq - a.seq)
      .map((row) => row.value as T);
  }

  /** Rows with their owners, newest first. */
  entries<T>(table: string): Array<{ owner: Owner; value: T }> {
    return Object.values(this.table(table))
      .sort((a, b) => b.seq - a.seq)
      .map((row) => ({ owner: row.owner, value: row.value as T }));
  }

  delete(table: string, id: string): void {
    delete this.table(table)[id];
    this.changed();
  }

  private changed(): void {
    if (!this.dataDir || this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.flush(), 100);
    this.saveTimer.unref();
  }

  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.dataDir) return;
    mkdirSync(this.dataDir, { recursive: true });
    const snapshot: Snapshot = {
      version: 1,
      seq: this.seq,
      clockOffset: this.clockOffset,
      tables: this.tables,
    };
    const tmp = `${this.file()}.tmp`;
    writeFileSync(tmp, JSON.stringify(snapshot));
    renameSync(tmp, this.file());
  }
}
