import { asc, count, eq, max, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { members } from '../db/schema.js';
import type { Member } from './member.js';

// 7 parameters per row; PostgreSQL allows 65535 per statement.
const CHUNK = 1000;

export interface MembersRepository {
  /**
   * Replaces the whole registry with `list` in one transaction (a failed import leaves the old one).
   * A number listed twice keeps its last entry. Resolves to the number of members stored.
   */
  replaceAll(list: readonly Member[]): Promise<number>;
  /** Inserts new members and updates existing ones by insurance number (last entry wins). */
  upsertMany(list: readonly Member[]): Promise<number>;
  /** All members, ordered by insurance number. */
  list(): Promise<Member[]>;
  count(): Promise<number>;
  /** Changes whenever the registry does (count and newest import time): lets workers reload only then. */
  version(): Promise<string>;
  findByInsuranceNumber(insuranceNumber: string): Promise<Member | null>;
}

export function createMembersRepository(db: Db): MembersRepository {
  return {
    async replaceAll(list) {
      const rows = distinctRows(list);
      await db.transaction(async (tx) => {
        await tx.delete(members);
        for (const chunk of chunks(rows)) await tx.insert(members).values(chunk);
      });
      return rows.length;
    },

    async upsertMany(list) {
      // One statement must not touch a row twice (ON CONFLICT DO UPDATE refuses), so duplicates go first.
      const rows = distinctRows(list);
      await db.transaction(async (tx) => {
        for (const chunk of chunks(rows)) {
          await tx
            .insert(members)
            .values(chunk)
            .onConflictDoUpdate({
              target: members.insuranceNumber,
              set: {
                firstName: sql`excluded.first_name`,
                lastName: sql`excluded.last_name`,
                street: sql`excluded.street`,
                postalCode: sql`excluded.postal_code`,
                city: sql`excluded.city`,
                portalAccount: sql`excluded.portal_account`,
                importedAt: sql`now()`,
              },
            });
        }
      });
      return rows.length;
    },

    async list() {
      const rows = await db.select().from(members).orderBy(asc(members.insuranceNumber));
      return rows.map(toMember);
    },

    async count() {
      const [row] = await db.select({ n: count() }).from(members);
      return row?.n ?? 0;
    },

    async version() {
      const [row] = await db.select({ n: count(), newest: max(members.importedAt) }).from(members);
      return `${row?.n ?? 0}:${row?.newest?.toISOString() ?? ''}`;
    },

    async findByInsuranceNumber(insuranceNumber) {
      const normalised = insuranceNumber.replace(/\s+/g, '').toUpperCase();
      const [row] = await db.select().from(members).where(eq(members.insuranceNumber, normalised)).limit(1);
      return row ? toMember(row) : null;
    },
  };
}

function distinctRows(list: readonly Member[]): Array<typeof members.$inferInsert> {
  const byNumber = new Map<string, typeof members.$inferInsert>();
  for (const m of list) byNumber.set(m.insuranceNumber, toRow(m));
  return [...byNumber.values()];
}

function* chunks<T>(list: readonly T[]): Generator<T[]> {
  for (let i = 0; i < list.length; i += CHUNK) yield list.slice(i, i + CHUNK);
}

function toRow(m: Member): typeof members.$inferInsert {
  return {
    insuranceNumber: m.insuranceNumber,
    firstName: m.firstName,
    lastName: m.lastName,
    street: m.street,
    postalCode: m.postalCode,
    city: m.city,
    portalAccount: m.portalAccount,
  };
}

function toMember(row: typeof members.$inferSelect): Member {
  return {
    insuranceNumber: row.insuranceNumber,
    firstName: row.firstName,
    lastName: row.lastName,
    street: row.street,
    postalCode: row.postalCode,
    city: row.city,
    portalAccount: row.portalAccount,
  };
}
