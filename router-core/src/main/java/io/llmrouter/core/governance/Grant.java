package io.llmrouter.core.governance;

/**
 * A store's answer to a {@link LeaseRequest} or {@link SlotRequest}.
 *
 * @param granted units granted now (for slots: the change of this replica's holding, negative when given back)
 * @param claimed the counter's value after the request: units claimed in the window by every replica (for slots:
 *                slots held fleet-wide)
 */
public record Grant(long granted, long claimed) {
}
