package io.llmrouter.core.routing;

import io.llmrouter.core.telemetry.CallRecord;
import io.llmrouter.core.telemetry.RouteListener;
import java.util.ArrayList;
import java.util.List;

/** A route listener that keeps what it hears: the finished calls, and each failover as {@code endpoint:reason}. */
final class RecordingListener implements RouteListener {

    final List<CallRecord> calls = new ArrayList<>();
    final List<String> failovers = new ArrayList<>();

    @Override
    public void onCall(CallRecord record) {
        calls.add(record);
    }

    @Override
    public void onFailover(String tenant, String fromEndpoint, String reason) {
        failovers.add(fromEndpoint + ":" + reason);
    }
}
