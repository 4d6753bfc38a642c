package io.llmrouter.core.governance;

/**
 * One renewal of a windowed meter's lease: claim up to {@code want} more units of the window, add {@code debt}
 * (units already used past earlier grants) whatever the limit, and record {@code spent}.
 *
 * @param meter       whose counter
 * @param windowStart start of the window, milliseconds since the epoch (stores key the counter by it)
 * @param limit       the window's limit
 * @param want        units asked for; 0 only flushes debt and spent
 * @param debt        units used past what was granted, added to the claimed count without a limit check
 * @param spent       units really used since the last flush (for reporting; never decides anything)
 * @param ttlMillis   how long the counter must outlive this request (the window's end plus a margin)
 */
public record LeaseRequest(MeterKey meter, long windowStart, long limit, long want, long debt, long spent,
                           long ttlMillis) {
}
