import { Routes } from '@angular/router';
import { allow } from './core/role-guard';
import { provideAppIcons } from './core/zorro-icons';

/**
 * The pages under the shell other than the member's field work. Loaded on the first of them,
 * with the ng-zorro icons they use (registered when this route's injector starts), so neither
 * the login page nor the member's home carries ng-zorro's icon service (docs/measurements.md).
 */
export const deskRoutes: Routes = [
  {
    path: '',
    providers: [provideAppIcons()],
    children: [
      {
        path: 'cases',
        canMatch: [allow('cases.read')],
        loadChildren: () => import('./cases/cases.routes').then((m) => m.caseRoutes),
      },
      {
        path: 'branch',
        canMatch: [allow('workspace.branch')],
        loadChildren: () => import('./branch/branch.routes').then((m) => m.branchRoutes),
      },
      {
        path: 'households',
        canMatch: [allow('households.manage')],
        loadChildren: () => import('./households/households.routes').then((m) => m.householdRoutes),
      },
      {
        path: 'users',
        canMatch: [allow('users.manage')],
        loadComponent: () => import('./users/users-page').then((m) => m.UsersPage),
      },
      {
        path: 'account/password',
        canMatch: [allow('account.self')],
        loadComponent: () => import('./account/change-password-page').then((m) => m.ChangePasswordPage),
      },
      {
        path: 'assessment',
        canMatch: [allow('assessment.read')],
        loadChildren: () => import('./assessment/assessment.routes').then((m) => m.assessmentRoutes),
      },
      {
        path: 'inbox',
        canMatch: [allow('inbox.use')],
        loadComponent: () => import('./inbox/inbox-page').then((m) => m.InboxPage),
      },
      {
        path: 'town',
        canMatch: [allow('workspace.town')],
        loadChildren: () => import('./town/town.routes').then((m) => m.townRoutes),
      },
    ],
  },
];
