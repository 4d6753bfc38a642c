package io.llmrouter.core.wire;

/** Case-insensitive read access to request or response headers, independent of the HTTP library. */
@FunctionalInterface
public interface HeaderLookup {

    /** No headers at all. */
    HeaderLookup NONE = name -> null;

    /** The first value of the header, or null. */
    String get(String name);
}
