import type { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';

/** A provider method found by its decorator's metadata, bound to its instance. */
export interface DiscoveredMethod<M, F> {
  /** `Class.method`, for logs. */
  readonly name: string;
  readonly metadata: M;
  readonly fn: F;
}

/**
 * The app's one extension mechanism: a module marks a provider method with a decorator
 * (`SetMetadata(key, …)`), and the module that owns the extension point finds every such method
 * at boot (in its onModuleInit, when all providers exist), without importing the modules that
 * extend it. Used by the Stripe event handlers and the shops' extension points.
 */
export function discoverMethods<M, F extends (...args: never[]) => unknown>(
  tools: { discovery: DiscoveryService; scanner: MetadataScanner; reflector: Reflector },
  key: symbol,
): Array<DiscoveredMethod<M, F>> {
  const found: Array<DiscoveredMethod<M, F>> = [];
  for (const wrapper of tools.discovery.getProviders()) {
    const instance: unknown = wrapper.instance;
    if (!instance || typeof instance !== 'object') continue;
    const prototype = Object.getPrototypeOf(instance) as object | null;
    if (!prototype) continue;
    for (const method of tools.scanner.getAllMethodNames(prototype)) {
      const fn = (instance as Record<string, unknown>)[method];
      if (typeof fn !== 'function') continue;
      const metadata = tools.reflector.get<M | undefined>(key, fn as () => unknown);
      if (metadata === undefined) continue;
      found.push({
        name: `${instance.constructor.name}.${method}`,
        metadata,
        fn: (fn as F).bind(instance) as F,
      });
    }
  }
  return found;
}
