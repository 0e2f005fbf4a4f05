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
        // every other page (the desk's, and the member's inbox, cases and password): with
        // ng-zorro's icons, which the member's field pages and the login page go without
        path: '',
        loadChildren: () => import('./desk.routes').then((m) => m.deskRoutes),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
