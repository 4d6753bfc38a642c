package io.llmrouter.deployments;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /** Limits and budget: the same names for a tenant and for one of its inbound keys. */
    private static final String GOVERNANCE = "requests-per-minute|tokens-per-minute|max-concurrent"
            + "|budget\\.(?:usd|period|period-anchor|soft-percent|downgrade-max-input-price)";

    /**
     * Every tenant property of docs/configuration.md (TenantFileGrammarTest holds the two together); named groups:
     * tenant, key and keyField (upstream credentials), endpoint and endpointField, inbound and inboundField (named
     * inbound keys). {@code endpoints.<ep>.kind} is the contract's (chat or embeddings).
     */
    static final Pattern PROPERTY = Pattern.compile("router\\.tenants\\.(?<tenant>[^.]+)\\.(?:"
            + "api-keys|max-attempts|trace-content|on-store-failure|conversion\\.strict|" + GOVERNANCE
            + "|keys\\.(?<key>[^.]+)\\.(?<keyField>protocol|base-url|api-key|api-version|forward-headers"
            + "|headers\\..+)"
            + "|endpoints\\.(?<endpoint>[^.]+)\\.(?<endpointField>key|model|models|input-price|output-price"
            + "|cache-read-price|cache-write-price|breaker\\.threshold|breaker\\.recovery-timeout|kind)"
            + "|inbound-keys\\.(?<inbound>[^.]+)\\.(?<inboundField>key|models|expires|" + GOVERNANCE + ")"
            + "|models\\.(?<model>\"[^\"]+\"|[^.\"]+)\\.(?<modelField>display-name|created|version|input-token-limit"
            + "|output-token-limit))");

    /** Names of inbound keys, as the service accepts them ({@code api-keys} is reserved). */
    private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9A-Fa-f]{64}");
    private static final Pattern ONE_REFERENCE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*}");
    /** Budget periods: day, month, or an ISO-8601 duration of days, weeks or time (not months or years). */
    private static final Pattern PERIOD = Pattern.compile("day|month|P(?:\\d+[WD])?(?:T(?:\\d+H)?(?:\\d+M)?(?:\\d+S)?)?",
            Pattern.CASE_INSENSITIVE);

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

        Map<String, Map<String, String>> inbound = new TreeMap<>();
        for (String name : new TreeSet<>(properties.stringPropertyNames())) {
            String value = properties.getProperty(name).trim();
            Matcher m = PROPERTY.matcher(name);
            if (!m.matches()) {
                problems.add(fileName + ": '" + name + "' is not a router tenant property (docs/configuration.md)");
                continue;
            }
            tenants.add(m.group("tenant"));
            if (m.group("key") != null) {
                keys.computeIfAbsent(m.group("key"), k -> new TreeMap<>()).put(m.group("keyField"), value);
            } else if (m.group("endpoint") != null) {
                endpoints.computeIfAbsent(m.group("endpoint"), k -> new TreeMap<>()).put(m.group("endpointField"), value);
            } else if (m.group("inbound") != null) {
                inbound.computeIfAbsent(m.group("inbound"), k -> new TreeMap<>()).put(m.group("inboundField"), value);
            } else {
                scalars.put(name.substring(("router.tenants." + m.group("tenant") + ".").length()), value);
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
        checkTenant(where, scalars, keys, endpoints, inbound, problems);
        return new Report(fileName, tenants, references, problems);
    }

    private static void checkTenant(String where, Map<String, String> scalars, Map<String, Map<String, String>> keys,
            Map<String, Map<String, String>> endpoints, Map<String, Map<String, String>> inbound,
            List<String> problems) {
        String inboundKeys = scalars.get("api-keys");
        if ((inboundKeys == null || inboundKeys.isEmpty()) && inbound.isEmpty()) {
            problems.add(where + " has no api-keys and no inbound-keys: no caller could reach it");
        } else if (inboundKeys != null && !ONLY_REFERENCES.matcher(inboundKeys).matches()) {
            problems.add(where + ": api-keys must be ${VAR} references to a Secret, not literal keys");
        }
        checkPositiveInt(where + ": max-attempts", scalars.get("max-attempts"), problems);
        scalars.forEach((name, value) -> {
            if (name.startsWith("models.") && name.endsWith("-token-limit")) {
                checkPositiveInt(where + ": " + name, value, problems);
            } else if (name.startsWith("models.") && name.endsWith(".created")) {
                try {
                    java.time.Instant.parse(value);
                } catch (java.time.format.DateTimeParseException e) {
                    problems.add(where + ": " + name + " '" + value + "' is not an ISO-8601 instant");
                }
            }
        });
        checkGovernance(where, scalars, problems);
        checkOneOf(where + ": on-store-failure", scalars.get("on-store-failure"), Set.of("fail-open", "fail-closed"),
                problems);
        checkOneOf(where + ": conversion.strict", scalars.get("conversion.strict"), Set.of("true", "false"),
                problems);
        checkOneOf(where + ": trace-content", scalars.get("trace-content"), Set.of("true", "false"), problems);
        inbound.forEach((name, fields) -> checkInboundKey(where + ", inbound key '" + name + "'", name, fields,
                problems));
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

    /** Limits and budget of a tenant or an inbound key, by their names under it. */
    private static void checkGovernance(String where, Map<String, String> fields, List<String> problems) {
        for (String positive : List.of("max-concurrent", "requests-per-minute", "tokens-per-minute")) {
            checkPositiveInt(where + ": " + positive, fields.get(positive), problems);
        }
        String usd = fields.get("budget.usd");
        if (usd != null) {
            BigDecimal amount = number(where + ": budget.usd", usd, problems);
            if (amount != null && (amount.signum() <= 0 || amount.compareTo(BigDecimal.valueOf(1_000_000)) > 0)) {
                problems.add(where + ": budget.usd must be more than 0 and at most 1000000, is " + usd);
            }
        }
        String period = fields.get("budget.period");
        if (period != null && (!PERIOD.matcher(period).matches() || period.equalsIgnoreCase("P")
                || period.equalsIgnoreCase("PT"))) {
            problems.add(where + ": budget.period '" + period + "' is not day, month or a duration such as P7D or PT6H");
        }
        checkInstant(where + ": budget.period-anchor", fields.get("budget.period-anchor"), problems);
        String soft = fields.get("budget.soft-percent");
        if (soft != null) {
            checkPositiveInt(where + ": budget.soft-percent", soft, problems);
            if (soft.matches("\\d+") && Integer.parseInt(soft) > 100) {
                problems.add(where + ": budget.soft-percent must be at most 100, is " + soft);
            }
        }
        String ceiling = fields.get("budget.downgrade-max-input-price");
        if (ceiling != null) {
            BigDecimal price = number(where + ": budget.downgrade-max-input-price", ceiling, problems);
            if (price != null && price.signum() < 0) {
                problems.add(where + ": budget.downgrade-max-input-price " + ceiling + " is negative");
            }
        }
    }

    private static void checkInboundKey(String where, String name, Map<String, String> fields, List<String> problems) {
        if (!KEY_NAME.matcher(name).matches() || name.equals("api-keys")) {
            problems.add(where + ": not a key name (1 to 64 letters, digits, '.', '_' or '-'; 'api-keys' is reserved)");
        }
        String key = fields.get("key");
        if (key == null || key.isEmpty()) {
            problems.add(where + " has no key");
        } else if (!DIGEST.matcher(key).matches() && !ONE_REFERENCE.matcher(key).matches()) {
            problems.add(where + ": key must be sha256:<64 hex digits> or one ${VAR} reference to a Secret, not a "
                    + "literal key");
        }
        checkInstant(where + ": expires", fields.get("expires"), problems);
        checkGovernance(where, fields, problems);
    }

    private static void checkInstant(String what, String value, List<String> problems) {
        if (value == null) {
            return;
        }
        try {
            Instant.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(what + " '" + value + "' is not an ISO-8601 instant such as 2027-01-01T00:00:00Z");
        }
    }

    private static void checkOneOf(String what, String value, Set<String> allowed, List<String> problems) {
        if (value != null && !allowed.contains(value.toLowerCase(Locale.ROOT))) {
            problems.add(what + " '" + value + "' is not one of " + new TreeSet<>(allowed));
        }
    }

    private static BigDecimal number(String what, String value, List<String> problems) {
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            problems.add(what + " '" + value + "' is not a number");
            return null;
        }
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
        for (String price : List.of("input-price", "output-price", "cache-read-price", "cache-write-price")) {
            String value = fields.get(price);
            if (value == null || value.isEmpty()) {
                if (!price.startsWith("cache-")) {
                    problems.add(where + " has no " + price + " (routing is price first)");
                }
                continue;
            }
            BigDecimal amount = number(where + ": " + price, value, problems);
            if (amount != null && amount.signum() < 0) {
                problems.add(where + ": " + price + " " + value + " is negative");
            }
        }
        checkOneOf(where + ": kind", fields.get("kind"), Set.of("chat", "embeddings"), problems);
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
