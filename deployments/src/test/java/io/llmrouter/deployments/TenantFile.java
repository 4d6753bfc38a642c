package io.llmrouter.deployments;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.llmrouter.api.Protocol;

/**
 * Checks one tenant file as the service will read it: java.util.Properties holding the
 * {@code router.tenants.<tenant>.*} keys (docs/configuration.md) for exactly one tenant, secrets only as
 * {@code ${VAR}} references.
 */
final class TenantFile {

    /**
     * The tenant property grammar of docs/configuration.md; groups: tenant, key name, key field, endpoint name,
     * endpoint field.
     */
    static final Pattern PROPERTY = Pattern.compile("router\\.tenants\\.([^.]+)\\.(?:api-keys|max-attempts|max-concurrent"
            + "|requests-per-minute|keys\\.([^.]+)\\.(protocol|base-url|api-key|api-version)"
            + "|endpoints\\.([^.]+)\\.(key|model|models|input-price|output-price|breaker\\.threshold"
            + "|breaker\\.recovery-timeout))");

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ONLY_REFERENCES =
            Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*}(\\s*,\\s*\\$\\{[A-Za-z_][A-Za-z0-9_]*})*");
    /** Quarkus durations: seconds, a number with ms/s/m/h/d, or ISO-8601. */
    private static final Pattern DURATION = Pattern.compile("\\d+(ms|s|m|h|d)?|[Pp][0-9A-Za-z.]+");

    /** What a tenant file holds and what is wrong with it. */
    record Report(String fileName, Set<String> tenants, Set<String> references, List<String> problems) {
    }

    private TenantFile() {
    }

    /** Parses and checks a tenant file's text. */
    static Report check(String fileName, String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            return new Report(fileName, Set.of(), Set.of(), List.of(fileName + ": not a properties file: " + e.getMessage()));
        }
        return check(fileName, properties);
    }

    /** Checks parsed tenant properties. */
    static Report check(String fileName, Properties properties) {
        List<String> problems = new ArrayList<>();
        Set<String> tenants = new TreeSet<>();
        Set<String> references = new TreeSet<>();
        Map<String, Map<String, String>> keys = new TreeMap<>();
        Map<String, Map<String, String>> endpoints = new TreeMap<>();
        Map<String, String> scalars = new TreeMap<>();

        for (String name : new TreeSet<>(properties.stringPropertyNames())) {
            String value = properties.getProperty(name).trim();
            Matcher m = PROPERTY.matcher(name);
            if (!m.matches()) {
                problems.add(fileName + ": '" + name + "' is not a router tenant property (docs/configuration.md)");
                continue;
            }
            tenants.add(m.group(1));
            if (m.group(2) != null) {
                keys.computeIfAbsent(m.group(2), k -> new TreeMap<>()).put(m.group(3), value);
            } else if (m.group(4) != null) {
                endpoints.computeIfAbsent(m.group(4), k -> new TreeMap<>()).put(m.group(5), value);
            } else {
                scalars.put(name.substring(name.lastIndexOf('.') + 1), value);
            }
            collectReferences(fileName, name, value, references, problems);
        }

        if (tenants.isEmpty()) {
            problems.add(fileName + ": defines no tenant");
            return new Report(fileName, tenants, references, problems);
        }
        if (tenants.size() > 1) {
            problems.add(fileName + ": holds tenants " + tenants + "; one tenant per file");
        }
        String tenant = tenants.iterator().next();
        String where = fileName + ": tenant '" + tenant + "'";
        if (!fileName.equals(tenant + ".properties")) {
            problems.add(where + " must be in a file named " + tenant + ".properties");
        }
        checkTenant(where, scalars, keys, endpoints, problems);
        return new Report(fileName, tenants, references, problems);
    }

    private static void checkTenant(String where, Map<String, String> scalars, Map<String, Map<String, String>> keys,
            Map<String, Map<String, String>> endpoints, List<String> problems) {
        String inbound = scalars.get("api-keys");
        if (inbound == null || inbound.isEmpty()) {
            problems.add(where + " has no api-keys: no caller could reach it");
        } else if (!ONLY_REFERENCES.matcher(inbound).matches()) {
            problems.add(where + ": api-keys must be ${VAR} references to a Secret, not literal keys");
        }
        for (String positive : List.of("max-attempts", "max-concurrent", "requests-per-minute")) {
            checkPositiveInt(where + ": " + positive, scalars.get(positive), problems);
        }
        if (keys.isEmpty()) {
            problems.add(where + " defines no keys.<key>.*");
        }
        if (endpoints.isEmpty()) {
            problems.add(where + " defines no endpoints.<endpoint>.*");
        }
        Map<String, Protocol> protocols = new TreeMap<>();
        keys.forEach((key, fields) -> checkKey(where + ", key '" + key + "'", fields, problems)
                .ifPresent(p -> protocols.put(key, p)));
        endpoints.forEach((endpoint, fields) ->
                checkEndpoint(where + ", endpoint '" + endpoint + "'", fields, keys, protocols, problems));
    }

    private static Optional<Protocol> checkKey(String where, Map<String, String> fields, List<String> problems) {
        Protocol protocol = null;
        String protocolName = fields.get("protocol");
        if (protocolName == null) {
            problems.add(where + " has no protocol");
        } else {
            try {
                protocol = Protocol.fromConfig(protocolName);
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
        checkBaseUrl(where, fields.get("base-url"), problems);
        String apiKey = fields.get("api-key");
        if (apiKey == null || apiKey.isEmpty()) {
            problems.add(where + " has no api-key");
        } else if (!ONLY_REFERENCES.matcher(apiKey).matches() || apiKey.contains(",")) {
            problems.add(where + ": api-key must be one ${VAR} reference to a Secret, not a literal key");
        }
        if (fields.containsKey("api-version") && protocol != Protocol.AZURE_OPENAI) {
            problems.add(where + ": api-version applies to azure-openai keys only");
        }
        return Optional.ofNullable(protocol);
    }

    private static void checkBaseUrl(String where, String baseUrl, List<String> problems) {
        if (baseUrl == null || baseUrl.isEmpty()) {
            problems.add(where + " has no base-url");
            return;
        }
        try {
            URI uri = new URI(baseUrl);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                problems.add(where + ": base-url '" + baseUrl + "' must be an https URL with a host");
            }
        } catch (URISyntaxException e) {
            problems.add(where + ": base-url '" + baseUrl + "' is not a URL: " + e.getMessage());
        }
    }

    private static void checkEndpoint(String where, Map<String, String> fields, Map<String, Map<String, String>> keys,
            Map<String, Protocol> protocols, List<String> problems) {
        String key = fields.get("key");
        if (key == null || key.isEmpty()) {
            problems.add(where + " has no key");
        } else if (!keys.containsKey(key)) {
            problems.add(where + " uses key '" + key + "', which is not defined (keys: " + keys.keySet() + ")");
        } else if (protocols.get(key) == Protocol.GEMINI && fields.getOrDefault("model", "").isEmpty()) {
            problems.add(where + ": gemini endpoints need a model (the model is part of the Gemini URL)");
        }
        for (String price : List.of("input-price", "output-price")) {
            String value = fields.get(price);
            if (value == null || value.isEmpty()) {
                problems.add(where + " has no " + price + " (routing is price first)");
                continue;
            }
            try {
                if (new BigDecimal(value).signum() < 0) {
                    problems.add(where + ": " + price + " " + value + " is negative");
                }
            } catch (NumberFormatException e) {
                problems.add(where + ": " + price + " '" + value + "' is not a number");
            }
        }
        checkPositiveInt(where + ": breaker.threshold", fields.get("breaker.threshold"), problems);
        String recovery = fields.get("breaker.recovery-timeout");
        if (recovery != null && !DURATION.matcher(recovery).matches()) {
            problems.add(where + ": breaker.recovery-timeout '" + recovery + "' is not a duration (e.g. 60s, PT1M)");
        }
    }

    private static void checkPositiveInt(String what, String value, List<String> problems) {
        if (value == null) {
            return;
        }
        try {
            if (Integer.parseInt(value) < 1) {
                problems.add(what + " must be at least 1, is " + value);
            }
        } catch (NumberFormatException e) {
            problems.add(what + " '" + value + "' is not an integer");
        }
    }

    private static void collectReferences(String fileName, String name, String value, Set<String> references,
            List<String> problems) {
        Matcher m = REFERENCE.matcher(value);
        while (m.find()) {
            if (VARIABLE.matcher(m.group(1)).matches()) {
                references.add(m.group(1));
            } else {
                problems.add(fileName + ": " + name + " references '${" + m.group(1)
                        + "}'; use a plain ${VAR} (no default: a missing secret must fail, not fall back)");
            }
        }
    }
}
