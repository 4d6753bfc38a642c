package io.llmrouter.service.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Loads one {@code *.properties} file per tenant from {@code router.tenants-dir} (env {@code ROUTER_TENANTS_DIR}),
 * e.g. one Kubernetes ConfigMap per tenant projected into one directory. Each file may configure one tenant only,
 * so a tenant's file can be replaced without touching the others. Ordinal 260: above application.properties (250),
 * below environment variables (300), so secrets and overrides from the environment still win.
 */
public final class TenantDirectoryConfigSourceFactory implements ConfigSourceFactory {

    /** Property naming the directory. */
    public static final String DIR_PROPERTY = "router.tenants-dir";
    private static final int ORDINAL = 260;
    private static final String PREFIX = "router.tenants.";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue dir = context.getValue(DIR_PROPERTY);
        if (dir == null || dir.getValue() == null || dir.getValue().isBlank()) {
            return List.of();
        }
        Path path = Path.of(dir.getValue().trim());
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException(DIR_PROPERTY + " points to '" + path + "', which is not a directory");
        }
        List<ConfigSource> sources = new ArrayList<>();
        // Sorted, so start-up is deterministic whatever order the file system lists.
        TreeSet<Path> files = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(path, "*.properties")) {
            ds.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + DIR_PROPERTY + " '" + path + "'", e);
        }
        for (Path file : files) {
            sources.add(new PropertiesConfigSource(read(file), "tenant file " + file, ORDINAL));
        }
        return sources;
    }

    private static Map<String, String> read(Path file) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tenant file " + file, e);
        }
        Map<String, String> map = new HashMap<>();
        String tenant = null;
        for (String key : props.stringPropertyNames()) {
            if (!key.startsWith(PREFIX)) {
                throw new IllegalStateException("tenant file " + file + ": property '" + key
                        + "' is not a tenant property (expected router.tenants.<tenant>.…)");
            }
            int dot = key.indexOf('.', PREFIX.length());
            String name = dot < 0 ? key.substring(PREFIX.length()) : key.substring(PREFIX.length(), dot);
            if (tenant == null) {
                tenant = name;
            } else if (!tenant.equals(name)) {
                throw new IllegalStateException("tenant file " + file + " configures tenants '" + tenant + "' and '"
                        + name + "'; use one file per tenant");
            }
            map.put(key, props.getProperty(key));
        }
        return map;
    }
}
