import { DestroyRef, inject, Injectable, signal } from '@angular/core';

const PHONE_QUERY = '(max-width: 767.98px)';

/** Whether the screen is phone-sized; the layout switches from a side menu to a drawer. */
@Injectable({ providedIn: 'root' })
export class Viewport {
  private readonly query = window.matchMedia(PHONE_QUERY);
  private readonly phone = signal(this.query.matches);
  readonly isPhone = this.phone.asReadonly();

  constructor() {
    const listener = (event: MediaQueryListEvent) => this.phone.set(event.matches);
    this.query.addEventListener?.('change', listener);
    inject(DestroyRef).onDestroy(() => this.query.removeEventListener?.('change', listener));
  }
}
