import {
  ArrowLeftOutline,
  AuditOutline,
  BarChartOutline,
  BellOutline,
  CalendarOutline,
  CheckOutline,
  CloudUploadOutline,
  DashboardOutline,
  DownloadOutline,
  DownOutline,
  FileTextOutline,
  FormOutline,
  GlobalOutline,
  HomeOutline,
  LeftOutline,
  LockOutline,
  LogoutOutline,
  MenuOutline,
  PaperClipOutline,
  PlusOutline,
  ReloadOutline,
  RightOutline,
  TeamOutline,
  UnorderedListOutline,
  UploadOutline,
  UpOutline,
  UserOutline,
  WarningFill,
} from '@ant-design/icons-angular/icons';
import { inject, provideEnvironmentInitializer } from '@angular/core';
import { NzIconService } from 'ng-zorro-antd/icon';

/**
 * The ng-zorro icons the desk's pages use (desk.routes.ts), added to ng-zorro's root icon
 * service when that route starts (so dialogs opened from its pages have them too), rather than
 * at the root: neither the login page nor the member's home carries them or ng-zorro's icon
 * service (docs/measurements.md, the first load's budget). The shell draws its own few icons
 * (layout/icon.ts); a field page registers what it uses itself.
 */
export const provideAppIcons = () =>
  provideEnvironmentInitializer(() =>
    inject(NzIconService).addIcon(
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
    ),
  );
