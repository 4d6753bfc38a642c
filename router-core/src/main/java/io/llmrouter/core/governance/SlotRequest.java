package io.llmrouter.core.governance;

/**
 * A change of the concurrency slots this replica holds: {@code delta > 0} asks for up to that many more (granted as
 * far as {@code max} allows fleet-wide), {@code delta < 0} gives that many back.
 *
 * @param meter whose slots
 * @param delta slots asked for (positive) or given back (negative)
 * @param max   the most slots all replicas together may hold
 */
public record SlotRequest(MeterKey meter, long delta, long max) {
}
