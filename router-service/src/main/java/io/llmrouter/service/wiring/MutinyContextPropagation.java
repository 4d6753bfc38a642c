package io.llmrouter.service.wiring;

import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Switches the context-propagation decorator around Mutiny callbacks. The fault-tolerance extension brings SmallRye
 * Context Propagation, which wraps every callback of every Mutiny operator so that it captures the thread contexts
 * (CDI request scope and the like) where the operator was built and restores them where it runs. The router's calls
 * run on their caller's event loop and keep no request-scoped state, so by default the decorator goes, which saves
 * CPU on every call (docs/benchmarks.md, "Settings and what they cost").
 */
final class MutinyContextPropagation {

    private MutinyContextPropagation() {
    }

    static void apply(boolean enabled) {
        if (enabled) {
            // Re-read from the service loader: an earlier application in this JVM (tests) may have cleared it.
            Infrastructure.reloadCallbackDecorators();
        } else {
            // The context-propagation decorator is the only Mutiny interceptor or decorator on the classpath.
            Infrastructure.clearInterceptors();
        }
    }
}
