package io.strata.template;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * JSON and YAML text as Python's {@code json} and {@code yaml} modules write it ({@code {"a": 1, "b": [1, 2]}},
 * non-ASCII escaped; block-style YAML), and the values they read.
 */
final class JsonAndYaml {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .registerModule(new SimpleModule().addSerializer(Double.class, new PythonFloat()));
    /** json.dumps's separators: {@code ", "} between items, {@code ": "} after keys. */
    private static final ObjectWriter JSON_WRITER = JSON.writer(new PythonSeparators());

    private JsonAndYaml() {
    }

    /** Thrown for a value Python would not serialize; the message says which. */
    static final class NotSerializable extends Exception {
        NotSerializable(String message) {
            super(message);
        }
    }

    /** Thrown for text that is not JSON or not YAML; the message says where. */
    static final class NotParsable extends Exception {
        NotParsable(String message) {
            super(message);
        }
    }

    /** {@code json.dumps(value, sort_keys=...)}; html-safe also escapes {@code < > & '} as Jinja2's tojson filter does. */
    static String json(Object value, boolean sortKeys, boolean htmlSafe) throws NotSerializable {
        String text;
        try {
            text = JSON_WRITER.writeValueAsString(plain(value, sortKeys, "JSON"));
        }
        catch (JsonProcessingException e) {
            throw new NotSerializable(e.getOriginalMessage());
        }
        StringBuilder ascii = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > '~' || htmlSafe && (c == '<' || c == '>' || c == '&' || c == '\'')) {
                ascii.append(String.format("\\u%04x", (int) c));
            }
            else {
                ascii.append(c);
            }
        }
        return ascii.toString();
    }

    /** {@code json.loads(text)}: dicts, lists, str, int, float, bool and None. */
    static Object parseJson(String text) throws NotParsable {
        try {
            return Plain.of(JSON.readValue(text, Object.class));
        }
        catch (JsonProcessingException e) {
            throw new NotParsable(e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        }
    }

    /** {@code yaml.safe_dump(value, sort_keys=...)}: block style, two-space indent, non-ASCII escaped. */
    static String yaml(Object value, boolean sortKeys) throws NotSerializable {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setAllowUnicode(false);
        Yaml yaml = new Yaml(new Representer(options), options);
        return yaml.dump(plain(value, sortKeys, "YAML"));
    }

    /** {@code yaml.safe_load(text)}. */
    static Object parseYaml(String text) throws NotParsable {
        try {
            return Plain.of(new Yaml(new SafeConstructor(new LoaderOptions())).load(text));
        }
        catch (YAMLException e) {
            throw new NotParsable(e.getMessage());
        }
    }

    /** The value as plain maps, lists and scalars; anything else is not serializable, as in Python. */
    private static Object plain(Object value, boolean sortKeys, String format) throws NotSerializable {
        switch (value) {
            case null -> {
                return null;
            }
            case CharSequence text -> {
                return text.toString();
            }
            case Boolean bool -> {
                return bool;
            }
            case Double number -> {
                return number;
            }
            case Float number -> {
                return number.doubleValue();
            }
            case Number number -> {
                return number;
            }
            case Map<?, ?> map -> {
                Map<Object, Object> plain = sortKeys ? new TreeMap<>((a, b) -> String.valueOf(a).compareTo(String.valueOf(b))) : new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    plain.put(plain(entry.getKey(), sortKeys, format), plain(entry.getValue(), sortKeys, format));
                }
                return plain;
            }
            case Set<?> set -> throw new NotSerializable("a set cannot be written as " + format + "; make it a list first");
            case Collection<?> collection -> {
                List<Object> plain = new ArrayList<>(collection.size());
                for (Object item : collection) {
                    plain.add(plain(item, sortKeys, format));
                }
                return plain;
            }
            default -> throw new NotSerializable("a value of type " + PythonValues.typeName(value) + " ("
                    + value + ") cannot be written as " + format);
        }
    }

    /** Floats as Python writes them: {@code 1.0}, {@code 1e+16}. */
    private static final class PythonFloat extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator generator, SerializerProvider serializers) throws IOException {
            if (value.isNaN() || value.isInfinite()) {
                generator.writeNumber(value.isNaN() ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
            }
            else {
                generator.writeNumber(PythonValues.floatRepr(value));
            }
        }
    }

    private static final class PythonSeparators extends MinimalPrettyPrinter {
        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator generator) throws IOException {
            generator.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator generator) throws IOException {
            generator.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator generator) throws IOException {
            generator.writeRaw(", ");
        }
    }
}
