import { InitialSchema1795934321094 } from './1795934321094-initial-schema';
import { StatsRollups1795936221399 } from './1795936221399-stats-rollups';
import { CaseListIndexes1795936386174 } from './1795936386174-case-list-indexes';
import { PeriodsAssessment1795971802901 } from './1795971802901-periods-assessment';
import { WorkingDaysInbox1795972023742 } from './1795972023742-working-days-inbox';
import { PersonalDataLog1795980000000 } from './1795980000000-personal-data-log';
import { LoginThrottle1795990000000 } from './1795990000000-login-throttle';
import { AccountNotify1796015500000 } from './1796015500000-account-notify';
import { DemoAccounts1796021000000 } from './1796021000000-demo-accounts';
import { SearchTrigram1796030000000 } from './1796030000000-search-trigram';
import { StatsMonthCounters1796040000000 } from './1796040000000-stats-month-counters';
import { StatsMedianIndex1796041000000 } from './1796041000000-stats-median-index';
import { StatsClosedTimed1796042000000 } from './1796042000000-stats-closed-timed';
import { OverdueIndex1796043000000 } from './1796043000000-overdue-index';
import { StatsActiveCounters1796050000000 } from './1796050000000-stats-active-counters';
import { StatsBranchMedians1796051000000 } from './1796051000000-stats-branch-medians';
import { OverdueCounters1796052000000 } from './1796052000000-overdue-counters';
import { StatsDurationHistogram1796053000000 } from './1796053000000-stats-duration-histogram';
import { StatsPastCounts1796060000000 } from './1796060000000-stats-past-counts';

/** Every migration, in order. Add new ones at the end. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [
  InitialSchema1795934321094,
  StatsRollups1795936221399,
  CaseListIndexes1795936386174,
  PeriodsAssessment1795971802901,
  WorkingDaysInbox1795972023742,
  PersonalDataLog1795980000000,
  LoginThrottle1795990000000,
  AccountNotify1796015500000,
  DemoAccounts1796021000000,
  SearchTrigram1796030000000,
  StatsMonthCounters1796040000000,
  StatsMedianIndex1796041000000,
  StatsClosedTimed1796042000000,
  OverdueIndex1796043000000,
  StatsActiveCounters1796050000000,
  StatsBranchMedians1796051000000,
  OverdueCounters1796052000000,
  StatsDurationHistogram1796053000000,
  StatsPastCounts1796060000000,
];
