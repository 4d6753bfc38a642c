package io.llmrouter.service.config;

import io.llmrouter.api.EndpointKind;
import java.util.Comparator;
import java.util.Set;

/**
 * One public model of a tenant as the model lists describe it ({@code router.tenants.<t>.models.<model>.*}).
 *
 * @param id               the public model name callers send
 * @param displayName      the name people read; the id when not configured
 * @param createdSeconds   when it was released, seconds since the epoch; 0 when not configured
 * @param version          Gemini's {@code version}; null when not configured
 * @param inputTokenLimit  most input tokens of a call; null when not configured
 * @param outputTokenLimit most tokens of an answer; null when not configured
 * @param kinds            what the tenant's endpoints serve it for, never empty
 */
public record PublicModel(String id, String displayName, long createdSeconds, String version,
                          Integer inputTokenLimit, Integer outputTokenLimit, Set<EndpointKind> kinds) {

    /**
     * The order of the model lists: the newest first, as Anthropic lists, then by name. It depends on the
     * configuration alone, so that every replica pages the same list the same way.
     */
    public static final Comparator<PublicModel> LISTING = Comparator.comparingLong(PublicModel::createdSeconds)
            .reversed().thenComparing(PublicModel::id);

    public PublicModel {
        kinds = Set.copyOf(kinds);
    }
}
