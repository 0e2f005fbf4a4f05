import { PersonalDataLogEntity } from '../audit/personal-data-log.entity';
import { AuditLogEntity, RefreshTokenEntity } from '../auth/auth.entities';
import { LoginThrottleEntity } from '../auth/login-throttle.entity';
import { BranchEntity } from '../branches/branch.entity';
import { CalendarYearEntity } from '../calendar/calendar-year.entity';
import { CaseEntity, CaseEventEntity, CaseNumberCounterEntity } from '../cases/case.entity';
import { HouseholdContactEntity, HouseholdEntity } from '../households/household.entity';
import { AssessmentWeightsEntity, PeriodSnapshotEntity } from '../periods/period.entities';
import { InboxItemEntity } from '../inbox/inbox-item.entity';
import { NotifyDeliveryEntity } from '../inbox/notify-delivery.entity';
import { UserEntity } from '../users/user.entity';
import { VisitEntity } from '../visits/visit.entity';

/** Every entity, listed explicitly: the API is bundled, so no glob paths. */
export const ENTITIES = [
  BranchEntity,
  UserEntity,
  HouseholdEntity,
  HouseholdContactEntity,
  VisitEntity,
  CaseEntity,
  CaseEventEntity,
  CaseNumberCounterEntity,
  RefreshTokenEntity,
  AuditLogEntity,
  AssessmentWeightsEntity,
  PeriodSnapshotEntity,
  CalendarYearEntity,
  InboxItemEntity,
  NotifyDeliveryEntity,
  PersonalDataLogEntity,
  LoginThrottleEntity,
];
