import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideRouter, withComponentInputBinding, withInMemoryScrolling, withPreloading } from '@angular/router';
import {
  DashboardOutline,
  FileTextOutline,
  FormOutline,
  GlobalOutline,
  HomeOutline,
  LogoutOutline,
  MenuOutline,
  PlusOutline,
  ReloadOutline,
  BarChartOutline,
  CloudUploadOutline,
  UnorderedListOutline,
  WarningFill,
  ArrowLeftOutline,
  DownOutline,
  DownloadOutline,
  LeftOutline,
  LockOutline,
  PaperClipOutline,
  RightOutline,
  TeamOutline,
  UpOutline,
  UploadOutline,
  UserOutline,
  BellOutline,
  CalendarOutline,
  CheckOutline,
  AuditOutline,
} from '@ant-design/icons-angular/icons';
import { provideNzI18n, zh_CN } from 'ng-zorro-antd/i18n';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { appRoutes } from './app.routes';
import { apiInterceptor } from './core/api-interceptor';
import { AuthStore } from './core/auth-store';
import { OfflinePreload } from './core/offline-preload';

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
    provideNzI18n(zh_CN),
    provideNzIcons([
      DashboardOutline,
      AuditOutline,
      FileTextOutline,
      FormOutline,
      GlobalOutline,
      HomeOutline,
      LogoutOutline,
      MenuOutline,
      PlusOutline,
      ReloadOutline,
      BarChartOutline,
      CloudUploadOutline,
      UnorderedListOutline,
      WarningFill,
      ArrowLeftOutline,
      DownOutline,
      DownloadOutline,
      LeftOutline,
      LockOutline,
      PaperClipOutline,
      RightOutline,
      TeamOutline,
      UpOutline,
      UploadOutline,
      UserOutline,
      BellOutline,
      CalendarOutline,
      CheckOutline,
    ]),
    // Restore the session from the refresh cookie before the first navigation's guards run.
    provideAppInitializer(() => inject(AuthStore).restore()),
  ],
};
