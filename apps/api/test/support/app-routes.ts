import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { type Action, rolesFor, type Role } from '@tenplusn/domain';
import { Allow, IS_PUBLIC } from '../../src/auth/auth-user';

export interface ControllerRoute {
  /** e.g. "PATCH /api/users/:id" */
  key: string;
  method: string;
  path: string;
  controller: string;
  handler: string;
  /** the permission map's action (@Allow) */
  action: Action | undefined;
  /** the roles the map gives that action */
  roles: readonly Role[] | undefined;
  isPublic: boolean;
}

const join = (...parts: (string | undefined)[]): string =>
  '/' +
  parts
    .flatMap((p) => (p ?? '').split('/'))
    .filter(Boolean)
    .join('/');

/** Every handler of every controller in the running app, with its full path and access metadata. */
export function controllerRoutes(app: INestApplication, globalPrefix = 'api'): ControllerRoute[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const routes: ControllerRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
    if (!instance || !type) continue;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    const base = reflector.get<string | string[] | undefined>(PATH_METADATA, type);
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as (...args: unknown[]) => unknown;
      const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (sub === undefined || method === undefined) continue;
      const action = reflector.getAllAndOverride(Allow, [handler, type]);
      const isPublic = reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, type]) === true;
      for (const b of [base].flat()) {
        for (const s of [sub].flat()) {
          const path = join(globalPrefix, b, s);
          const verb = RequestMethod[method];
          routes.push({
            key: `${verb} ${path}`,
            method: verb,
            path,
            controller: type.name,
            handler: name,
            action,
            roles: action && rolesFor(action),
            isPublic,
          });
        }
      }
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}

interface ExpressLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/** Every route the HTTP server (Express) answers, however it was registered ("GET /api/docs-json"). */
export function serverRoutes(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
  const keys = new Set<string>();
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    for (const path of [layer.route.path].flat()) {
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on && method !== '_all') keys.add(`${method.toUpperCase()} ${path}`);
      }
    }
  }
  return [...keys].sort();
}
