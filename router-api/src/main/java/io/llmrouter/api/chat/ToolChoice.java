package io.llmrouter.api.chat;

/** Whether and which tool the model must call. */
public record ToolChoice(Mode mode, String name) {

    /** Tool choice modes common to the protocols. */
    public enum Mode {
        /** The model decides. */
        AUTO,
        /** No tool calls. */
        NONE,
        /** Some tool must be called. */
        REQUIRED,
        /** The tool named {@link ToolChoice#name()} must be called. */
        NAMED
    }

    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
    public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
    public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

    /** Forces the named tool. */
    public static ToolChoice named(String name) {
        return new ToolChoice(Mode.NAMED, name);
    }
}
