import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import {
  provideRouter,
  withComponentInputBinding,
  withInMemoryScrolling,
  withPreloading,
} from '@angular/router';
import { appRoutes } from './app.routes';
import { apiInterceptor } from './core/api-interceptor';
import { AuthStore } from './core/auth-store';
import { I18n } from './core/i18n/i18n';
import { OfflinePreload } from './core/offline-preload';

/**
 * The root holds nothing of ng-zorro: its icons come with the routes that show them
 * (core/zorro-icons.ts), its messages on the first one (core/notice.ts), its locale with
 * English (core/i18n/i18n.ts; ng-zorro's default is zh_CN). The first load's budget:
 * docs/measurements.md.
 */
export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideHttpClient(withInterceptors([apiInterceptor])),
    provideRouter(
      appRoutes,
      withComponentInputBinding(),
      withInMemoryScrolling({ scrollPositionRestoration: 'top' }),
      withPreloading(OfflinePreload),
    ),
    // the stored language's dictionary (English is fetched when chosen) before the first render
    provideAppInitializer(() => inject(I18n).ready),
    // Restore the session from the refresh cookie before the first navigation's guards run.
    provideAppInitializer(() => inject(AuthStore).restore()),
  ],
};
