package io.llmrouter.service.telemetry;

import com.fasterxml.jackson.core.JsonGenerator;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.Usage;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.telemetry.CallRecord;
import io.llmrouter.core.telemetry.RouteListener;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Handler;
import org.jboss.logging.Logger;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.formatters.PatternFormatter;

/**
 * Writes one usage record per finished call (completed, failed or cancelled): a JSON object on one line, logged at
 * INFO in the category {@value #CATEGORY}, which application.properties sends to standard output as bare lines
 * (docs/operations.md, "Usage records", describes every field; the format is stable). Never a key, a prompt or an
 * answer. {@link #keepBareLines} holds the category's handlers to the bare line even when JSON console logs are on
 * (quarkus-logging-json formats every console handler, named ones included), so a record is always one JSON object of
 * its own per line.
 *
 * <p>The calling thread (an event loop) only queues the finished call. A writer thread of its own wakes every
 * {@link #INTERVAL_MILLIS} ms, formats what was queued and logs it as one message of up to {@link #BATCH} lines: one
 * write per batch instead of a thread hand-off and a write per call, which cost more than the routing itself
 * (docs/benchmarks.md, "Tracing and usage records"). The queue is bounded; when the output is stuck and the queue is
 * full, a record is dropped and counted ({@value #DROPPED_METRIC}) rather than make an event loop wait on a pipe.
 */
public final class UsageRecords implements RouteListener, AutoCloseable {

    /** The logger category of usage records. */
    public static final String CATEGORY = "io.llmrouter.usage";
    /** The version of the record's format, written into each record; raised only if a field changes meaning. */
    static final int VERSION = 1;
    /** Records queued at most, about 5 MB of heap when full. */
    static final int CAPACITY = 16_384;
    /** Records written in one log message at most. */
    static final int BATCH = 512;
    /** How often the writer looks for queued records: the longest a record waits before it is written. */
    static final long INTERVAL_MILLIS = 100;
    /** Counts records dropped because the queue was full. */
    static final String DROPPED_METRIC = "router_usage_records_dropped";

    private static final Logger LOG = Logger.getLogger(CATEGORY);

    private final Clock clock;
    private final Runnable onDropped;
    private final BlockingQueue<Finished> queue;
    private final long intervalNanos;
    private final Thread writer;
    private volatile boolean closed;

    /** One finished call and when it ended. */
    private record Finished(CallRecord record, Instant at) {
    }

    /**
     * @param onDropped told of each record dropped because the queue was full (called on the routing thread)
     */
    public UsageRecords(Clock clock, Runnable onDropped) {
        this(clock, onDropped, CAPACITY, INTERVAL_MILLIS);
    }

    UsageRecords(Clock clock, Runnable onDropped, int capacity, long intervalMillis) {
        this.clock = clock;
        this.onDropped = onDropped;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.writer = new Thread(this::writeUntilClosed, "usage-records");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void onCall(CallRecord record) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        if (!queue.offer(new Finished(record, clock.instant()))) {
            onDropped.run();
        }
    }

    /** Writes what is queued and stops the writer. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeUntilClosed() {
        List<Finished> batch = new ArrayList<>(BATCH);
        StringBuilder lines = new StringBuilder(BATCH * 512);
        while (!closed) {
            long until = System.nanoTime() + intervalNanos;
            for (long left; !closed && (left = until - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(this, left);
            }
            writeQueued(batch, lines);
        }
        writeQueued(batch, lines);
    }

    private void writeQueued(List<Finished> batch, StringBuilder lines) {
        while (queue.drainTo(batch, BATCH) > 0) {
            try {
                for (Finished f : batch) {
                    if (!lines.isEmpty()) {
                        lines.append(System.lineSeparator());
                    }
                    lines.append(json(f.record(), f.at()));
                }
                LOG.info(lines.toString());
            } catch (RuntimeException e) {
                // A failing handler must not end the writer: the next batch may go through.
                LOG.debug("usage records not written", e);
            } finally {
                batch.clear();
                lines.setLength(0);
            }
        }
    }

    /**
     * Sets the bare-line format on every handler of the usage category, and on the handlers an asynchronous one
     * writes through (after the logging configuration).
     */
    static void keepBareLines() {
        bareLines(java.util.logging.Logger.getLogger(CATEGORY).getHandlers());
    }

    private static void bareLines(Handler[] handlers) {
        for (Handler handler : handlers) {
            handler.setFormatter(new PatternFormatter("%s%n"));
            if (handler instanceof ExtHandler ext) {
                bareLines(ext.getHandlers());
            }
        }
    }

    /** The record of one call, ended at {@code at}, as one line of JSON. */
    static String json(CallRecord r, Instant at) {
        byte[] bytes = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("timestamp", at.toString());
            g.writeNumberField("version", VERSION);
            g.writeStringField("trace_id", r.traceId());
            g.writeStringField("tenant", r.tenant());
            g.writeStringField("key_name", r.keyName());
            g.writeStringField("client_protocol", r.clientProtocol().configName());
            g.writeStringField("endpoint", r.endpoint());
            g.writeStringField("upstream_protocol", name(r.upstreamProtocol()));
            g.writeStringField("request_model", r.requestModel());
            g.writeStringField("upstream_model", r.upstreamModel());
            g.writeBooleanField("streamed", r.streamed());
            g.writeNumberField("attempts", r.attempts());
            g.writeStringField("outcome", r.outcome());
            g.writeNumberField("status", r.status());
            usage(g, r.usage());
            g.writeNumberField("latency_ms", r.latencyMillis());
            if (r.ttftMillis() >= 0) {
                g.writeNumberField("ttft_ms", r.ttftMillis());
            } else {
                g.writeNullField("ttft_ms");
            }
            g.writeArrayFieldStart("dropped_fields");
            for (String field : r.dropped()) {
                g.writeString(field);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void usage(JsonGenerator g, Usage u) throws IOException {
        if (u == null) {
            for (String field : new String[] {"input_tokens", "cached_input_tokens", "cache_write_tokens",
                                              "output_tokens", "reasoning_tokens", "usage_accurate", "cost_usd"}) {
                g.writeNullField(field);
            }
            return;
        }
        g.writeNumberField("input_tokens", u.inputTokens());
        g.writeNumberField("cached_input_tokens", u.cachedInputTokens());
        g.writeNumberField("cache_write_tokens", u.cacheWriteTokens());
        g.writeNumberField("output_tokens", u.outputTokens());
        g.writeNumberField("reasoning_tokens", u.reasoningTokens());
        g.writeBooleanField("usage_accurate", u.accurate());
        // As x-router-cost-usd writes it: 8 decimals, never in exponent notation.
        g.writeFieldName("cost_usd");
        g.writeNumber(Double.isFinite(u.costUsd())
                ? BigDecimal.valueOf(u.costUsd()).setScale(8, RoundingMode.HALF_UP).toPlainString() : "0");
    }

    private static String name(Protocol protocol) {
        return protocol == null ? null : protocol.configName();
    }
}
