import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { CaseCategory, UNFINISHED_STATUSES } from '@tenplusn/domain';
import { catchError, of } from 'rxjs';
import { TranslatePipe } from '../core/i18n/translate-pipe';
import { CaseApi } from '../data/case-api';

/** How many unfinished cases of the same household and category the hint lists. */
const SHOWN = 3;

/**
 * The duplicate hint while the member is still filling in the visit form: as soon as a
 * household and a category are chosen, the unfinished cases of that household and category
 * the member can see. (The server checks again on saving, across every case.)
 */
@Component({
  selector: 'app-pending-duplicates',
  imports: [RouterLink, TranslatePipe],
  template: `
    @if (found.hasValue() && found.value(); as page) {
      @if (page.total > 0) {
        <div class="hint" role="status" data-testid="pending-duplicates">
          <strong>{{ 'visit.duplicatesTitle' | t }}</strong>
          @for (c of page.items; track c.id) {
            <a [routerLink]="['/cases', c.id]" data-testid="pending-duplicate-link"
              >{{ c.number }} · {{ c.title }}</a
            >
          }
        </div>
      }
    }
  `,
  styles: `
    .hint {
      margin: -8px 0 16px;
      padding: 8px 12px;
      color: rgba(0, 0, 0, 0.88);
      background: #fffbe6;
      border: 1px solid #ffe58f;
      border-radius: 6px;
    }
    a {
      display: flex;
      align-items: center;
      min-height: 44px;
      word-break: break-all;
      color: #0958d9;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PendingDuplicates {
  private readonly api = inject(CaseApi);
  readonly householdId = input<string | null>(null);
  readonly category = input<CaseCategory | null>(null);

  protected readonly found = rxResource({
    params: () => {
      const householdId = this.householdId();
      const category = this.category();
      return householdId && category ? { householdId, category } : undefined;
    },
    stream: ({ params }) =>
      this.api
        // a hint: when it cannot be fetched (offline), the form simply goes without it
        .list(
          { ...params, status: UNFINISHED_STATUSES, sort: '-createdAt', page: 1, pageSize: SHOWN },
          { quiet: true },
        )
        .pipe(catchError(() => of(null))),
  });
}
