package io.llmrouter.service.docs;

/**
 * One configuration key as the reference table shows it.
 *
 * @param name         full property name, map keys as placeholders ({@code router.tenants.<tenant>.api-keys})
 * @param type         what the value is ({@code duration}, {@code integer}, {@code `vertx` | `rest-client`}, ...)
 * @param defaultValue the default, or a word saying there is none ({@code —} when unset is allowed)
 * @param meaning      the Javadoc of the mapping method, as Markdown text on one line
 */
record ConfigKey(String name, String type, String defaultValue, String meaning) {
}
