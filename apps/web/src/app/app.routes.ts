import { Routes } from '@angular/router';
import { anonymousOnly, homeRedirect, roleGuard } from './core/role-guard';

export const appRoutes: Routes = [
  {
    path: 'login',
    canMatch: [anonymousOnly],
    loadComponent: () => import('./login/login-page').then((m) => m.LoginPage),
  },
  {
    // the village board prints alone: outside the shell
    path: 'board',
    canMatch: [roleGuard('member', 'secretary', 'staff')],
    loadComponent: () => import('./assessment/board-page').then((m) => m.BoardPage),
  },
  {
    path: '',
    loadComponent: () => import('./layout/shell').then((m) => m.Shell),
    children: [
      { path: '', pathMatch: 'full', redirectTo: homeRedirect },
      {
        path: 'field',
        canMatch: [roleGuard('member')],
        data: { offline: true },
        loadChildren: () => import('./field/field.routes').then((m) => m.fieldRoutes),
      },
      {
        path: 'cases',
        canMatch: [roleGuard('member', 'secretary', 'staff')],
        loadChildren: () => import('./cases/cases.routes').then((m) => m.caseRoutes),
      },
      {
        path: 'branch',
        canMatch: [roleGuard('secretary')],
        loadChildren: () => import('./branch/branch.routes').then((m) => m.branchRoutes),
      },
      {
        path: 'households',
        canMatch: [roleGuard('secretary', 'staff')],
        loadChildren: () => import('./households/households.routes').then((m) => m.householdRoutes),
      },
      {
        path: 'users',
        canMatch: [roleGuard('secretary', 'staff')],
        loadComponent: () => import('./users/users-page').then((m) => m.UsersPage),
      },
      {
        path: 'account/password',
        canMatch: [roleGuard('member', 'secretary', 'staff')],
        loadComponent: () => import('./account/change-password-page').then((m) => m.ChangePasswordPage),
      },
      {
        path: 'assessment',
        canMatch: [roleGuard('secretary', 'staff')],
        loadChildren: () => import('./assessment/assessment.routes').then((m) => m.assessmentRoutes),
      },
      {
        path: 'inbox',
        canMatch: [roleGuard('member', 'secretary', 'staff')],
        loadComponent: () => import('./inbox/inbox-page').then((m) => m.InboxPage),
      },
      {
        path: 'town',
        canMatch: [roleGuard('staff')],
        loadChildren: () => import('./town/town.routes').then((m) => m.townRoutes),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
