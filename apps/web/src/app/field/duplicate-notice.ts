import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { Case } from '@tenplusn/domain';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { catchError, forkJoin, map, of } from 'rxjs';
import { TranslatePipe } from '../core/i18n/translate-pipe';
import { CaseApi } from '../data/case-api';

/** A case as POST /api/cases and POST /api/visits answer it: with the duplicate hint. */
export type CaseWithHints = Case & { possibleDuplicates?: readonly string[] };

export interface DuplicateHint {
  caseId: string;
  number: string;
  title: string;
  duplicates: string[];
}

/** The new cases that have possible duplicates: other open cases, not the ones just created. */
export function duplicateHints(cases: readonly CaseWithHints[]): DuplicateHint[] {
  const created = new Set(cases.map((c) => c.id));
  return cases
    .map((c) => ({
      caseId: c.id,
      number: c.number,
      title: c.title,
      duplicates: [...new Set(c.possibleDuplicates ?? [])].filter((id) => !created.has(id)),
    }))
    .filter((h) => h.duplicates.length > 0);
}

/** "This household already has open cases of the same category", with links to them. */
@Component({
  selector: 'app-duplicate-notice',
  imports: [RouterLink, NzAlertModule, TranslatePipe],
  template: `
    @if (hints().length) {
      <nz-alert
        nzType="warning"
        nzShowIcon
        [nzMessage]="'visit.duplicatesTitle' | t"
        [nzDescription]="body"
        data-testid="duplicate-notice"
      />
      <ng-template #body>
        @for (h of hints(); track h.caseId) {
          <p class="hint">
            {{ 'visit.duplicateOf' | t: { title: h.number + ' · ' + h.title } }}
            @for (id of h.duplicates; track id) {
              <a [routerLink]="['/cases', id]" data-testid="duplicate-link" [attr.data-case-id]="id">{{
                label(id)
              }}</a>
            }
          </p>
        }
      </ng-template>
    }
  `,
  styles: `
    :host {
      display: block;
      margin-bottom: 12px;
      text-align: left;
    }
    .hint {
      margin: 4px 0 0;
    }
    .hint a {
      display: block;
      word-break: break-all;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DuplicateNotice {
  private readonly api = inject(CaseApi);
  readonly cases = input.required<readonly CaseWithHints[]>();
  protected readonly hints = computed(() => duplicateHints(this.cases()));

  /** numbers and titles of the possible duplicates (a link shows the id until they arrive) */
  private readonly details = rxResource({
    params: () => {
      const ids = [...new Set(this.hints().flatMap((h) => h.duplicates))];
      return ids.length ? ids : undefined;
    },
    stream: ({ params }) =>
      forkJoin(params.map((id) => this.api.get(id).pipe(catchError(() => of(null))))).pipe(
        map((found) => new Map(found.filter((c) => c !== null).map((c) => [c.id, `${c.number} ${c.title}`]))),
      ),
  });

  protected label(id: string): string {
    const known = this.details.hasValue() ? this.details.value()?.get(id) : undefined;
    return known ?? id.slice(0, 8);
  }
}
