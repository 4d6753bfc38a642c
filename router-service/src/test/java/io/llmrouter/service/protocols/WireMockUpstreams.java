package io.llmrouter.service.protocols;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashMap;
import java.util.Map;

/**
 * A WireMock server standing in for every upstream protocol under {@code /wm/<protocol>}; tests stub it with the
 * recorded provider transcripts of the shared fixtures, or have the {@link EmbeddingsAnswerer} answer embeddings.
 * Injected into test fields annotated {@link Server}.
 */
public class WireMockUpstreams implements QuarkusTestResourceLifecycleManager {

    /** Marks the test field that receives the running {@link WireMockServer}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Server {
    }

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")
                .extensions(new EmbeddingsAnswerer()));
        server.start();
        Map<String, String> c = new HashMap<>();
        for (String p : ProtocolsProfile.UPSTREAMS) {
            c.put("router.tenants.t.keys.wm-" + p + ".base-url", "http://127.0.0.1:" + server.port() + "/wm/" + p);
        }
        for (String p : ProtocolsProfile.EMBEDDINGS) {
            c.put("router.tenants.embed.keys.wm-" + p + ".base-url", "http://127.0.0.1:" + server.port() + "/wm/"
                    + p);
        }
        return c;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(Server.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
