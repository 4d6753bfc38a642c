package io.llmrouter.service.protocols;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a client understood from one answer, read with its own protocol's rules.
 *
 * @param text         the visible text (thinking excluded), empty when none
 * @param toolName     the first tool call's name, or null
 * @param toolArgs     the first tool call's arguments as JSON, or null
 * @param finish       the finish reason exactly as the protocol spells it
 * @param inputTokens  reported input tokens, or null when absent
 * @param outputTokens reported output tokens, or null when absent
 */
record Answer(String text, String toolName, JsonNode toolArgs, String finish, Integer inputTokens,
              Integer outputTokens) {
}
