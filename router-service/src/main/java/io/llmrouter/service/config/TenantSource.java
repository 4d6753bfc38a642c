package io.llmrouter.service.config;

import io.llmrouter.api.error.ConfigurationException;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * The router configuration with the tenant files of {@code router.tenants-dir}, read by the application at start-up
 * and at every reload: a configuration of its own, made of the running configuration's sources and the files', with
 * the same mapping, profiles, converters and expressions ({@code ${VAR}}) as the application's, unknown keys refused.
 *
 * <p>The files are never a source of the application's static configuration: Quarkus records the values its build
 * saw into a source of its own, so a tenant whose file was removed would live on, and a build made with a tenant
 * directory would carry that directory's values (secrets included) into every run.
 */
public final class TenantSource {

    private final SmallRyeConfig running;

    /** @param running the application's configuration, whose sources, profiles and converters are reused */
    public TenantSource(SmallRyeConfig running) {
        this.running = running;
    }

    /**
     * The router configuration with {@code files}' tenants.
     *
     * @throws ConfigurationException naming the tenant file and the property of the first problem (an unknown key, a
     *                                value that does not convert, a property set in two files)
     */
    public RouterConfig load(TenantFiles files) {
        List<ConfigSource> sources = new ArrayList<>();
        running.getConfigSources().forEach(sources::add);
        // Its problems name their file already.
        sources.addAll(files.sources());
        try {
            SmallRyeConfig config = new SmallRyeConfigBuilder()
                    .withProfiles(running.getProfiles())
                    .addDefaultInterceptors()
                    .withSources(sources)
                    // Quarkus' converters ("60s", "10M") are not SmallRye's defaults: take the running ones.
                    .withConverter(Duration.class, 200, converter(Duration.class))
                    .withConverter(MemorySize.class, 200, converter(MemorySize.class))
                    .withMapping(RouterConfig.class)
                    .withValidateUnknown(true)
                    .build();
            return config.getConfigMapping(RouterConfig.class);
        } catch (RuntimeException e) {
            throw new ConfigurationException("router.tenants-dir", "has tenant files that do not load: "
                    + message(e) + where(files, message(e)));
        }
    }

    /** {@code e} with the tenant files it is about named at its end, when it names some of their properties. */
    static ConfigurationException located(TenantFiles files, ConfigurationException e) {
        String where = where(files, e.getMessage());
        return where.isEmpty() ? e : new ConfigurationException(e.property(),
                e.getMessage().substring(e.property().length() + 1) + where);
    }

    private static String where(TenantFiles files, String message) {
        Set<String> about = files.filesOf(message);
        return about.isEmpty() ? "" : " (" + String.join(", ", about) + ")";
    }

    private <T> Converter<T> converter(Class<T> type) {
        return running.getConverter(type).orElseThrow(
                () -> new IllegalStateException("the running configuration has no converter of " + type.getName()));
    }

    /** The message of the failure and of its causes (SmallRye puts the useful part in the cause). */
    private static String message(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = e; c != null && sb.length() < 4096; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && sb.indexOf(m) < 0) {
                sb.append(sb.length() == 0 ? "" : "; ").append(m);
            }
        }
        // One line: SmallRye lists its problems on lines of their own, each with its exception's class.
        return sb.toString().replaceAll("\\s*\\n\\s*(java\\.lang\\.\\w+: )?", " ");
    }
}
