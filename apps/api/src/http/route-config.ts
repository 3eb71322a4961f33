import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import type { FastifyContextConfig } from 'fastify';

/**
 * Adds to a route's Fastify config (what hooks read before Nest runs) without replacing what other
 * decorators put there: Nest's RouteConfig keeps only the last config given.
 */
export function addRouteConfig(config: FastifyContextConfig): MethodDecorator {
  return (_target, _key, descriptor) => {
    const method: unknown = descriptor.value;
    if (typeof method !== 'function') return;
    const earlier = Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, method) as
      FastifyContextConfig | undefined;
    Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...earlier, ...config }, method);
  };
}
