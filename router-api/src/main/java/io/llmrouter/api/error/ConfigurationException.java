package io.llmrouter.api.error;

/** Invalid configuration; the message names the offending property so start-up failures are actionable. */
public class ConfigurationException extends RuntimeException {

    private final String property;

    public ConfigurationException(String property, String problem) {
        super(property + " " + problem);
        this.property = property;
    }

    /** The property (or field) that is wrong. */
    public String property() {
        return property;
    }

    /** The same problem, with the property qualified by its full configuration prefix. */
    public ConfigurationException under(String prefix) {
        return new ConfigurationException(prefix + "." + property, getMessage().substring(property.length() + 1));
    }
}
