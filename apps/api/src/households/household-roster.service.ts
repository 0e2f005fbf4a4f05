import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type BranchRoster, quotaStatus, type Role } from '@tenplusn/domain';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { badRequest } from '../common/api-exception';
import { existingBranch, requestedBranch } from '../common/branch-scope';
import { coveredSql } from '../common/status-predicates.sql';
import { onlyRow } from '../database/rows';

interface RosterRow {
  id: string;
  display_name: string;
  role: Role;
  active: boolean;
  core: string;
  extra: string;
}

/**
 * The 10+N of one branch: every person who may hold contacts there (active members and the
 * secretary) plus anyone who still holds contacts there (deactivated or moved away, so the
 * secretary sees what to hand over), with their core and extra households against the quota.
 * Only active households count, as for coverage.
 */
@Injectable()
export class HouseholdRosterService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async roster(actor: AuthUser, requested?: string): Promise<BranchRoster> {
    // another branch is outside a secretary's scope: 404, as for any object there
    const branchId = requestedBranch(actor, requested);
    if (!branchId) throw badRequest('branchId', 'branchId is required', 'REQUIRED');
    const branch = await existingBranch(this.db, branchId);

    const rows: RosterRow[] = await this.db.query(
      `WITH counts AS (
         SELECT c.member_id,
                count(*) FILTER (WHERE c.kind = 'core') AS core,
                count(*) FILTER (WHERE c.kind = 'extra') AS extra
           FROM household_contacts c
           JOIN households h ON h.id = c.household_id
          WHERE h.branch_id = $1 AND h.active AND c.ended_at IS NULL
          GROUP BY c.member_id)
       SELECT u.id, u.display_name, u.role,
              (u.active AND u.branch_id IS NOT DISTINCT FROM $1 AND u.role <> 'staff') AS active,
              coalesce(counts.core, 0) AS core, coalesce(counts.extra, 0) AS extra
         FROM users u
         LEFT JOIN counts ON counts.member_id = u.id
        WHERE (u.branch_id = $1 AND u.active AND u.role IN ('member', 'secretary'))
           OR counts.member_id IS NOT NULL
        ORDER BY u.display_name, u.username`,
      [branchId],
    );
    const totals = onlyRow(
      (await this.db.query(
        `SELECT count(*) AS households,
              count(*) FILTER (WHERE NOT ${coveredSql('h')}) AS uncovered
         FROM households h WHERE h.branch_id = $1 AND h.active`,
        [branchId],
      )) as { households: string; uncovered: string }[],
      'roster totals',
    );

    return {
      branchId,
      coreQuota: branch.coreQuota,
      households: Number(totals.households),
      uncovered: Number(totals.uncovered),
      members: rows.map((r) => {
        const core = Number(r.core);
        const status = quotaStatus(core, branch.coreQuota);
        return {
          memberId: r.id,
          memberName: r.display_name,
          role: r.role,
          active: r.active,
          core,
          extra: Number(r.extra),
          status,
          over: status === 'over',
          under: status === 'under',
        };
      }),
    };
  }
}
