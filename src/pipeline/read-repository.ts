import { eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { auditEvents, intakeItems, itemReads } from '../db/schema.js';
import type { Tx } from '../intake/intake-repository.js';
import type { ReadOutput } from './stages.js';

export interface StoredReadRow {
  intakeId: string;
  run: number;
  read: ReadOutput;
}

/** Where the read stage leaves its output for the decide stage. */
export interface ReadRepository {
  /**
   * Keeps the read output (replacing an earlier one of the item) with an `item.read` audit event;
   * `withholdRaw` drops the raw bytes in the same transaction (they disclosed an authentication code).
   */
  saveRead(row: StoredReadRow, options: { actor: string; withholdRaw: string | null }): Promise<void>;
  loadRead(intakeId: string): Promise<StoredReadRow | null>;
  /** Deletes the read output inside the transaction that stores the item's result. */
  clearRead(tx: Tx, intakeId: string): Promise<void>;
}

export function createReadRepository(db: Db): ReadRepository {
  return {
    async saveRead(row, { actor, withholdRaw }) {
      await db.transaction(async (tx) => {
        await tx
          .insert(itemReads)
          .values({ intakeId: row.intakeId, run: row.run, read: row.read })
          .onConflictDoUpdate({ target: itemReads.intakeId, set: { run: row.run, read: row.read, createdAt: new Date() } });
        if (withholdRaw) {
          await tx.update(intakeItems).set({ raw: null, rawWithheldReason: withholdRaw }).where(eq(intakeItems.id, row.intakeId));
        }
        // Counts and codes only: the read output itself is personal data.
        await tx.insert(auditEvents).values({
          actor,
          action: 'item.read',
          intakeId: row.intakeId,
          details: { run: row.run, channel: row.read.channel, texts: row.read.texts.length, rawWithheld: withholdRaw !== null },
        });
      });
    },

    async loadRead(intakeId) {
      const [row] = await db.select().from(itemReads).where(eq(itemReads.intakeId, intakeId)).limit(1);
      return row ? { intakeId: row.intakeId, run: row.run, read: row.read } : null;
    },

    async clearRead(tx, intakeId) {
      await tx.delete(itemReads).where(eq(itemReads.intakeId, intakeId));
    },
  };
}
