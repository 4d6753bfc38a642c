package io.llmrouter.service.simulator;

import io.llmrouter.service.config.RouterConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Prints, in the demo profile, curl commands that exercise every client protocol against the simulator, embeddings
 * ({@code demo-embed}) included.
 */
@ApplicationScoped
public class DemoBanner {

    private static final Logger LOG = Logger.getLogger(DemoBanner.class);

    void onStart(@Observes StartupEvent event, RouterConfig config,
                 @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port,
                 @ConfigProperty(name = "quarkus.management.port", defaultValue = "9000") int managementPort) {
        if (!config.simulator().demoBanner()) {
            return;
        }
        String base = "http://localhost:" + port;
        String management = "http://localhost:" + managementPort;
        LOG.info("""
                Demo tenant 'demo' is ready (inbound key demo-key). The cheapest endpoint 'flaky' always fails with 503: \
                the first calls fail over (x-router-attempts: 2), after 3 failures its breaker opens. Try:
                  curl -si %1$s/v1/chat/completions -H 'Authorization: Bearer demo-key' -H 'Content-Type: application/json' -d '{"model":"demo-model","messages":[{"role":"user","content":"Hello"}]}'
                  curl -sN %1$s/v1/responses -H 'Authorization: Bearer demo-key' -H 'Content-Type: application/json' -d '{"model":"demo-model","stream":true,"input":"Hello"}'
                  curl -s %1$s/v1/responses -H 'Authorization: Bearer demo-key' -H 'Content-Type: application/json' -d '{"model":"gpt-5-mini","reasoning":{"effort":"low","summary":"auto"},"input":"Hello"}'
                  curl -s %1$s/v1/messages/count_tokens -H 'x-api-key: demo-key' -H 'Content-Type: application/json' -d '{"model":"claude-haiku-4-5","messages":[{"role":"user","content":"Hello"}]}'
                  curl -s %1$s/v1/responses/input_tokens -H 'Authorization: Bearer demo-key' -H 'Content-Type: application/json' -d '{"model":"claude-haiku-4-5","input":"Hello"}'
                  curl -s %1$s/v1beta/models/gemini-2.0-flash:countTokens -H 'x-goog-api-key: demo-key' -H 'Content-Type: application/json' -d '{"contents":[{"role":"user","parts":[{"text":"Hello"}]}]}'
                  curl -sN %1$s/v1/messages -H 'x-api-key: demo-key' -H 'anthropic-version: 2023-06-01' -H 'Content-Type: application/json' -d '{"model":"claude-haiku-4-5","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"Hello"}]}'
                  curl -s '%1$s/v1beta/models/demo-model:streamGenerateContent?alt=sse' -H 'x-goog-api-key: demo-key' -H 'Content-Type: application/json' -d '{"contents":[{"role":"user","parts":[{"text":"Hello"}]}]}'
                  curl -s %1$s/v1/chat -H 'Authorization: Bearer demo-key' -H 'Content-Type: application/json' -d '{"model":"command-r","message":"Hello"}'
                  curl -sN %1$s/v2/chat -H 'Authorization: Bearer demo-key' -H 'Content-Type: application/json' -d '{"model":"command-r-plus","stream":true,"messages":[{"role":"user","content":"Hello"}]}'
                  curl -s %1$s/v1/embeddings -H 'Authorization: Bearer demo-key' -H 'Content-Type: application/json' -d '{"model":"demo-embed","input":["Hello","World"]}'
                  curl -s %1$s/v1beta/models/demo-embed:batchEmbedContents -H 'x-goog-api-key: demo-key' -H 'Content-Type: application/json' -d '{"requests":[{"content":{"parts":[{"text":"Hello"}]},"taskType":"RETRIEVAL_QUERY"}]}'
                  curl -s %1$s/v2/embed -H 'Authorization: Bearer demo-key' -H 'Content-Type: application/json' -d '{"model":"demo-embed","input_type":"search_document","embedding_types":["float","int8"],"texts":["Hello"]}'
                  curl -s %1$s/v1/models -H 'Authorization: Bearer demo-key'
                Health and metrics are on the management port:
                  curl -s %2$s/q/health/ready ; curl -s %2$s/q/metrics | grep router_""".formatted(base, management));
    }
}
