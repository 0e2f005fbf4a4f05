import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { Connectivity } from '../core/connectivity';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { VisitQueue } from './visit-queue';

/** The visits waiting on this device, and why a refused one was refused; send them now. */
@Component({
  selector: 'app-pending-visits',
  imports: [DatePipe, RouterLink, NzButtonModule, TranslatePipe, LabelPipe],
  template: `
    <h1 class="page-title">{{ 'pending.title' | t }}</h1>
    <p class="pending-intro">{{ (online() ? 'pending.introOnline' : 'pending.introOffline') | t }}</p>
    @if (queue.pending().length === 0) {
      <div class="pending-empty" data-testid="pending-empty">
        <p>{{ 'pending.empty' | t }}</p>
        <a nz-button routerLink="/field/households">{{ 'nav.myHouseholds' | t }}</a>
      </div>
    } @else {
      <ul class="pending-list" data-testid="pending-list">
        @for (item of queue.pending(); track item.request.clientId) {
          <li class="pending-item" data-testid="pending-item" [class.refused]="!!item.refused">
            <div class="pending-head">
              <strong>{{ item.householdName ?? ('pending.household' | t) }}</strong>
              <span>{{ item.request.visitedAt | date: 'yyyy-MM-dd HH:mm' }}</span>
            </div>
            <div class="pending-meta">
              {{ item.request.method | label: 'method' }}
              @if (item.request.notes) {
                · {{ item.request.notes }}
              }
            </div>
            @if (item.refused) {
              <div class="pending-refused" data-testid="pending-refused">
                {{ 'pending.refused' | t: { message: item.refused.message } }}
              </div>
            } @else {
              <div class="pending-status">
                {{ 'pending.waiting' | t: { time: (item.queuedAt | date: 'MM-dd HH:mm') ?? '' } }}
              </div>
            }
          </li>
        }
      </ul>
      <button
        nz-button
        nzType="primary"
        nzBlock
        [nzLoading]="sending()"
        [disabled]="!online()"
        (click)="send()"
        data-testid="pending-send"
      >
        {{ 'pending.sendNow' | t }}
      </button>
    }
  `,
  styles: `
    .pending-intro {
      color: #595959;
    }
    .pending-list {
      list-style: none;
      margin: 0 0 16px;
      padding: 0;
    }
    .pending-item {
      background: #fff;
      border: 1px solid #f0f0f0;
      border-radius: 4px;
      padding: 12px;
      margin-bottom: 8px;
    }
    .pending-item.refused {
      border-color: #ffccc7;
      background: #fff2f0;
    }
    .pending-head {
      display: flex;
      justify-content: space-between;
      gap: 8px;
      flex-wrap: wrap;
    }
    .pending-meta,
    .pending-status {
      color: #595959;
      margin-top: 4px;
      overflow-wrap: anywhere;
    }
    .pending-refused {
      color: #a8071a;
      margin-top: 4px;
    }
    .pending-empty {
      text-align: center;
      padding: 32px 0;
      color: #595959;
    }
    button,
    a[nz-button] {
      min-height: 44px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PendingVisits {
  protected readonly queue = inject(VisitQueue);
  protected readonly online = inject(Connectivity).online;
  protected readonly sending = signal(false);

  protected async send(): Promise<void> {
    this.sending.set(true);
    try {
      await this.queue.flush();
    } finally {
      this.sending.set(false);
    }
  }
}
