import { and, desc, eq, getTableColumns, gte, like, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Channel, Flag } from '../contract/triage-result.js';
import type { Db } from '../db/database.js';
import { auditEvents, intakeItems, members, results, reviewState } from '../db/schema.js';
import { resultRow, type AuditEvent } from '../intake/intake-repository.js';
import type { Member } from '../members/member.js';
import { createRegistry, type Registry } from '../members/registry.js';
import type { TriageRecord } from '../pipeline/triage-record.js';
import { EMPTY_REVIEW, type ReviewState } from './review-model.js';

export interface BasketFilter {
  flag?: Flag;
  channel?: Channel;
  /** Only items received at least this many hours ago. */
  minAgeHours?: number;
  /** `null`: unassigned items only; a name: that user's items. */
  assignee?: string | null;
  limit: number;
  offset: number;
}

export interface BasketEntry {
  intakeId: string;
  channel: Channel | null;
  receivedAt: Date;
  flags: Flag[];
  status: 'processed' | 'failed';
  needsReview: boolean;
  assignee: string | null;
}

export interface Basket {
  items: BasketEntry[];
  /** Items matching the filter (all pages). */
  total: number;
  /** Open items per flag, over the whole basket (filters aside). */
  countsByFlag: Record<string, number>;
}

export interface StoredItem {
  intakeId: string;
  source: string;
  channel: Channel | null;
  receivedAt: Date;
  /** Null when withheld (see `rawWithheldReason`) or not asked for. */
  raw: Buffer | null;
  rawWithheldReason: string | null;
  latest: { resultId: string; createdAt: Date; record: TriageRecord } | null;
  review: ReviewState;
}

export type ClaimOutcome = { outcome: 'claimed'; assignee: string } | { outcome: 'held'; assignee: string } | { outcome: 'closed' };

/** Why an action on an item was not applied. */
export type Refused =
  | { outcome: 'not-claimed' }
  | { outcome: 'held'; assignee: string }
  | { outcome: 'closed' }
  /** A newer result was stored since the one the change was computed from: compute again. */
  | { outcome: 'stale' };

export interface ReviewChange {
  intakeId: string;
  /** Who acts: must hold the claim on the item. */
  username: string;
  /** The result the new record was computed from; checked to still be the newest. */
  basedOnResultId?: string;
  /** A new result to store (after a correction or a decision that feeds the rules). */
  record?: TriageRecord;
  patch: Partial<Pick<ReviewState, 'memberMatch' | 'signature' | 'powerOfAttorneyChecked' | 'replyChannel' | 'closedAt' | 'closedBy'>>;
  /** The audit event, written in the same transaction; the new result's id is added to its details. */
  audit: { action: string; details: Record<string, unknown> };
}

export interface AuditFilter {
  actor?: string;
  intakeId?: string;
  /** An action, or a prefix ending in `.*` (`review.*`). */
  action?: string;
  from?: Date;
  to?: Date;
  /** Only events with a smaller id (the next page). */
  before?: number;
  limit: number;
}

export interface NewAuditEvent {
  actor: string;
  action: string;
  intakeId: string | null;
  details: Record<string, unknown>;
}

export interface ReviewRepository {
  basket(filter: BasketFilter): Promise<Basket>;
  /** The item, its newest result and its review state; null when there is no such item. */
  item(intakeId: string, options: { withRaw: boolean }): Promise<StoredItem | null>;
  registeredMember(insuranceNumber: string): Promise<Member | null>;
  /**
   * The part of the stored registry the rules can look at for these fields (the member with this
   * number, the members at this postal code), or null when no registry is stored.
   */
  registryFor(lookup: { insuranceNumber: string | null; postalCode: string | null }): Promise<Registry | null>;

  /** Claims an open item for `username` in one statement: refused while someone else holds it. */
  claim(intakeId: string, username: string): Promise<ClaimOutcome>;
  /** Lets go of the claim; `anyone` lets a supervisor release someone else's. */
  release(intakeId: string, username: string, options: { anyone: boolean }): Promise<{ outcome: 'released'; previous: string | null } | Refused>;
  /** Gives the item to `assignee` whoever held it (supervisors). */
  assign(intakeId: string, assignee: string, actor: string): Promise<{ outcome: 'assigned'; previous: string | null } | { outcome: 'closed' }>;
  /** Applies a case worker's change in one transaction, if they hold the claim on the open item. */
  applyChange(change: ReviewChange): Promise<{ outcome: 'applied'; resultId: string | null } | Refused>;

  recordEvent(event: NewAuditEvent): Promise<void>;
  searchAudit(filter: AuditFilter): Promise<AuditEvent[]>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rows of a raw statement, whichever driver ran it. */
function rowsOf<T>(outcome: unknown): T[] {
  return (outcome as { rows: T[] }).rows;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

function reviewOf(row: typeof reviewState.$inferSelect | undefined): ReviewState {
  if (!row) return { ...EMPTY_REVIEW };
  return {
    assignee: row.assignee,
    claimedAt: row.claimedAt,
    memberMatch: row.memberMatch,
    signature: row.signature,
    powerOfAttorneyChecked: row.powerOfAttorneyChecked,
    replyChannel: row.replyChannel,
    closedAt: row.closedAt,
    closedBy: row.closedBy,
  };
}

function toMember(row: typeof members.$inferSelect): Member {
  const { importedAt: _importedAt, ...member } = row;
  return member;
}

async function insertResult(tx: Tx, intakeId: string, record: TriageRecord): Promise<string> {
  // A case worker's result belongs to no queue run.
  const [row] = await tx.insert(results).values(resultRow(intakeId, record, null)).returning({ id: results.id });
  return row!.id;
}

export function createReviewRepository(db: Db): ReviewRepository {
  /** The open basket: the newest result per item, still open, needing review or held by someone. */
  const basketRows = sql`
    with latest as (
      select distinct on (r.intake_id) r.intake_id, r.status, r.flags, r.needs_review, r.channel
      from results r
      order by r.intake_id, r.created_at desc, r.id desc
    )
    select l.intake_id::text as intake_id, coalesce(l.channel, i.channel) as channel, i.received_at, l.flags, l.status,
           l.needs_review, s.assignee
    from latest l
    join intake_items i on i.id = l.intake_id
    left join review_state s on s.intake_id = l.intake_id
    where s.closed_at is null and (l.needs_review or s.assignee is not null)`;

  return {
    async basket(filter) {
      const conditions: SQL[] = [];
      if (filter.flag) conditions.push(sql`${filter.flag} = any(b.flags)`);
      if (filter.channel) conditions.push(sql`b.channel = ${filter.channel}`);
      if (filter.minAgeHours !== undefined) conditions.push(sql`b.received_at <= now() - (${filter.minAgeHours}::double precision * interval '1 hour')`);
      if (filter.assignee === null) conditions.push(sql`b.assignee is null`);
      else if (filter.assignee !== undefined) conditions.push(sql`b.assignee = ${filter.assignee}`);
      const where = conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
      type Row = { intake_id: string; channel: Channel | null; received_at: Date | string; flags: Flag[]; status: 'processed' | 'failed'; needs_review: boolean; assignee: string | null; total: number | string };
      const rows = rowsOf<Row>(
        await db.execute(sql`
          select b.*, count(*) over () as total from (${basketRows}) b ${where}
          order by b.received_at asc, b.intake_id asc
          limit ${filter.limit} offset ${filter.offset}`),
      );
      let total = rows.length ? Number(rows[0]!.total) : 0;
      if (rows.length === 0 && filter.offset > 0) {
        const [count] = rowsOf<{ n: number | string }>(await db.execute(sql`select count(*) as n from (${basketRows}) b ${where}`));
        total = Number(count?.n ?? 0);
      }
      const counts = rowsOf<{ flag: string; n: number | string }>(
        await db.execute(sql`select f as flag, count(*) as n from (${basketRows}) b, unnest(b.flags) f group by f order by f`),
      );
      return {
        items: rows.map((r) => ({
          intakeId: r.intake_id,
          channel: r.channel,
          receivedAt: new Date(r.received_at),
          flags: r.flags,
          status: r.status,
          needsReview: r.needs_review,
          assignee: r.assignee,
        })),
        total,
        countsByFlag: Object.fromEntries(counts.map((c) => [c.flag, Number(c.n)])),
      };
    },

    async item(intakeId, { withRaw }) {
      if (!UUID.test(intakeId)) return null;
      const { raw, ...columns } = getTableColumns(intakeItems);
      const [item] = await db
        .select({ ...columns, ...(withRaw ? { raw } : {}) })
        .from(intakeItems)
        .where(eq(intakeItems.id, intakeId))
        .limit(1);
      if (!item) return null;
      const [latest] = await db.select().from(results).where(eq(results.intakeId, intakeId)).orderBy(desc(results.createdAt), desc(results.id)).limit(1);
      const [state] = await db.select().from(reviewState).where(eq(reviewState.intakeId, intakeId)).limit(1);
      return {
        intakeId: item.id,
        source: item.source,
        channel: item.channel,
        receivedAt: item.receivedAt,
        raw: 'raw' in item ? ((item.raw as Buffer | null) ?? null) : null,
        rawWithheldReason: item.rawWithheldReason,
        latest: latest
          ? {
              resultId: latest.id,
              createdAt: latest.createdAt,
              record: { result: latest.result, fields: latest.fields, facts: latest.facts, reasons: latest.reasons, texts: latest.texts },
            }
          : null,
        review: reviewOf(state),
      };
    },

    async registeredMember(insuranceNumber) {
      const [row] = await db.select().from(members).where(eq(members.insuranceNumber, insuranceNumber)).limit(1);
      return row ? toMember(row) : null;
    },

    async registryFor({ insuranceNumber, postalCode }) {
      const [any] = await db.select({ one: sql<number>`1` }).from(members).limit(1);
      if (!any) return null;
      const wanted: SQL[] = [];
      if (insuranceNumber) wanted.push(eq(members.insuranceNumber, insuranceNumber));
      if (postalCode) wanted.push(eq(members.postalCode, postalCode));
      const rows = wanted.length ? await db.select().from(members).where(or(...wanted)) : [];
      return createRegistry(rows.map(toMember));
    },

    async claim(intakeId, username) {
      return db.transaction(async (tx) => {
        const claimed = await tx
          .insert(reviewState)
          .values({ intakeId, assignee: username, claimedAt: sql`now()`, updatedAt: sql`now()` })
          .onConflictDoUpdate({
            target: reviewState.intakeId,
            set: { assignee: username, claimedAt: sql`now()`, updatedAt: sql`now()` },
            setWhere: sql`${reviewState.assignee} is null and ${reviewState.closedAt} is null`,
          })
          .returning({ assignee: reviewState.assignee });
        if (claimed.length === 1) {
          await tx.insert(auditEvents).values({ actor: username, action: 'review.claimed', intakeId, details: {} });
          return { outcome: 'claimed', assignee: username };
        }
        const [state] = await tx.select().from(reviewState).where(eq(reviewState.intakeId, intakeId)).limit(1);
        if (state?.closedAt) return { outcome: 'closed' };
        if (state?.assignee === username) return { outcome: 'claimed', assignee: username };
        return { outcome: 'held', assignee: state?.assignee ?? '' };
      });
    },

    async release(intakeId, username, { anyone }) {
      return db.transaction(async (tx) => {
        const [state] = await tx.select().from(reviewState).where(eq(reviewState.intakeId, intakeId)).for('update');
        if (state?.closedAt) return { outcome: 'closed' };
        if (!state?.assignee) return { outcome: 'not-claimed' };
        if (state.assignee !== username && !anyone) return { outcome: 'held', assignee: state.assignee };
        await tx.update(reviewState).set({ assignee: null, claimedAt: null, updatedAt: sql`now()` }).where(eq(reviewState.intakeId, intakeId));
        await tx.insert(auditEvents).values({ actor: username, action: 'review.released', intakeId, details: { previousAssignee: state.assignee } });
        return { outcome: 'released', previous: state.assignee };
      });
    },

    async assign(intakeId, assignee, actor) {
      return db.transaction(async (tx) => {
        const [state] = await tx.select().from(reviewState).where(eq(reviewState.intakeId, intakeId)).for('update');
        if (state?.closedAt) return { outcome: 'closed' };
        await tx
          .insert(reviewState)
          .values({ intakeId, assignee, claimedAt: sql`now()`, updatedAt: sql`now()` })
          .onConflictDoUpdate({ target: reviewState.intakeId, set: { assignee, claimedAt: sql`now()`, updatedAt: sql`now()` } });
        await tx.insert(auditEvents).values({ actor, action: 'review.assigned', intakeId, details: { assignee, previousAssignee: state?.assignee ?? null } });
        return { outcome: 'assigned', previous: state?.assignee ?? null };
      });
    },

    async applyChange(change) {
      return db.transaction(async (tx) => {
        // The row lock makes the claim check and the write one step: a release or a second action
        // on the same item waits for this one.
        const [state] = await tx.select().from(reviewState).where(eq(reviewState.intakeId, change.intakeId)).for('update');
        if (state?.closedAt) return { outcome: 'closed' };
        if (!state?.assignee) return { outcome: 'not-claimed' };
        if (state.assignee !== change.username) return { outcome: 'held', assignee: state.assignee };
        if (change.basedOnResultId !== undefined) {
          const [newest] = await tx
            .select({ id: results.id })
            .from(results)
            .where(eq(results.intakeId, change.intakeId))
            .orderBy(desc(results.createdAt), desc(results.id))
            .limit(1);
          if (newest?.id !== change.basedOnResultId) return { outcome: 'stale' };
        }
        const resultId = change.record ? await insertResult(tx, change.intakeId, change.record) : null;
        await tx
          .update(reviewState)
          .set({ ...change.patch, updatedAt: sql`now()` })
          .where(eq(reviewState.intakeId, change.intakeId));
        await tx.insert(auditEvents).values({
          actor: change.username,
          action: change.audit.action,
          intakeId: change.intakeId,
          details: { ...change.audit.details, ...(resultId ? { resultId, previousResultId: change.basedOnResultId ?? null } : {}) },
        });
        return { outcome: 'applied', resultId };
      });
    },

    async recordEvent(event) {
      await db.insert(auditEvents).values(event);
    },

    async searchAudit(filter) {
      const conditions: (SQL | undefined)[] = [
        filter.actor ? eq(auditEvents.actor, filter.actor) : undefined,
        filter.intakeId ? (UUID.test(filter.intakeId) ? eq(auditEvents.intakeId, filter.intakeId) : sql`false`) : undefined,
        filter.action
          ? filter.action.endsWith('.*')
            ? like(auditEvents.action, `${filter.action.slice(0, -1).replace(/[\\%_]/g, '\\$&')}%`)
            : eq(auditEvents.action, filter.action)
          : undefined,
        filter.from ? gte(auditEvents.at, filter.from) : undefined,
        filter.to ? lte(auditEvents.at, filter.to) : undefined,
        filter.before !== undefined ? lt(auditEvents.id, filter.before) : undefined,
      ];
      return db
        .select()
        .from(auditEvents)
        .where(and(...conditions))
        .orderBy(desc(auditEvents.id))
        .limit(filter.limit);
    },
  };
}

