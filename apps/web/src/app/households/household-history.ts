import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { HouseholdContactPeriod } from '@tenplusn/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzEmptyModule } from 'ng-zorro-antd/empty';
import { NzPaginationModule } from 'ng-zorro-antd/pagination';
import { LoadFailed } from '../shared/load-failed';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { CaseList } from '../cases/case-list';
import { CaseApi } from '../data/case-api';
import { VisitApi } from '../data/visit-api';

const HISTORY_PAGE_SIZE = 10;

/**
 * A household's history for its secretary and the town: its visits (who, when, how, what was
 * said), the cases raised for it with their status, and who looked after it since when.
 */
@Component({
  selector: 'app-household-history',
  imports: [
    DatePipe,
    RouterLink,
    NzButtonModule,
    NzCardModule,
    NzEmptyModule,
    NzPaginationModule,
    LoadFailed,
    NzSpinModule,
    NzTagModule,
    CaseList,
    TranslatePipe,
    LabelPipe,
  ],
  template: `
    <nz-card nzSize="small" [nzTitle]="'history.visits' | t" class="history-card" data-testid="hh-visits">
      @if (visits.error()) {
        <app-load-failed (retry)="visits.reload()" />
      } @else if (visits.hasValue()) {
        @for (v of visits.value().items; track v.id) {
          <div class="visit" data-testid="hh-visit">
            <div class="visit-head">
              <strong>{{ v.visitedAt | date: 'yyyy-MM-dd HH:mm' }}</strong>
              <span>{{ v.memberName }}</span>
              <nz-tag>{{ v.method | label: 'method' }}</nz-tag>
              @for (a of v.activities; track a) {
                <span class="muted small">{{ a | label: 'activity' }}</span>
              }
            </div>
            @if (v.notes) {
              <p class="pre notes">{{ v.notes }}</p>
            }
            @if (v.caseIds.length) {
              <div class="small">
                {{ 'history.raised' | t }}
                @for (id of v.caseIds; track id) {
                  <a [routerLink]="['/cases', id]" class="case-link">{{
                    caseNumbers().get(id) ?? ('history.case' | t)
                  }}</a>
                }
              </div>
            }
          </div>
        } @empty {
          <nz-empty nzNotFoundImage="simple" [nzNotFoundContent]="'history.noVisits' | t" />
        }
        @if (visits.value().total > visits.value().pageSize) {
          <nz-pagination
            class="pager"
            nzSize="small"
            [nzPageIndex]="visits.value().page"
            [nzPageSize]="visits.value().pageSize"
            [nzTotal]="visits.value().total"
            (nzPageIndexChange)="visitPage.set($event)"
          />
        }
      } @else {
        <nz-spin nzSimple class="spin" />
      }
    </nz-card>

    <nz-card nzSize="small" [nzTitle]="'history.cases' | t" class="history-card" data-testid="hh-cases">
      <app-case-list
        [page]="cases.hasValue() ? cases.value() : undefined"
        [loading]="cases.isLoading()"
        [failed]="!!cases.error()"
        (retry)="cases.reload()"
        emptyText="history.noCases"
        (pageChange)="casePage.set($event)"
      />
    </nz-card>

    <nz-card
      nzSize="small"
      [nzTitle]="'history.contacts' | t"
      class="history-card"
      data-testid="hh-contact-history"
    >
      @for (c of contactHistory(); track $index) {
        <div class="period" data-testid="hh-contact-period">
          <nz-tag [nzColor]="c.kind === 'core' ? 'red' : 'default'">{{
            (c.kind === 'core' ? 'contact.core' : 'contact.extra') | t
          }}</nz-tag>
          <strong>{{ c.memberName }}</strong>
          <span class="muted small">
            {{ c.since | date: 'yyyy-MM-dd' }} –
            {{ c.until ? (c.until | date: 'yyyy-MM-dd') : ('history.now' | t) }}
          </span>
        </div>
      } @empty {
        <p class="muted">{{ 'hh.noContacts' | t }}</p>
      }
    </nz-card>
  `,
  styles: `
    :host {
      display: grid;
      gap: 16px;
      margin-top: 16px;
    }
    .visit {
      padding: 8px 0;
      border-bottom: 1px solid #f0f0f0;
    }
    .visit:last-of-type {
      border-bottom: 0;
    }
    .visit-head,
    .period {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
    .period {
      padding: 4px 0;
    }
    .notes {
      margin: 4px 0 0;
    }
    .pre {
      white-space: pre-wrap;
    }
    .muted {
      color: rgba(0, 0, 0, 0.55);
    }
    .small {
      font-size: 12px;
    }
    .case-link {
      margin-left: 6px;
    }
    .pager {
      margin-top: 8px;
      text-align: right;
    }
    .spin {
      display: block;
      margin: 16px auto;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HouseholdHistory {
  private readonly visitApi = inject(VisitApi);
  private readonly caseApi = inject(CaseApi);

  readonly householdId = input.required<string>();
  readonly contactHistory = input<HouseholdContactPeriod[]>([]);

  protected readonly visitPage = linkedSignal({ source: this.householdId, computation: () => 1 });
  protected readonly casePage = linkedSignal({ source: this.householdId, computation: () => 1 });

  protected readonly visits = rxResource({
    params: () => ({ householdId: this.householdId(), page: this.visitPage() }),
    stream: ({ params }) => this.visitApi.list({ ...params, pageSize: HISTORY_PAGE_SIZE }),
  });
  protected readonly cases = rxResource({
    params: () => ({ householdId: this.householdId(), page: this.casePage() }),
    stream: ({ params }) => this.caseApi.list({ ...params, sort: '-createdAt', pageSize: HISTORY_PAGE_SIZE }),
  });

  /** the numbers of the cases on screen, so a visit names the cases raised on it */
  protected readonly caseNumbers = computed(
    () => new Map((this.cases.hasValue() ? this.cases.value().items : []).map((c) => [c.id, c.number])),
  );
}
