package dev.rowgate.linkdata;

/** A record that was not loaded: where it is and why. */
public record BadLine(String file, long line, String reason) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }
}
