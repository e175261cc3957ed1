package io.flowmeter.shared.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.UntypedObjectDeserializer;
import org.jspecify.annotations.Nullable;

import java.io.IOException;

/**
 * Free-form JSON values ({@code Object}, map values) whose numbers must stay numbers: a literal like {@code 1e400}
 * overflows a double, and Jackson would keep it as Infinity and write it back as the string "Infinity".
 */
final class FiniteNumbers extends UntypedObjectDeserializer {

    FiniteNumbers() {
        super((com.fasterxml.jackson.databind.JavaType) null, (com.fasterxml.jackson.databind.JavaType) null);
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext context, @Nullable BeanProperty property) {
        return this; // the base class would swap itself for its "vanilla" twin, which this check would not reach
    }

    @Override
    protected Object _deserializeFP(JsonParser parser, DeserializationContext context) throws IOException {
        Object value = super._deserializeFP(parser, context);
        if (value instanceof Double number && !Double.isFinite(number)) {
            return context.reportInputMismatch(Object.class, "The number %s is out of range", parser.getText());
        }
        return value;
    }
}
