import { Routes } from '@angular/router';
import { allow, anonymousOnly, homeRedirect } from './core/role-guard';

export const appRoutes: Routes = [
  {
    path: 'login',
    canMatch: [anonymousOnly],
    loadComponent: () => import('./login/login-page').then((m) => m.LoginPage),
  },
  {
    // the village board prints alone: outside the shell
    path: 'board',
    canMatch: [allow('board.read')],
    loadComponent: () => import('./assessment/board-page').then((m) => m.BoardPage),
  },
  {
    path: '',
    loadComponent: () => import('./layout/shell').then((m) => m.Shell),
    children: [
      { path: '', pathMatch: 'full', redirectTo: homeRedirect },
      {
        path: 'field',
        canMatch: [allow('workspace.field')],
        data: { offline: true },
        loadChildren: () => import('./field/field.routes').then((m) => m.fieldRoutes),
      },
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
  { path: '**', redirectTo: '' },
];
