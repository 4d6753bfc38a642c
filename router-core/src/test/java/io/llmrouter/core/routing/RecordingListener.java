package io.llmrouter.core.routing;

import io.llmrouter.core.telemetry.CallRecord;
import io.llmrouter.core.telemetry.RouteListener;
import java.util.ArrayList;
import java.util.List;

/** A route listener that keeps what it hears: the finished calls, and each failover as {@code endpoint:reason}. */
final class RecordingListener implements RouteListener {

    final List<CallRecord> calls = new ArrayList<>();
    final List<String> failovers = new ArrayList<>();
    final List<String> refusals = new ArrayList<>();
    final List<String> softLimits = new ArrayList<>();

    @Override
    public void onCall(CallRecord record) {
        calls.add(record);
    }

    @Override
    public void onFailover(String tenant, String fromEndpoint, String reason) {
        failovers.add(fromEndpoint + ":" + reason);
    }

    @Override
    public void onRefusal(String tenant, String keyName, String scope, String reason) {
        refusals.add(keyName + ":" + scope + ":" + reason);
    }

    @Override
    public void onSoftLimit(String tenant, String keyName, boolean downgraded) {
        softLimits.add(keyName + (downgraded ? ":downgraded" : ":soft"));
    }
}
