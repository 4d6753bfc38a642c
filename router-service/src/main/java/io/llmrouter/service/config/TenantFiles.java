package io.llmrouter.service.config;

import io.llmrouter.api.error.ConfigurationException;
import io.smallrye.config.PropertiesConfigSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The tenant files of {@code router.tenants-dir} as read at one moment: every {@code *.properties} in the directory,
 * by name, through symlinks (Kubernetes mounts a ConfigMap or Secret as links through {@code ..data}, which it swaps
 * for an update). The bytes are read once: the fingerprint that decides whether the directory changed and the
 * configuration parsed from it describe the very same contents.
 *
 * <p>Every property must be a tenant's ({@code router.tenants.<tenant>.…}); one file holds one tenant, several files
 * may hold the same one (its ConfigMap and its Secret side by side), and a property set in two files is refused naming
 * both.
 */
public final class TenantFiles {

    /** The ordinal of a tenant file: above application.properties (250), below environment variables (300). */
    static final int ORDINAL = 260;
    private static final String PREFIX = "router.tenants.";

    private final Path dir;
    private final SortedMap<String, byte[]> contents;
    private final String fingerprint;

    private TenantFiles(Path dir, SortedMap<String, byte[]> contents) {
        this.dir = dir;
        this.contents = Collections.unmodifiableSortedMap(contents);
        this.fingerprint = fingerprint(contents);
    }

    /** Reads every {@code *.properties} file of {@code dir}; a missing or unreadable directory is an error. */
    public static TenantFiles read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigurationException("router.tenants-dir", "points to '" + dir + "', which is not a directory");
        }
        SortedMap<String, byte[]> contents = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.properties")) {
            for (Path file : ds) {
                // Through symlinks: a projected volume's files are links to ..data/<name>.
                if (Files.isRegularFile(file)) {
                    contents.put(file.getFileName().toString(), Files.readAllBytes(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read router.tenants-dir '" + dir + "'", e);
        }
        return new TenantFiles(dir, contents);
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /** SHA-256 over the sorted file names and contents: changes whenever a file is added, removed or changed. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The files' names, sorted. */
    public Set<String> names() {
        return contents.keySet();
    }

    /**
     * One configuration source per file, named {@code tenant file <path>}.
     *
     * @throws ConfigurationException naming the file and the property: a property that is not a tenant's, a file with
     *                                two tenants, a property set in two files
     */
    public List<ConfigSource> sources() {
        List<ConfigSource> sources = new ArrayList<>();
        Map<String, String> setIn = new HashMap<>();
        for (Map.Entry<String, byte[]> e : contents.entrySet()) {
            String file = name(e.getKey());
            Map<String, String> properties = properties(file, e.getValue());
            for (String key : properties.keySet()) {
                String other = setIn.putIfAbsent(key, file);
                if (other != null) {
                    throw new ConfigurationException(key, "is set in two tenant files, " + other + " and " + file
                            + "; set it in one of them");
                }
            }
            sources.add(new PropertiesConfigSource(properties, file, ORDINAL));
        }
        return sources;
    }

    /** Each tenant's properties as its files set them (unresolved), by tenant; what a reload compares. */
    public Map<String, Map<String, String>> byTenant() {
        Map<String, Map<String, String>> byTenant = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : contents.entrySet()) {
            properties(name(e.getKey()), e.getValue()).forEach((key, value) ->
                    byTenant.computeIfAbsent(tenant(key), t -> new TreeMap<>()).put(key, value));
        }
        return byTenant;
    }

    /**
     * The tenant files a message is about: those that set a property the message names, else those of the tenant it
     * names; empty when it names neither.
     */
    public Set<String> filesOf(String message) {
        Set<String> files = new LinkedHashSet<>();
        Set<String> tenantFiles = new LinkedHashSet<>();
        for (Map.Entry<String, byte[]> e : contents.entrySet()) {
            String file = name(e.getKey());
            Map<String, String> properties;
            try {
                properties = properties(file, e.getValue());
            } catch (ConfigurationException unreadable) {
                continue;
            }
            for (String key : properties.keySet()) {
                if (message.contains(key)) {
                    files.add(file);
                }
                if (message.contains(PREFIX + tenant(key) + ".") || message.contains(PREFIX + tenant(key) + " ")) {
                    tenantFiles.add(file);
                }
            }
        }
        return files.isEmpty() ? tenantFiles : files;
    }

    private String name(String fileName) {
        return "tenant file " + dir.resolve(fileName);
    }

    private static Map<String, String> properties(String file, byte[] bytes) {
        Properties props = new Properties();
        try {
            props.load(new ByteArrayInputStream(bytes));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException(file, "cannot be read as a properties file: " + e.getMessage());
        }
        Map<String, String> map = new TreeMap<>();
        String tenant = null;
        for (String key : props.stringPropertyNames()) {
            String name = tenant(key);
            if (name == null) {
                throw new ConfigurationException(key, "in " + file + " is not a tenant property (expected "
                        + "router.tenants.<tenant>.…)");
            }
            if (tenant == null) {
                tenant = name;
            } else if (!tenant.equals(name)) {
                throw new ConfigurationException(key, "in " + file + ": the file configures tenants '" + tenant
                        + "' and '" + name + "'; use one file per tenant");
            }
            map.put(key, props.getProperty(key));
        }
        return map;
    }

    /**
     * The tenant a property belongs to, or null when it is not a tenant property. A profile's property
     * ({@code %staging.router.tenants.<tenant>.…}) is its tenant's too.
     */
    private static String tenant(String key) {
        int from = key.startsWith("%") ? key.indexOf('.') + 1 : 0;
        // A tenant property has a name after the tenant: router.tenants.<tenant>.<name>.
        int dot = key.startsWith(PREFIX, from) ? key.indexOf('.', from + PREFIX.length()) : -1;
        return dot <= from + PREFIX.length() || dot == key.length() - 1 ? null
                : key.substring(from + PREFIX.length(), dot);
    }

    private static String fingerprint(SortedMap<String, byte[]> contents) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
        for (Map.Entry<String, byte[]> e : contents.entrySet()) {
            md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(e.getValue());
            md.update((byte) 0);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
