import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Case } from '@tenplusn/domain';
import { CaseWithHints, DuplicateNotice, duplicateHints } from './duplicate-notice';

const created = (id: string, possibleDuplicates: string[]): CaseWithHints =>
  ({ id, number: `LW-2026-00${id}`, title: `诉求${id}`, possibleDuplicates }) as unknown as CaseWithHints;

describe('duplicateHints', () => {
  it('keeps the cases with possible duplicates, without the cases just created and without repeats', () => {
    const hints = duplicateHints([
      created('1', ['old-1', 'old-1', '2']),
      created('2', []),
      created('3', ['old-2']),
    ]);
    expect(hints).toEqual([
      { caseId: '1', number: 'LW-2026-001', title: '诉求1', duplicates: ['old-1'] },
      { caseId: '3', number: 'LW-2026-003', title: '诉求3', duplicates: ['old-2'] },
    ]);
  });

  it('no hint field (an older answer) is no hint', () => {
    expect(duplicateHints([{ id: 'x' } as unknown as Case])).toEqual([]);
  });
});

describe('DuplicateNotice', () => {
  it('links each possible duplicate by its number once loaded; nothing shows without duplicates', async () => {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    const backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(DuplicateNotice);
    fixture.componentRef.setInput('cases', [created('1', [])]);
    fixture.detectChanges();
    expect(fixture.nativeElement.querySelector('[data-testid="duplicate-notice"]')).toBeNull();

    fixture.componentRef.setInput('cases', [created('1', ['old-1'])]);
    fixture.detectChanges();
    TestBed.tick();
    expect(fixture.nativeElement.querySelector('[data-testid="duplicate-link"]').textContent.trim()).toBe(
      'old-1',
    );
    backend.expectOne('/api/cases/old-1').flush({ id: 'old-1', number: 'LW-2026-0003', title: '路灯坏了' });
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
    const links = fixture.nativeElement.querySelectorAll('[data-testid="duplicate-link"]');
    expect(links).toHaveLength(1);
    expect(links[0].textContent.trim()).toBe('LW-2026-0003 路灯坏了');
    expect(links[0].getAttribute('href')).toBe('/cases/old-1');
    expect(fixture.nativeElement.textContent).toContain('LW-2026-001 · 诉求1');
    backend.verify();
  });
});
