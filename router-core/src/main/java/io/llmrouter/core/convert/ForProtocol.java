package io.llmrouter.core.convert;

import io.llmrouter.api.Protocol;
import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** CDI qualifier selecting the {@link ProtocolCodec} of one protocol. */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface ForProtocol {

    /** The protocol. */
    Protocol value();

    /** Literal for programmatic lookup ({@code Instance.select(ForProtocol.Literal.of(p))}). */
    final class Literal extends AnnotationLiteral<ForProtocol> implements ForProtocol {
        private static final long serialVersionUID = 1L;
        private final Protocol value;

        private Literal(Protocol value) {
            this.value = value;
        }

        public static Literal of(Protocol value) {
            return new Literal(value);
        }

        @Override
        public Protocol value() {
            return value;
        }
    }
}
