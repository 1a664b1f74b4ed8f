package dev.rowgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rowgate.web.Json;
import java.io.PrintStream;

/** Prints a command's result: the JSON form with --json, else the human form. */
final class Output {

    private Output() {}

    static void print(PrintStream out, boolean json, Object jsonValue, String human) {
        if (json) {
            try {
                out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(jsonValue));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write JSON", e);
            }
        } else {
            out.println(human);
        }
    }
}
